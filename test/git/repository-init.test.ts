/**
 * `git init` runs outside any database transaction (issue 7, finding 10): while a new
 * repository's `git init` is held, other writes go through (SQLite has one connection), the
 * repository is invisible to list, get and clone, and its name is already taken; a failing init
 * leaves no row and no folder; a pending row left by a crash does not block its name forever.
 * The held and failing inits come from a wrapper `git` put first on the server's PATH.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call } from "../support/test-app.js";
import { type GitApp, startGitApp } from "./git-app.js";
import { waitFor } from "./git-backends.js";
import { createGitSandbox, type GitSandbox, NO_HELPER } from "./git-client.js";

const REPOS = "/acme/web/_apis/git/repositories";

/** The wrapper's control files: `hold` makes `git init --bare` wait for `release`; `fail` makes it fail after creating the folder. */
function installGitWrapper(): { dir: string; file(name: string): string; reset(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-git-wrapper-"));
  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  const file = (name: string) => path.join(dir, name);
  fs.writeFileSync(
    file("git"),
    `#!/bin/sh
if [ "$1" = init ] && [ "$2" = --bare ]; then
  if [ -e '${file("hold")}' ]; then
    touch '${file("started")}'
    while [ ! -e '${file("release")}' ]; do sleep 0.05; done
  fi
  if [ -e '${file("fail")}' ]; then
    '${realGit}' "$@" >/dev/null 2>&1
    echo "simulated failure" >&2
    exit 1
  fi
fi
exec '${realGit}' "$@"
`,
    { mode: 0o755 },
  );
  return {
    dir,
    file,
    reset: () => {
      for (const name of ["hold", "started", "release", "fail"]) fs.rmSync(file(name), { force: true });
    },
  };
}

/** Fails with `what` if `promise` does not settle within a generous bound (liveness, not timing). */
async function settles<T>(promise: Promise<T>, what: string, limitMs = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`never settled: ${what}`)), limitMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each(testDatabases())("git init outside the transaction on $name", (database) => {
  const wrapper = installGitWrapper();
  const originalPath = process.env.PATH;
  let g: GitApp;
  let sandbox: GitSandbox;
  let manager: string;
  let patsManager: string;
  let reader: string;

  beforeAll(async () => {
    // The server runs in this process and builds git's PATH from this process's environment.
    process.env.PATH = `${wrapper.dir}${path.delimiter}${originalPath}`;
    g = await startGitApp(database);
    sandbox = createGitSandbox();
    manager = (await g.t.mintToken("alice", { org: "acme", scope: "vso.code_manage" })).token;
    patsManager = (await g.t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code" })).token;
    reader = (await g.t.mintToken("alice", { org: "acme", scope: "vso.code" })).token;
  });
  afterEach(() => {
    // Never leave an init waiting, whatever a test did.
    fs.writeFileSync(wrapper.file("release"), "");
  });
  afterAll(async () => {
    fs.writeFileSync(wrapper.file("release"), "");
    sandbox?.remove();
    await g?.t.close();
    process.env.PATH = originalPath;
    fs.rmSync(wrapper.dir, { recursive: true, force: true });
  });

  const names = async () =>
    (await call(g.t, "GET", REPOS, { token: reader })).json().value.map((repo: { name: string }) => repo.name);

  it("lets other writes through while git init runs, and hides the pending repository", async () => {
    wrapper.reset();
    fs.writeFileSync(wrapper.file("hold"), "");
    const creating = call(g.t, "POST", REPOS, { token: manager, body: { name: "Held" } });
    await waitFor(() => fs.existsSync(wrapper.file("started")), "git init to start");

    const minted = await settles(
      call(g.t, "POST", "/acme/_apis/tokens/pats", {
        token: patsManager,
        body: { displayName: "while init runs", scope: "vso.code", validTo: new Date(Date.now() + 86_400_000) },
      }),
      "a token create while git init is held",
    );
    expect(minted.statusCode, minted.body).toBe(200);

    expect(await settles(names(), "the repository list")).not.toContain("Held");
    const got = await settles(call(g.t, "GET", `${REPOS}/Held`, { token: reader }), "a get of the pending repository");
    expect(got.statusCode).toBe(404);
    const cloned = await sandbox.git([...NO_HELPER, "ls-remote", g.url("acme/web/_git/Held", reader)]);
    expect(cloned.code).not.toBe(0);
    expect(cloned.stderr).toMatch(/not found/);
    // The name is taken already: a second create of it is a 409 at once, not a wait.
    const duplicate = await settles(
      call(g.t, "POST", REPOS, { token: manager, body: { name: "held" } }),
      "a duplicate create while the first is pending",
    );
    expect(duplicate.statusCode).toBe(409);

    fs.writeFileSync(wrapper.file("release"), "");
    const created = await creating;
    expect(created.statusCode, created.body).toBe(201);
    expect(await names()).toContain("Held");
    const listed = await sandbox.git([...NO_HELPER, "ls-remote", g.url("acme/web/_git/Held", reader)]);
    expect(listed.code, listed.stderr).toBe(0);
  });

  it("leaves no row and no folder when git init fails", async () => {
    wrapper.reset();
    fs.writeFileSync(wrapper.file("fail"), "");
    const projectDir = path.dirname(g.repositories.pathOf((await firstRepository(g)).repository));
    const before = fs.readdirSync(projectDir).sort();

    const failed = await call(g.t, "POST", REPOS, { token: manager, body: { name: "Broken" } });
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain("simulated failure");
    const rows = await g.t.app.services.store.db
      .selectFrom("repositories")
      .select("id")
      .where("nameKey", "=", "broken")
      .execute();
    expect(rows).toEqual([]);
    expect(fs.readdirSync(projectDir).sort()).toEqual(before);

    // The name is free again once git works.
    fs.rmSync(wrapper.file("fail"));
    const retried = await call(g.t, "POST", REPOS, { token: manager, body: { name: "Broken" } });
    expect(retried.statusCode, retried.body).toBe(201);
  });

  it("frees a name held by a pending row that a crash left behind, once it is old enough", async () => {
    const { repository } = await firstRepository(g);
    const leftover = {
      ...repository,
      id: "00000000-0000-4000-8000-000000000001",
      name: "Crashed",
      nameKey: "crashed",
      state: "pending" as const,
      createdAt: g.t.clock.now().toISOString(),
    };
    await g.t.app.services.store.db.insertInto("repositories").values(leftover).execute();
    expect(await names()).not.toContain("Crashed");
    // A fresh pending row may be another instance's init in progress: the name stays taken.
    const early = await call(g.t, "POST", REPOS, { token: manager, body: { name: "Crashed" } });
    expect(early.statusCode).toBe(409);

    g.t.clock.advance(60 * 60 * 1000);
    const created = await call(g.t, "POST", REPOS, { token: manager, body: { name: "Crashed" } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().id).not.toBe(leftover.id);
    const rows = await g.t.app.services.store.db
      .selectFrom("repositories")
      .select(["id", "state"])
      .where("nameKey", "=", "crashed")
      .execute();
    expect(rows).toEqual([{ id: created.json().id, state: "ready" }]);
  });
});

async function firstRepository(g: GitApp) {
  const org = await g.t.app.services.store.db
    .selectFrom("organizations")
    .select("id")
    .where("name", "=", "acme")
    .executeTakeFirstOrThrow();
  const found = await g.repositories.find(org.id, "web", "app");
  if (!found.ok) throw new Error(found.message);
  return found.value;
}
