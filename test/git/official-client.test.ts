/**
 * Microsoft's `azure-devops-node-api` against the repositories API: the client discovers the
 * Git area and its repositories location (225f7195-…) through resourceAreas and OPTIONS, then
 * calls the routes, exactly as it does against Azure DevOps.
 */
import { getPersonalAccessTokenHandler, WebApi } from "azure-devops-node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { type GitApp, startGitApp } from "./git-app.js";

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
});
