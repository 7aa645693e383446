/** The lifecycle API accepts a web session: reads with the cookie, writes with the cookie and the CSRF header. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { basic, DAY_MS, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";
import { PASSWORD, signedIn } from "./support.js";

const PATS = "/acme/_apis/tokens/pats?api-version=7.1";

describe.each(testDatabases())("the tokens API with a session on $name", (database) => {
  let t: TestApp;
  let session: { cookie: string; csrfToken: string };
  let pat: MintedToken;
  const newToken = () => ({
    displayName: "from the web UI",
    scope: "vso.code",
    validTo: new Date(t.clock.now().getTime() + 30 * DAY_MS).toISOString(),
  });

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { password: PASSWORD });
    await t.createUser("bob", { password: PASSWORD });
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "bob");
    session = await signedIn(t, "alice");
    pat = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code" });
  });
  afterAll(async () => t?.close());

  it("lists the user's tokens with the cookie alone", async () => {
    const response = await t.app.server.inject({ url: PATS, headers: { cookie: session.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.json().patTokens).toHaveLength(1);
  });

  it("refuses a write without the CSRF header, or with a wrong one (403)", async () => {
    for (const extra of [{}, { "x-patina-csrf": "not-the-secret" }, { "x-patina-csrf": "" }]) {
      const response = await t.app.server.inject({
        method: "POST",
        url: PATS,
        headers: { cookie: session.cookie, ...extra },
        payload: newToken(),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ typeKey: "UnauthorizedRequestException" });
    }
    const revoke = await t.app.server.inject({
      method: "DELETE",
      url: `${PATS}&authorizationId=${pat.authorizationId}`,
      headers: { cookie: session.cookie },
    });
    expect(revoke.statusCode).toBe(403);
  });

  it("creates a token with the cookie and the CSRF header", async () => {
    const response = await t.app.server.inject({
      method: "POST",
      url: PATS,
      headers: { cookie: session.cookie, "x-patina-csrf": session.csrfToken },
      payload: newToken(),
    });
    expect(response.statusCode, response.body).toBe(200);
    const created = response.json().patToken;
    expect(created.token).toMatch(/^patina_/);
    const works = await t.app.server.inject({
      url: "/acme/_apis/projects?api-version=7.1",
      headers: basic(created.token),
    });
    expect(works.statusCode).toBe(403); // a valid token, just not scoped for projects
  });

  it("refuses a cross-site form post: 403 without the header, 415 for a form body even with it", async () => {
    const form = "displayName=x&scope=vso.code";
    for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]) {
      const forged = await t.app.server.inject({
        method: "POST",
        url: PATS,
        headers: { cookie: session.cookie, "content-type": type, origin: "https://evil.example" },
        payload: form,
      });
      expect(forged.statusCode, type).toBe(403);
      const withHeader = await t.app.server.inject({
        method: "POST",
        url: PATS,
        headers: { cookie: session.cookie, "x-patina-csrf": session.csrfToken, "content-type": type },
        payload: form,
      });
      expect(withHeader.statusCode, type).toBe(415);
    }
  });

  it("leaves PAT requests as they were: no CSRF header needed, and the Authorization header wins over a cookie", async () => {
    const created = await t.app.server.inject({
      method: "POST",
      url: PATS,
      headers: basic(pat.token),
      payload: newToken(),
    });
    expect(created.statusCode).toBe(200);
    const badPat = await t.app.server.inject({
      url: PATS,
      headers: { ...basic(`${pat.token.slice(0, -1)}${pat.token.endsWith("A") ? "B" : "A"}`), cookie: session.cookie },
    });
    expect(badPat.statusCode).toBe(401);
    expect(badPat.headers["www-authenticate"]).toBe('Basic realm="Patina"');
  });

  it("treats a session like a credential for organizations: not a member is 401, without a Basic challenge", async () => {
    const response = await t.app.server.inject({
      url: "/beta/_apis/tokens/pats?api-version=7.1",
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toBeUndefined();
  });

  it("answers an unknown or malformed session cookie with the same 401 and no Basic challenge", async () => {
    const bodies = [];
    for (const cookie of [`patina_session=${"A".repeat(43)}`, "patina_session=short", "patina_session="]) {
      const response = await t.app.server.inject({ url: PATS, headers: { cookie } });
      expect(response.statusCode, cookie).toBe(401);
      expect(response.headers["www-authenticate"]).toBeUndefined();
      bodies.push(response.json());
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ typeKey: "VssUnauthorizedException" });
  });

  it("challenges a credential-less request with Basic, except a script in a browser (fetch)", async () => {
    const plain = await t.app.server.inject({ url: PATS });
    expect(plain.headers["www-authenticate"]).toBe('Basic realm="Patina"');
    const navigation = await t.app.server.inject({ url: PATS, headers: { "sec-fetch-mode": "navigate" } });
    expect(navigation.headers["www-authenticate"]).toBe('Basic realm="Patina"');
    const fetched = await t.app.server.inject({ url: PATS, headers: { "sec-fetch-mode": "cors" } });
    expect(fetched.statusCode).toBe(401);
    expect(fetched.headers["www-authenticate"]).toBeUndefined();
  });

  it("works for the other guarded routes too (connectionData, profile)", async () => {
    const connection = await t.app.server.inject({
      url: "/_apis/connectionData?api-version=7.1",
      headers: { cookie: session.cookie },
    });
    expect(connection.statusCode).toBe(200);
    expect(connection.json().authenticatedUser.id).toBeDefined();
    const profile = await t.app.server.inject({
      url: "/_apis/profile/profiles/me?api-version=7.1",
      headers: { cookie: session.cookie },
    });
    expect(profile.statusCode).toBe(200);
  });
});
