/** `GET /{org}/_apis/projects` and `GET /{org}/_apis/projects/{projectId}`: vso.project and role reader. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectCredentialFailure } from "../support/credential-failure.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";

const PUBLIC_URL = "https://patina.example.com";

describe.each(testDatabases())("projects on $name", (database) => {
  let t: TestApp;
  let token: string;
  let apolloId: string;
  let hiddenId: string;
  const names = (body: { value: { name: string }[] }) => body.value.map((p) => p.name);

  beforeAll(async () => {
    t = await startTestApp(database, { PATINA_PUBLIC_URL: PUBLIC_URL });
    await t.createUser("alice");
    await t.createUser("bob");
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "bob");
    await t.addMember("acme", "bob", "reader");
    await t.createProject("acme", "Zephyr");
    apolloId = await t.createProject("acme", "Apollo");
    await t.createProject("acme", "Mercury");
    hiddenId = await t.createProject("beta", "Hidden");
    token = (await t.mintToken("bob", { org: "acme", scope: "vso.project" })).token;
  });
  afterAll(async () => t?.close());

  it("lists a reader's organization's projects as TeamProjectReferences, by name", async () => {
    const response = await call(t, "GET", "/acme/_apis/projects", { token });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.count).toBe(3);
    expect(names(body)).toEqual(["Apollo", "Mercury", "Zephyr"]);
    expect(body.value[0]).toEqual({
      id: apolloId,
      name: "Apollo",
      description: "",
      url: `${PUBLIC_URL}/acme/_apis/projects/${apolloId}`,
      state: "wellFormed",
      revision: 1,
      visibility: "private",
      lastUpdateTime: t.clock.now().toISOString(),
    });
    expect(response.headers["x-ms-continuationtoken"]).toBeUndefined();
  });

  it("pages with $top, $skip and the continuation token", async () => {
    const first = await call(t, "GET", "/acme/_apis/projects?$top=2", { token });
    expect(names(first.json())).toEqual(["Apollo", "Mercury"]);
    expect(first.headers["x-ms-continuationtoken"]).toBe("2");
    const next = await call(t, "GET", "/acme/_apis/projects?$top=2&continuationToken=2", { token });
    expect(names(next.json())).toEqual(["Zephyr"]);
    expect(next.headers["x-ms-continuationtoken"]).toBeUndefined();
    const skipped = await call(t, "GET", "/acme/_apis/projects?$skip=1&$top=1", { token });
    expect(names(skipped.json())).toEqual(["Mercury"]);
  });

  it("filters by state the way Azure DevOps does, case-insensitively", async () => {
    expect(names((await call(t, "GET", "/acme/_apis/projects?stateFilter=all", { token })).json())).toHaveLength(3);
    expect(names((await call(t, "GET", "/acme/_apis/projects?stateFilter=WellFormed", { token })).json())).toHaveLength(
      3,
    );
    expect((await call(t, "GET", "/acme/_apis/projects?stateFilter=deleted", { token })).json()).toEqual({
      count: 0,
      value: [],
    });
    const bogus = await call(t, "GET", "/acme/_apis/projects?stateFilter=bogus", { token });
    expect(bogus.statusCode).toBe(400);
    expect(bogus.json()).toMatchObject({ $id: "1", typeKey: "InvalidArgumentValueException", eventId: 3000 });
  });

  it.each(["$top=0", "$top=abc", "$top=1.5", "$skip=-1", "continuationToken=x"])(
    "answers 400 with the Azure DevOps error body for %s",
    async (query) => {
      const response = await call(t, "GET", `/acme/_apis/projects?${query}`, { token });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ $id: "1", innerException: null, errorCode: 0, eventId: 3000 });
      expect(response.json().message).toMatch(/\$top|\$skip|continuationToken/);
    },
  );

  it("gets a project by id or by name in any case, as a TeamProject", async () => {
    const byName = await call(t, "GET", "/acme/_apis/projects/aPoLLo", { token });
    expect(byName.statusCode).toBe(200);
    expect(byName.json()).toMatchObject({
      id: apolloId,
      name: "Apollo",
      state: "wellFormed",
      _links: { self: { href: `${PUBLIC_URL}/acme/_apis/projects/${apolloId}` } },
    });
    expect(byName.json().capabilities).toBeUndefined();
    const byId = await call(t, "GET", `/acme/_apis/projects/${apolloId}?includeCapabilities=true`, { token });
    expect(byId.json().name).toBe("Apollo");
    expect(byId.json().capabilities.versioncontrol.sourceControlType).toBe("Git");
  });

  it("answers 404 projectNotFound for an unknown project, and for another organization's", async () => {
    for (const project of ["Nope", hiddenId, "Hidden"]) {
      const response = await call(t, "GET", `/acme/_apis/projects/${project}`, { token });
      expect(response.statusCode, project).toBe(404);
      expect(response.json()).toMatchObject({
        $id: "1",
        typeKey: "ProjectDoesNotExistWithNameException",
        typeName: expect.stringContaining("Microsoft.TeamFoundation.Core.WebApi"),
        message: expect.stringContaining(`TF200016: The following project does not exist: ${project}`),
      });
    }
  });

  it("answers 403 for a token without vso.project", async () => {
    const profileOnly = (await t.mintToken("bob", { org: "acme", scope: "vso.profile vso.code" })).token;
    for (const path of ["/acme/_apis/projects", "/acme/_apis/projects/Apollo"]) {
      const response = await call(t, "GET", path, { token: profileOnly });
      expect(response.statusCode, path).toBe(403);
      expect(response.json()).toMatchObject({ typeKey: "UnauthorizedRequestException", eventId: 3000 });
    }
  });

  it("answers 401 without a token, and for an organization the token does not target", async () => {
    const none = await call(t, "GET", "/acme/_apis/projects");
    expectCredentialFailure(none, "no token");
    const wrongOrg = await call(t, "GET", "/beta/_apis/projects", { token });
    expectCredentialFailure(wrongOrg, "another organization");
  });

  it("takes the api-version from the Accept header as the official client sends it", async () => {
    const accept = (version: string) => ({
      apiVersion: null,
      headers: { accept: `application/json;api-version=${version}` },
    });
    expect((await call(t, "GET", "/acme/_apis/projects", { token, ...accept("7.2-preview.4") })).statusCode).toBe(200);
    const unknown = await call(t, "GET", "/acme/_apis/projects", { token, ...accept("9.1") });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ typeKey: "VssVersionOutOfRangeException" });
  });
});
