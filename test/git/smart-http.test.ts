/**
 * Git over HTTPS with the real git client, the ways users authenticate (token in the URL, an
 * extra Authorization header) and the operations they run: push, clone, ls-remote, shallow
 * clone, fetch of a new branch, on protocol v2 and v0. Checks what git reports and what the
 * repositories hold afterwards.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { type GitApp, startGitApp } from "./git-app.js";
import { basicHeader, createGitSandbox, type GitSandbox, NO_HELPER } from "./git-client.js";

describe.each(testDatabases())("git smart HTTP on $name", (database) => {
  let g: GitApp;
  let sandbox: GitSandbox;
  let writer: string;
  let reader: string;
  let work: string;
  let firstCommit: string;
  const minted: string[] = [];

  beforeAll(async () => {
    g = await startGitApp(database);
    sandbox = createGitSandbox();
    writer = (await g.t.mintToken("carol", { org: "acme", scope: "vso.code_write" })).token;
    reader = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
    minted.push(writer, reader);
    work = sandbox.dir("work");
    await sandbox.gitOk(["init", "-q", "-b", "main", work]);
    firstCommit = await sandbox.commit(work, { "README.md": "# app\n", "src/index.js": "export {};\n" }, "first");
  });
  afterAll(async () => {
    sandbox?.remove();
    await g?.t.close();
  });

  it("pushes commits with a vso.code_write token of a contributor", async () => {
    const pushed = await sandbox.git([...NO_HELPER, "push", g.url("acme/web/_git/app", writer), "main"], { cwd: work });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toContain("* [new branch]      main -> main");
    const found = await g.repositories.find((await orgId(g, "acme")) ?? "", "web", "app");
    if (!found.ok) throw new Error(found.message);
    const onDisk = g.repositories.pathOf(found.value.repository);
    const head = await sandbox.gitOk(["--git-dir", onDisk, "rev-parse", "refs/heads/main"]);
    expect(head.stdout.trim()).toBe(firstCommit);
  });

  it("clones with the token in the URL", async () => {
    const dest = sandbox.dir("clone");
    const cloned = await sandbox.git([...NO_HELPER, "clone", g.url("acme/web/_git/app", reader), dest]);
    expect(cloned.code, cloned.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dest, "README.md"), "utf8")).toBe("# app\n");
    expect((await sandbox.gitOk(["rev-parse", "HEAD"], { cwd: dest })).stdout.trim()).toBe(firstCommit);
  });

  it("clones with the token as the user name and an empty password, as Azure DevOps and GitHub users do", async () => {
    const tokenAsUser = new URL(g.url("acme/web/_git/app"));
    tokenAsUser.username = reader;
    // `https://$PAT:@host/…`: git sends Basic base64("$PAT:") without asking for a password.
    const dest = sandbox.dir("token-as-user");
    const cloned = await sandbox.git([...NO_HELPER, "clone", tokenAsUser.toString().replace("@", ":@"), dest]);
    expect(cloned.code, cloned.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dest, "README.md"), "utf8")).toBe("# app\n");
    // `https://$PAT@host/…`: git asks for the password, and an empty answer is what users give.
    const asked = sandbox.dir("token-as-user-asked");
    const prompted = await sandbox.git([...NO_HELPER, "clone", tokenAsUser.toString(), asked], {
      env: { GIT_ASKPASS: "true" },
    });
    expect(prompted.code, prompted.stderr).toBe(0);
    expect(prompted.stderr).not.toContain(reader);
  });

  it("clones with http.extraHeader carrying Basic :PAT, on protocol v2 and v0", async () => {
    for (const version of ["2", "0"]) {
      const dest = sandbox.dir(`extra-header-v${version}`);
      const cloned = await sandbox.git([
        ...NO_HELPER,
        "-c",
        `http.extraHeader=${basicHeader(reader)}`,
        "-c",
        `protocol.version=${version}`,
        "clone",
        g.url("acme/web/_git/app"),
        dest,
      ]);
      expect(cloned.code, cloned.stderr).toBe(0);
      expect(fs.existsSync(path.join(dest, "src/index.js"))).toBe(true);
    }
  });

  it("lists refs with ls-remote, speaking protocol v2 when asked", async () => {
    const listed = await sandbox.git(
      [...NO_HELPER, "-c", "protocol.version=2", "ls-remote", g.url("acme/web/_git/app", reader)],
      { env: { GIT_TRACE_PACKET: "1" } },
    );
    expect(listed.code, listed.stderr).toBe(0);
    // The Git-Protocol header reached git http-backend: the server answered in version 2.
    expect(listed.stderr).toMatch(/git< version 2/);
    expect(listed.stdout).toContain(`${firstCommit}\trefs/heads/main`);
    expect(listed.stdout).toContain(`${firstCommit}\tHEAD`);
  });

  it("pushes a new branch and more commits, which a fetch then brings", async () => {
    const dest = sandbox.dir("fetcher");
    await sandbox.gitOk([...NO_HELPER, "clone", "-q", g.url("acme/web/_git/app", reader), dest]);
    await sandbox.gitOk(["checkout", "-q", "-b", "feature"], { cwd: work });
    const second = await sandbox.commit(work, { "src/feature.js": "export const feature = 1;\n" }, "feature");
    const pushed = await sandbox.git([...NO_HELPER, "push", g.url("acme/web/_git/app", writer), "feature"], {
      cwd: work,
    });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toContain("* [new branch]      feature -> feature");

    const fetched = await sandbox.git([...NO_HELPER, "fetch", "origin"], { cwd: dest });
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stderr).toContain("* [new branch]      feature    -> origin/feature");
    expect((await sandbox.gitOk(["rev-parse", "origin/feature"], { cwd: dest })).stdout.trim()).toBe(second);
    const shown = await sandbox.gitOk(["show", "origin/feature:src/feature.js"], { cwd: dest });
    expect(shown.stdout).toBe("export const feature = 1;\n");
  });

  it("pushes a pack larger than git's post buffer, sent as a chunked stream", async () => {
    await sandbox.gitOk(["checkout", "-q", "-b", "large"], { cwd: work });
    const blob = randomBytes(3 * 1024 * 1024).toString("base64");
    const large = await sandbox.commit(work, { "large.bin": blob }, "large");
    const pushed = await sandbox.git(
      [...NO_HELPER, "-c", "http.postBuffer=65536", "push", g.url("acme/web/_git/app", writer), "large"],
      { cwd: work, env: { GIT_TRACE_CURL: "1", GIT_TRACE_CURL_NO_DATA: "1" } },
    );
    expect(pushed.code, pushed.stderr.slice(-2000)).toBe(0);
    expect(pushed.stderr).toMatch(/Transfer-Encoding: chunked/i);
    const dest = sandbox.dir("large");
    await sandbox.gitOk([...NO_HELPER, "clone", "-q", "--branch", "large", g.url("acme/web/_git/app", reader), dest]);
    expect((await sandbox.gitOk(["rev-parse", "HEAD"], { cwd: dest })).stdout.trim()).toBe(large);
    expect(fs.readFileSync(path.join(dest, "large.bin"), "utf8")).toBe(blob);
  });

  it("clones shallowly with --depth 1", async () => {
    const dest = sandbox.dir("shallow");
    const cloned = await sandbox.git([
      ...NO_HELPER,
      "clone",
      "--depth",
      "1",
      "--branch",
      "feature",
      g.url("acme/web/_git/app", reader),
      dest,
    ]);
    expect(cloned.code, cloned.stderr).toBe(0);
    expect((await sandbox.gitOk(["rev-list", "--count", "HEAD"], { cwd: dest })).stdout.trim()).toBe("1");
    expect(fs.readFileSync(path.join(dest, ".git", "shallow"), "utf8").trim()).toMatch(/^[0-9a-f]{40}$/);
  });

  it("never writes a token into the logs", () => {
    const logs = g.t.logs.join("\n");
    expect(g.t.logs.length).toBeGreaterThan(0);
    for (const token of minted) expect(logs).not.toContain(token);
    // Every transfer above ended cleanly: no 500 and no complaint from git http-backend.
    expect(logs).not.toContain("unhandled error");
    expect(logs).not.toContain("git http-backend reported a problem");
  });
});

async function orgId(g: GitApp, name: string): Promise<string | undefined> {
  const row = await g.t.app.services.store.db
    .selectFrom("organizations")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirst();
  return row?.id;
}
