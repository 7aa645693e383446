import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { basic, call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const TOKEN_FORMAT = /^patina_[0-9A-Za-z]{49}$/;

describe.each(testDatabases())("creating tokens on $name", (database) => {
  let t: TestApp;
  let manager: string;
  const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY_MS).toISOString();

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createUser("bob");
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "alice");
    await t.createProject("acme", "web");
    // Global and Full access, so that its own authority (test/tokens/authority.test.ts) is no bound here.
    manager = (await t.mintToken("alice", { allOrgs: true, scope: "app_token vso.pats_manage" })).token;
  });
  afterAll(async () => t?.close());

  it("returns the token once, in the Azure DevOps PatTokenResult shape", async () => {
    const validTo = inDays(30);
    const response = await call(t, "POST", "/acme/_apis/tokens/pats", {
      token: manager,
      body: { displayName: "  ci  ", scope: "vso.code vso.project", validTo, allOrgs: false },
    });
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result.patTokenError).toBe("none");
    const pat = result.patToken;
    expect(pat.token).toMatch(TOKEN_FORMAT);
    expect(pat).toMatchObject({ displayName: "ci", scope: "vso.code vso.project", validTo, status: "active" });
    expect(pat.targetAccounts).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(pat.tokenHint).toBe(`${pat.token.slice(0, 11)}…`);

    const fetched = await call(t, "GET", `/acme/_apis/tokens/pats?authorizationId=${pat.authorizationId}`, {
      token: manager,
    });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json().patToken.token).toBeNull();
    expect(fetched.body).not.toContain(pat.token);
  });

  it("makes a token that works only within its scope and organization", async () => {
    const created = await call(t, "POST", "/acme/_apis/tokens/pats", {
      token: manager,
      body: { displayName: "reader", scope: "vso.pats", validTo: inDays(7) },
    });
    const pat = created.json().patToken.token as string;
    expect((await call(t, "GET", "/acme/_apis/tokens/pats", { token: pat })).statusCode).toBe(200);
    const write = await call(t, "POST", "/acme/_apis/tokens/pats", {
      token: pat,
      body: { displayName: "x", scope: "vso.code", validTo: inDays(7) },
    });
    expect(write.statusCode).toBe(403);
    expect((await call(t, "GET", "/beta/_apis/tokens/pats", { token: pat })).statusCode).toBe(401);
  });

  it("accepts Bearer and Basic with any user name", async () => {
    const bearer = await t.app.server.inject({
      url: "/acme/_apis/tokens/pats?api-version=7.1",
      headers: { authorization: `Bearer ${manager}` },
    });
    expect(bearer.statusCode).toBe(200);
    const named = await t.app.server.inject({
      url: "/acme/_apis/tokens/pats?api-version=7.1",
      headers: basic(manager, "anything"),
    });
    expect(named.statusCode).toBe(200);
  });

  it("creates a global token that works in every organization of the owner", async () => {
    const created = await call(t, "POST", "/acme/_apis/tokens/pats", {
      token: manager,
      body: { displayName: "everywhere", scope: "vso.pats", validTo: inDays(7), allOrgs: true },
    });
    expect(created.statusCode).toBe(200);
    const pat = created.json().patToken;
    expect(pat.targetAccounts).toBeNull();
    expect((await call(t, "GET", "/acme/_apis/tokens/pats", { token: pat.token })).statusCode).toBe(200);
    expect((await call(t, "GET", "/beta/_apis/tokens/pats", { token: pat.token })).statusCode).toBe(200);
  });

  it("clamps validTo to one year and says so in the response", async () => {
    const response = await call(t, "POST", "/acme/_apis/tokens/pats", {
      token: manager,
      body: { displayName: "long", scope: "vso.code", validTo: inDays(900) },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().patToken.validTo).toBe(inDays(365));
  });

  it("does not let a member use an organization's API with a full-access token for pats", async () => {
    const full = await t.mintToken("alice", { org: "acme", scope: "app_token" });
    const response = await call(t, "GET", "/acme/_apis/tokens/pats", { token: full.token });
    expect(response.statusCode).toBe(403);
  });

  it("refuses a user who is not a member of the organization", async () => {
    await t.addMember("beta", "bob", "reader");
    const bobs = await t.mintToken("bob", { allOrgs: true, scope: "vso.pats_manage" });
    const response = await call(t, "POST", "/acme/_apis/tokens/pats", {
      token: bobs.token,
      body: { displayName: "x", scope: "vso.code", validTo: inDays(7) },
    });
    expect(response.statusCode).toBe(401);
  });
});
