/**
 * `patina credential` as git's credential helper, with the real git and the built binary:
 * a stored token lets git clone a plain URL; erasing it (by hand, or by git itself after a 401)
 * makes the clone fail; the file is readable by its owner only; a token is printed only to
 * `get`; per-path entries pick the longest matching prefix when git sends paths.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { testDatabases } from "../support/databases.js";
import { type GitApp, startGitApp } from "./git-app.js";
import { createGitSandbox, type GitSandbox, NO_HELPER } from "./git-client.js";

const BIN = fileURLToPath(new URL("../../bin/patina.js", import.meta.url));

describe.each(testDatabases())("patina credential with git on $name", (database) => {
  let g: GitApp;
  let sandbox: GitSandbox;
  let credentialsFile: string;
  let reader: string;
  let host: string;
  /** git with only Patina's helper configured, and the credentials file in its environment. */
  const withHelper = (args: readonly string[], input?: string) =>
    sandbox.git([...NO_HELPER, "-c", `credential.helper=!"${process.execPath}" "${BIN}" credential`, ...args], {
      env: { PATINA_CREDENTIALS_FILE: credentialsFile },
      input,
    });
  const helper = (action: string, input: string) =>
    runCli(["credential", action], { PATINA_CREDENTIALS_FILE: credentialsFile }, input);
  const stored = () => (fs.existsSync(credentialsFile) ? fs.readFileSync(credentialsFile, "utf8") : "");

  beforeAll(async () => {
    g = await startGitApp(database);
    sandbox = createGitSandbox();
    credentialsFile = path.join(sandbox.home, ".config", "patina", "credentials.json");
    host = new URL(g.base).host;
    reader = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
    const writer = (await g.t.mintToken("carol", { org: "acme", scope: "vso.code_write" })).token;
    const work = sandbox.dir("work");
    await sandbox.gitOk(["init", "-q", "-b", "main", work]);
    await sandbox.commit(work, { "hello.txt": "hello\n" }, "first");
    await sandbox.gitOk([...NO_HELPER, "push", "-q", g.url("acme/web/_git/app", writer), "main"], { cwd: work });
  });
  afterAll(async () => {
    sandbox?.remove();
    await g?.t.close();
  });

  it("stores a token through git credential approve, in a file only its owner can read", async () => {
    const approved = await withHelper(
      ["credential", "approve"],
      `protocol=http\nhost=${host}\nusername=anything\npassword=${reader}\n\n`,
    );
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout + approved.stderr).not.toContain(reader);
    expect(fs.statSync(credentialsFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(credentialsFile)).mode & 0o777).toBe(0o700);
    expect(stored()).toContain(reader);
  });

  it("lets git clone and fetch a plain URL with the stored token", async () => {
    const dest = sandbox.dir("clone");
    const cloned = await withHelper(["clone", g.url("acme/web/_git/app"), dest]);
    expect(cloned.code, cloned.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dest, "hello.txt"), "utf8")).toBe("hello\n");
    expect(cloned.stderr).not.toContain(reader);
  });

  it("answers get with the token, and prints nothing on store or erase", async () => {
    const got = await helper("get", `protocol=http\nhost=${host}\n\n`);
    expect(got.code).toBe(0);
    expect(got.stdout).toBe(`username=anything\npassword=${reader}\n`);
    const other = await helper("get", "protocol=http\nhost=elsewhere.example:80\n\n");
    expect(other.stdout).toBe("");
    const ignored = await helper("frobnicate", `protocol=http\nhost=${host}\n\n`);
    expect(ignored).toMatchObject({ code: 0, stdout: "", stderr: "" });
  });

  it("picks the longest matching path prefix when git sends paths (credential.useHttpPath)", async () => {
    const acme = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
    const wrong = (await g.t.mintToken("rita", { org: "acme", scope: "vso.work" })).token;
    for (const [entryPath, token] of [
      ["acme", acme],
      ["acme/web/_git/other", wrong],
      ["acmecorp", wrong],
    ] as const) {
      const result = await helper(
        "store",
        `protocol=http\nhost=${host}\npath=${entryPath}\nusername=u\npassword=${token}\n`,
      );
      expect(result).toMatchObject({ code: 0, stdout: "" });
    }
    const got = await helper("get", `protocol=http\nhost=${host}\npath=acme/web/_git/app\n\n`);
    expect(got.stdout).toBe(`username=u\npassword=${acme}\n`);
    const dest = sandbox.dir("by-path");
    const cloned = await withHelper(["-c", "credential.useHttpPath=true", "clone", g.url("acme/web/_git/app"), dest]);
    expect(cloned.code, cloned.stderr).toBe(0);
    // Without paths, git asks for the host, and only the host-wide entry answers.
    expect((await helper("get", `protocol=http\nhost=${host}\n`)).stdout).toBe(
      `username=anything\npassword=${reader}\n`,
    );
  });

  it("says which file is damaged, without printing its contents", async () => {
    const damaged = path.join(sandbox.home, "damaged.json");
    fs.writeFileSync(damaged, `{"credentials": [${JSON.stringify(reader)}`, { mode: 0o600 });
    const got = await runCli(
      ["credential", "get"],
      { PATINA_CREDENTIALS_FILE: damaged },
      `protocol=http\nhost=${host}\n`,
    );
    expect(got.code).toBe(1);
    expect(got.stderr).toBe(`patina: cannot read ${damaged}: not valid JSON\n`);
    expect(got.stdout).toBe("");
  });

  it("erases through git credential reject; the clone then fails", async () => {
    const rejected = await withHelper(["credential", "reject"], `protocol=http\nhost=${host}\nusername=anything\n\n`);
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(stored()).not.toContain(reader);
    expect(fs.statSync(credentialsFile).mode & 0o777).toBe(0o600);
    const dest = sandbox.dir("no-token");
    const cloned = await withHelper(["clone", g.url("acme/web/_git/app"), dest]);
    expect(cloned.code).toBe(128);
    expect(cloned.stderr).toContain("terminal prompts disabled");
    expect(fs.existsSync(path.join(dest, "hello.txt"))).toBe(false);
  });

  it("is told by git to erase a token the server rejects", async () => {
    const revoked = await g.t.mintToken("rita", { org: "acme", scope: "vso.code" });
    await g.t.revokeToken("rita", revoked.authorizationId);
    await helper("store", `protocol=http\nhost=${host}\nusername=anything\npassword=${revoked.token}\n`);
    expect(stored()).toContain(revoked.token);
    const cloned = await withHelper(["clone", g.url("acme/web/_git/app"), sandbox.dir("revoked")]);
    expect(cloned.code).toBe(128);
    expect(cloned.stderr).toContain("Authentication failed for");
    expect(stored()).not.toContain(revoked.token);
  });
});
