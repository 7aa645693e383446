/**
 * Git over HTTPS, refused: what a git user sees when a token may not do what they ask, when a
 * credential is not good at all, and when a URL tries to reach outside the repository root.
 * 403 is "The requested URL returned error: 403"; 401 is "Authentication failed" (git had a
 * credential) or a failed prompt (it had none); unknown or tricky paths are 404 and never reveal
 * anything of another repository.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { basic, DAY_MS } from "../support/test-app.js";
import { type GitApp, startGitApp } from "./git-app.js";
import { createGitSandbox, type GitSandbox, NO_HELPER } from "./git-client.js";

const FORBIDDEN = "The requested URL returned error: 403";

describe.each(testDatabases())("git smart HTTP refusals on $name", (database) => {
  let g: GitApp;
  let sandbox: GitSandbox;
  let work: string;
  let fullAccess: string;
  const minted: string[] = [];

  const mint = async (user: string, org: string, scope: string, days?: number) => {
    const token = await g.t.mintToken(user, { org, scope, days });
    minted.push(token.token);
    return token;
  };
  const push = (token: string, repo = "acme/web/_git/app") =>
    sandbox.git([...NO_HELPER, "push", g.url(repo, token), "main"], { cwd: work });
  const lsRemote = (url: string) => sandbox.git([...NO_HELPER, "ls-remote", url]);

  beforeAll(async () => {
    g = await startGitApp(database);
    sandbox = createGitSandbox();
    work = sandbox.dir("work");
    await sandbox.gitOk(["init", "-q", "-b", "main", work]);
    await sandbox.commit(work, { "a.txt": "a\n" }, "first");
    fullAccess = (await mint("alice", "acme", "app_token")).token;
    const seeded = await push(fullAccess);
    expect(seeded.code, seeded.stderr).toBe(0);
    const secret = await push((await mint("bob", "beta", "vso.code_write")).token, "beta/other/_git/secret");
    expect(secret.code, secret.stderr).toBe(0);
  });
  afterAll(async () => {
    sandbox?.remove();
    await g?.t.close();
  });

  it("refuses a push with a read-only (vso.code) token with 403, though it may clone", async () => {
    const readOnly = (await mint("carol", "acme", "vso.code")).token;
    const pushed = await push(readOnly);
    expect(pushed.code).toBe(128);
    expect(pushed.stderr).toContain(FORBIDDEN);
    expect((await lsRemote(g.url("acme/web/_git/app", readOnly))).code).toBe(0);
  });

  it("refuses a push by a reader even with a full-access token, with 403", async () => {
    const readersFullAccess = (await mint("rita", "acme", "app_token")).token;
    const pushed = await push(readersFullAccess);
    expect(pushed.code).toBe(128);
    expect(pushed.stderr).toContain(FORBIDDEN);
  });

  it("refuses a token without any code scope with 403", async () => {
    const unrelated = (await mint("alice", "acme", "vso.work")).token;
    const listed = await lsRemote(g.url("acme/web/_git/app", unrelated));
    expect(listed.code).toBe(128);
    expect(listed.stderr).toContain(FORBIDDEN);
  });

  it("answers a revoked token with 401: Authentication failed", async () => {
    const token = await mint("alice", "acme", "vso.code");
    expect((await lsRemote(g.url("acme/web/_git/app", token.token))).code).toBe(0);
    await g.t.revokeToken("alice", token.authorizationId);
    const listed = await lsRemote(g.url("acme/web/_git/app", token.token));
    expect(listed.code).toBe(128);
    expect(listed.stderr).toContain("Authentication failed for");
  });

  it("answers a token of another organization with 401, and it works in its own", async () => {
    const betaToken = (await mint("alice", "beta", "vso.code_write")).token;
    const listed = await lsRemote(g.url("acme/web/_git/app", betaToken));
    expect(listed.code).toBe(128);
    expect(listed.stderr).toContain("Authentication failed for");
    expect((await push(betaToken)).stderr).toContain("Authentication failed for");
    expect((await lsRemote(g.url("beta/other/_git/secret", betaToken))).code).toBe(0);
  });

  it("answers a garbled token with 401, and no credential with a prompt git may not show", async () => {
    // The last character replaced by another (never by itself: that would be the real token).
    const garbled = `${fullAccess.slice(0, -1)}${fullAccess.endsWith("x") ? "y" : "x"}`;
    const listed = await lsRemote(g.url("acme/web/_git/app", garbled));
    expect(listed.stderr).toContain("Authentication failed for");
    const anonymous = await lsRemote(g.url("acme/web/_git/app"));
    expect(anonymous.code).toBe(128);
    expect(anonymous.stderr).toContain("terminal prompts disabled");
  });

  it("answers an expired token with 401: Authentication failed", async () => {
    const token = (await mint("alice", "acme", "vso.code", 1)).token;
    expect((await lsRemote(g.url("acme/web/_git/app", token))).code).toBe(0);
    const now = g.t.clock.current;
    g.t.clock.advance(DAY_MS + 1000);
    try {
      const listed = await lsRemote(g.url("acme/web/_git/app", token));
      expect(listed.code).toBe(128);
      expect(listed.stderr).toContain("Authentication failed for");
    } finally {
      g.t.clock.current = now;
    }
  });

  it("answers an unknown repository or project with 404", async () => {
    for (const repo of ["acme/web/_git/nope", "acme/nope/_git/app", "acme/web/_git/secret"]) {
      const listed = await lsRemote(g.url(repo, fullAccess));
      expect(listed.code, repo).toBe(128);
      expect(listed.stderr, repo).toMatch(/repository '.*' not found/);
    }
  });

  it("answers every path trick with 404 and never serves another repository", async () => {
    const betaRepo = await g.repositories.find(await orgIdOf(g, "beta"), "other", "secret");
    if (!betaRepo.ok) throw new Error(betaRepo.message);
    const { orgId, projectId, id } = betaRepo.value.repository;
    const tricks = [
      "/acme/web/_git/..%2F..%2F..%2Fbeta%2Fother%2F_git%2Fsecret",
      "/acme/web/_git/%2e%2e",
      "/acme/web/_git/..",
      "/acme/web/_git/%2e%2e%2fapp",
      "/acme/web/_git/..%2Fapp",
      "/acme/web/_git/app%2F..%2F..%2Fsecret",
      `/acme/web/_git/..%2F..%2F${orgId}%2F${projectId}%2F${id}`,
      `/acme/web/_git/${orgId}%2F${projectId}%2F${id}.git`,
      "/acme/web/_git/%2Fetc%2Fpasswd",
      "/acme/web/_git/%2F",
      "/acme/web/_git//etc",
      "/acme/web/_git/app%00",
      "/acme/web/_git/app%2500",
      "/acme/web/_git/app%5C..%5C..",
      "/acme/..%2F..%2Fbeta%2Fother/_git/secret",
      "/acme/%2e%2e/_git/app",
      "/acme/web%00/_git/app",
      "/acme/web/_git/app/../../../beta/other/_git/secret",
    ];
    for (const trick of tricks) {
      // A NUL in any URL is refused as such (400) before any route looks at it.
      const refused = trick.includes("%00") ? 400 : 404;
      for (const suffix of ["/info/refs?service=git-upload-pack", "/info/refs?service=git-receive-pack"]) {
        const response = await rawGet(g.base, `${trick}${suffix}`, basic(fullAccess).authorization);
        expect(response.status, trick + suffix).toBe(refused);
        expect(response.body, trick).not.toContain("refs/heads");
      }
      const upload = await rawPost(g.base, `${trick}/git-upload-pack`, basic(fullAccess).authorization);
      expect(upload.status, trick).toBe(refused);
    }
    // Git's dumb protocol would read repository files directly; Patina serves none of them.
    for (const file of ["HEAD", "config", "objects/info/packs", "info/refs", "description"]) {
      const response = await rawGet(g.base, `/acme/web/_git/app/${file}`, basic(fullAccess).authorization);
      expect(response.status, file).toBe(file === "info/refs" ? 400 : 404);
      expect(response.body).not.toMatch(/\[core\]|refs\/heads/);
    }
    // Through git itself, which sends the path as given.
    const listed = await lsRemote(
      `${g.base.replace("http://", `http://x:${fullAccess}@`)}/acme/web/_git/..%2F..%2F..%2Fbeta%2Fother%2F_git%2Fsecret`,
    );
    expect(listed.code).toBe(128);
    expect(listed.stderr).toMatch(/not found/);
  });

  it("never writes a token into the logs", () => {
    const logs = g.t.logs.join("\n");
    for (const token of minted) expect(logs).not.toContain(token);
  });
});

async function orgIdOf(g: GitApp, name: string): Promise<string> {
  const row = await g.t.app.services.store.db
    .selectFrom("organizations")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A request with the path sent exactly as written (no normalization of `..` or escapes). */
function rawRequest(
  base: string,
  method: "GET" | "POST",
  path: string,
  authorization: string,
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization };
    if (method === "POST") headers["content-type"] = "application/x-git-upload-pack-request";
    const request = http.request({ hostname, port, method, path, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end(method === "POST" ? "0000" : undefined);
  });
}

const rawGet = (base: string, path: string, authorization: string) => rawRequest(base, "GET", path, authorization);
const rawPost = (base: string, path: string, authorization: string) => rawRequest(base, "POST", path, authorization);
