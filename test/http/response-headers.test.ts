/**
 * Headers every answer needs: `X-Content-Type-Options: nosniff` on every JSON and API response
 * (successes and errors, guarded or anonymous), `Cache-Control: no-store` on every response of
 * the lifecycle API, introspection and forward-auth (they carry token values or token
 * metadata, successes and refusals alike), and a Content-Security-Policy that forbids framing
 * on the API reference at /_apis/docs (the old Swagger UI paths redirect to it or are a 404).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { rawHttp, requestHead } from "../support/raw-http.js";
import { basic, call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";

describe.each(testDatabases())("response headers on $name", (database) => {
  let t: TestApp;
  let manager: string;
  let introspector: string;
  let tokenId: string;

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { admin: true });
    await t.createOrg("acme", "alice");
    await t.createProject("acme", "web");
    manager = (await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.project vso.profile vso.code" }))
      .token;
    introspector = (await t.mintToken("alice", { allOrgs: true, scope: "patina.introspect" })).token;
    tokenId = (await t.mintToken("alice", { org: "acme", scope: "vso.code" })).authorizationId;
  });
  afterAll(async () => t?.close());

  const validTo = () => new Date(t.clock.now().getTime() + 5 * DAY_MS).toISOString();

  it.each([
    ["connectionData", "/_apis/connectionData", true],
    ["the projects list", "/acme/_apis/projects", true],
    ["a project", "/acme/_apis/projects/web", true],
    ["the profile", "/_apis/profile/profiles/me", true],
    ["resource areas", "/_apis/resourceAreas", false],
    ["the OpenAPI document", "/_apis/openapi.json", false],
    ["health", "/healthz", false],
    ["a 401", "/acme/_apis/projects", false],
    ["a 404", "/nowhere", false],
    ["a 400", "/acme/_apis/projects?$top=0", true],
  ])("sends nosniff with %s", async (_name, url, authenticated) => {
    const response = await call(t, "GET", url, { token: authenticated ? manager : undefined });
    // Every answer is JSON but the credential failure, which is one plain-text sentence.
    expect(response.headers["content-type"]).toMatch(response.statusCode === 401 ? /^text\/plain/ : /json/);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("sends nosniff over a real socket too", async () => {
    const url = await t.app.server.listen({ port: 0, host: "127.0.0.1" });
    const response = await rawHttp(
      Number(new URL(url).port),
      requestHead("GET", "/_apis/connectionData?api-version=7.1", basic(manager)),
    );
    expect(response.status).toBe(200);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("sends no-store on every lifecycle answer, success or refusal", async () => {
    const answers = [
      await call(t, "GET", PATS, { token: manager }),
      await call(t, "GET", `${PATS}?authorizationId=${tokenId}`, { token: manager }),
      await call(t, "POST", PATS, {
        token: manager,
        body: { displayName: "n", scope: "vso.code", validTo: validTo() },
      }),
      await call(t, "PUT", PATS, { token: manager, body: { authorizationId: tokenId, displayName: "renamed" } }),
      await call(t, "POST", `${PATS}/regenerate?authorizationId=${tokenId}`, { token: manager }),
      await call(t, "POST", PATS, { token: manager, body: { displayName: "n" } }), // 400
      await call(t, "GET", PATS), // 401
      await call(t, "GET", PATS, { token: manager, apiVersion: "99.0" }), // api-version
      await call(t, "DELETE", `${PATS}?authorizationId=${tokenId}`, { token: manager }), // 204
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 400, 401, 400, 204]);
    for (const answer of answers) expect(answer.headers["cache-control"], answer.body).toBe("no-store");
  });

  it("sends no-store on introspection and forward-auth, answers and refusals", async () => {
    const introspect = (token: string | undefined, body: unknown) =>
      call(t, "POST", "/_apis/patina/introspect", { token, body, apiVersion: null });
    const answers = [
      await introspect(introspector, { token: manager }),
      await introspect(introspector, {}), // 400
      await introspect(undefined, { token: manager }), // 401
      await call(t, "GET", "/_apis/patina/forward-auth", { token: manager, apiVersion: null }), // 400: no original URI
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 400, 401, 400]);
    expect(answers[0]?.json()).toMatchObject({ active: true });
    for (const answer of answers) expect(answer.headers["cache-control"], answer.body).toBe("no-store");
  });

  it("lets ordinary API answers be cached as the client likes", async () => {
    const response = await call(t, "GET", "/acme/_apis/projects", { token: manager });
    expect(response.headers["cache-control"]).toBeUndefined();
  });

  it("forbids framing the API reference", async () => {
    const response = await t.app.server.inject({ url: "/_apis/docs" });
    expect(response.statusCode).toBe(200);
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it.each([
    ["/_apis/docs/", 301, "/_apis/docs"],
    ["/_apis/docs/static/index.html", 301, "/_apis/docs"],
    ["/_apis/docs/json", 301, "/_apis/openapi.json"],
    ["/_apis/docs/static/swagger-ui.css", 404, undefined],
    // The built pages themselves are never served as plain files, without their policy.
    ["/docs.html", 404, undefined],
    ["/index.html", 404, undefined],
  ])("answers the old Swagger UI path or page file %s with %i", async (url, status, location) => {
    const response = await t.app.server.inject({ url });
    expect(response.statusCode).toBe(status);
    expect(response.headers.location).toBe(location);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });
});
