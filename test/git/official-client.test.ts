/**
 * Microsoft's `azure-devops-node-api` against the repositories API: the client discovers the
 * Git area and its repositories (225f7195-…) and refs (2d874a60-…) locations through
 * resourceAreas and OPTIONS, then calls the routes, exactly as it does against Azure DevOps.
 */
import { getPersonalAccessTokenHandler, WebApi } from "azure-devops-node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { type GitApp, startGitApp } from "./git-app.js";
import { createGitSandbox, NO_HELPER } from "./git-client.js";

describe.each(testDatabases())("the official client's GitApi on $name", (database) => {
  let g: GitApp;
  const client = async (token: string) =>
    new WebApi(`${g.base}/acme`, getPersonalAccessTokenHandler(token)).getGitApi();

  beforeAll(async () => {
    g = await startGitApp(database);
  });
  afterAll(async () => g?.t.close());

  it("getRepositories('web') lists the project's repositories", async () => {
    const token = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
    const repositories = await (await client(token)).getRepositories("web");
    expect(repositories.map((r) => r.name)).toEqual(["app"]);
    const [app] = repositories;
    expect(app?.remoteUrl).toBe(`${g.base}/acme/web/_git/app`);
    expect(app?.project?.name).toBe("web");
    expect(app?.defaultBranch).toBe("refs/heads/main");
    // The client turns the project's lastUpdateTime into a Date, as it does for Azure DevOps.
    expect(app?.project?.lastUpdateTime).toBeInstanceOf(Date);
  });

  it("createRepository() and getRepository() round-trip, and a reader cannot create", async () => {
    const admin = (await g.t.mintToken("alice", { org: "acme", scope: "vso.code_manage" })).token;
    const git = await client(admin);
    const created = await git.createRepository({ name: "tools" }, "web");
    expect(created.name).toBe("tools");
    const fetched = await git.getRepository("tools", "web");
    expect(fetched.id).toBe(created.id);
    expect((await git.getRepositories()).map((r) => r.name)).toEqual(["app", "tools"]);

    const readerToken = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code_manage" })).token;
    const refused = await (await client(readerToken)).createRepository({ name: "x" }, "web").catch((e: unknown) => e);
    expect((refused as { statusCode?: number }).statusCode).toBe(403);
  });

  it("updateRepository() renames, deleteRepository() deletes for good, and getRepository() then finds nothing", async () => {
    const admin = (await g.t.mintToken("alice", { org: "acme", scope: "vso.code_manage" })).token;
    const git = await client(admin);
    const created = await git.createRepository({ name: "scratch" }, "web");
    const id = created.id ?? "";
    const renamed = await git.updateRepository({ name: "scratched" }, id, "web");
    expect(renamed).toMatchObject({
      id,
      name: "scratched",
      remoteUrl: `${g.base}/acme/web/_git/scratched`,
      isFork: false,
    });
    expect((await git.getRepository(id, "web"))?.name).toBe("scratched");

    // The client resolves a 204 (and a 404) to null: only a read afterwards tells them apart.
    expect(await git.deleteRepository(id, "web")).toBeNull();
    expect(await git.getRepository(id, "web")).toBeNull();
    expect((await git.getRepositories("web")).map((r) => r.name)).not.toContain("scratched");
    // Without a project the client uses the organization-wide route.
    const other = await git.createRepository({ name: "scratch-too" }, "web");
    await git.deleteRepository(other.id ?? "");
    expect(await git.getRepository(other.id ?? "")).toBeNull();
  });

  it("getRefs() lists the branches a real push created, filtered as asked", async () => {
    const sandbox = createGitSandbox();
    try {
      const writer = (await g.t.mintToken("carol", { org: "acme", scope: "vso.code_write" })).token;
      const work = sandbox.dir("work");
      await sandbox.gitOk(["init", "-q", "-b", "main", work]);
      const commit = await sandbox.commit(work, { "a.txt": "a\n" }, "first");
      await sandbox.gitOk(["branch", "topic"], { cwd: work });
      await sandbox.gitOk([...NO_HELPER, "push", g.url("acme/web/_git/app", writer), "main", "topic"], { cwd: work });

      const reader = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
      const git = await client(reader);
      const refs = await git.getRefs("app", "web");
      expect(refs.map((r) => [r.name, r.objectId])).toEqual([
        ["refs/heads/main", commit],
        ["refs/heads/topic", commit],
      ]);
      expect((await git.getRefs("app", "web", "heads/to")).map((r) => r.name)).toEqual(["refs/heads/topic"]);
      const id = (await git.getRepository("app", "web")).id ?? "";
      expect(
        (await git.getRefs(id, undefined, undefined, false, false, false, false, false, "MAI")).map((r) => r.name),
      ).toEqual(["refs/heads/main"]);
    } finally {
      sandbox.remove();
    }
  });
});
