/**
 * The Git area's repositories REST API: create (201, 409 for a duplicate, 400 for a bad name,
 * 403 without vso.code_manage or the admin role), list and get in Azure DevOps' shapes, and a
 * created repository really is an empty bare repository that git can push to.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call } from "../support/test-app.js";
import { type GitApp, startGitApp } from "./git-app.js";

const REPOS = "/acme/web/_apis/git/repositories";

describe.each(testDatabases())("the repositories API on $name", (database) => {
  let g: GitApp;
  let manager: string;
  let reader: string;
  let projectId: string;

  beforeAll(async () => {
    g = await startGitApp(database);
    manager = (await g.t.mintToken("alice", { org: "acme", scope: "vso.code_manage" })).token;
    reader = (await g.t.mintToken("rita", { org: "acme", scope: "vso.code" })).token;
    const project = await call(g.t, "GET", "/acme/_apis/projects/web", {
      token: (await g.t.mintToken("alice", { org: "acme", scope: "vso.project" })).token,
    });
    projectId = project.json().id;
  });
  afterAll(async () => g?.t.close());

  it("creates a repository: 201 with a GitRepository, and an empty bare repository on disk", async () => {
    const response = await call(g.t, "POST", REPOS, { token: manager, body: { name: "Site" } });
    expect(response.statusCode, response.body).toBe(201);
    const repo = response.json();
    expect(repo).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Site",
      url: `${g.base}/acme/${projectId}/_apis/git/repositories/${repo.id}`,
      project: expect.objectContaining({ id: projectId, name: "web", state: "wellFormed", visibility: "private" }),
      defaultBranch: "refs/heads/main",
      size: expect.any(Number),
      remoteUrl: `${g.base}/acme/web/_git/Site`,
      webUrl: `${g.base}/acme/web/_git/Site`,
      isDisabled: false,
      isInMaintenance: false,
      isFork: false,
    });
    const found = await g.repositories.find(await acmeId(g), "web", "site");
    if (!found.ok) throw new Error(found.message);
    const dir = g.repositories.pathOf(found.value.repository);
    expect(dir.startsWith(path.join(g.t.dataDir, "repos"))).toBe(true);
    expect(fs.readFileSync(path.join(dir, "HEAD"), "utf8").trim()).toBe("ref: refs/heads/main");
    expect(fs.readFileSync(path.join(dir, "config"), "utf8")).toMatch(/bare = true/);
    // Ids, never names, make up the path.
    expect(path.relative(path.join(g.t.dataDir, "repos"), dir)).not.toContain("Site");
  });

  it("records the creation in the audit log", async () => {
    const events = await g.t.app.services.store.db
      .selectFrom("auditEvents")
      .selectAll()
      .where("eventType", "=", "Git.RepositoryCreateEvent")
      .execute();
    expect(events.map((e) => JSON.parse(e.details).name)).toContain("Site");
    expect(events.find((e) => e.actorName === "alice")).toBeDefined();
  });

  it("refuses a duplicate name, whatever its case, with 409", async () => {
    for (const name of ["Site", "site", "app", " APP "]) {
      const response = await call(g.t, "POST", REPOS, { token: manager, body: { name } });
      expect(response.statusCode, name).toBe(409);
      expect(response.json()).toMatchObject({ typeKey: "VssResourceAlreadyExistsException" });
    }
  });

  it("refuses names Azure DevOps refuses with 400", async () => {
    const bad = ["", "  ", "..", "a..b", "a/b", "a\\b", "_hidden", ".dot", "dot.", "x".repeat(65), "a\u0001b", "CON"];
    for (const name of [...bad, "a:b", "a?b", "a#b", "a%2Fb", "a[b]"]) {
      const response = await call(g.t, "POST", REPOS, { token: manager, body: { name } });
      expect(response.statusCode, JSON.stringify(name)).toBe(400);
      expect(response.json()).toMatchObject({ $id: "1", eventId: 3000 });
    }
    const missing = await call(g.t, "POST", REPOS, { token: manager, body: {} });
    expect(missing.statusCode).toBe(400);
    const fork = await call(g.t, "POST", REPOS, { token: manager, body: { name: "f", parentRepository: {} } });
    expect(fork.statusCode).toBe(400);
    const unversioned = await call(g.t, "POST", REPOS, { token: manager, body: { name: "v" }, apiVersion: null });
    expect(unversioned.statusCode).toBe(400);
  });

  it("accepts the longest and the unusual names Azure DevOps accepts", async () => {
    for (const name of ["x".repeat(64), "with space", "dots.in.middle", "ünïcödé", "a-b_c"]) {
      const response = await call(g.t, "POST", REPOS, { token: manager, body: { name } });
      expect(response.statusCode, name).toBe(201);
      expect(response.json().name).toBe(name);
    }
  });

  it("refuses creation without vso.code_manage, or by a non-admin, with 403", async () => {
    const writer = (await g.t.mintToken("alice", { org: "acme", scope: "vso.code_write" })).token;
    const contributor = (await g.t.mintToken("carol", { org: "acme", scope: "vso.code_manage" })).token;
    const fullAccessReader = (await g.t.mintToken("rita", { org: "acme", scope: "app_token" })).token;
    for (const token of [writer, contributor, fullAccessReader, reader]) {
      const response = await call(g.t, "POST", REPOS, { token, body: { name: "nope" } });
      expect(response.statusCode).toBe(403);
    }
  });

  it("answers an unknown project with 404", async () => {
    const response = await call(g.t, "POST", "/acme/nope/_apis/git/repositories", {
      token: manager,
      body: { name: "x" },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ typeKey: "ProjectDoesNotExistWithNameException" });
    expect((await call(g.t, "GET", "/acme/nope/_apis/git/repositories", { token: reader })).statusCode).toBe(404);
  });

  it("lists a project's repositories for a reader, by name", async () => {
    const response = await call(g.t, "GET", REPOS, { token: reader });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.count).toBe(body.value.length);
    expect(body.value.map((r: { name: string }) => r.name)).toEqual([
      "a-b_c",
      "app",
      "dots.in.middle",
      "Site",
      "with space",
      "x".repeat(64),
      "ünïcödé",
    ]);
    expect(body.value[1]).toMatchObject({ name: "app", remoteUrl: `${g.base}/acme/web/_git/app` });
    const byId = await call(g.t, "GET", `/acme/${projectId}/_apis/git/repositories`, { token: reader });
    expect(byId.json().count).toBe(body.count);
  });

  it("lists every repository of the organization without a project, and never another organization's", async () => {
    const response = await call(g.t, "GET", "/acme/_apis/git/repositories", { token: reader });
    expect(response.statusCode).toBe(200);
    const names = response.json().value.map((r: { name: string }) => r.name);
    expect(names).toContain("app");
    expect(names).not.toContain("secret");
  });

  it("gets one repository by name or id, with links when asked", async () => {
    const byName = await call(g.t, "GET", `${REPOS}/APP?includeLinks=true`, { token: reader });
    expect(byName.statusCode).toBe(200);
    const repo = byName.json();
    expect(repo._links).toEqual({
      self: { href: repo.url },
      project: { href: `${g.base}/acme/_apis/projects/${projectId}` },
      web: { href: `${g.base}/acme/web/_git/app` },
    });
    const byId = await call(g.t, "GET", `${REPOS}/${repo.id}`, { token: reader });
    expect(byId.json().name).toBe("app");
    const orgWide = await call(g.t, "GET", `/acme/_apis/git/repositories/${repo.id}`, { token: reader });
    expect(orgWide.json().name).toBe("app");
    for (const missing of [
      `${REPOS}/nope`,
      `${REPOS}/secret`,
      `${REPOS}/..%2F..`,
      "/acme/_apis/git/repositories/app",
    ]) {
      const response = await call(g.t, "GET", missing, { token: reader });
      expect(response.statusCode, missing).toBe(404);
    }
  });

  it("refuses reading without a code scope with 403", async () => {
    const unrelated = (await g.t.mintToken("alice", { org: "acme", scope: "vso.project" })).token;
    expect((await call(g.t, "GET", REPOS, { token: unrelated })).statusCode).toBe(403);
  });
});

async function acmeId(g: GitApp): Promise<string> {
  const row = await g.t.app.services.store.db
    .selectFrom("organizations")
    .select("id")
    .where("name", "=", "acme")
    .executeTakeFirstOrThrow();
  return row.id;
}
