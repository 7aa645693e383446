/**
 * Token introspection (RFC 7662) as a resource server sees it: the claims of an active token,
 * exactly `{"active": false}` for every kind of inactive one, and who may ask.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken } from "../../src/domain/token-format.js";
import { PASSWORD, signedIn } from "../sessions/support.js";
import { testDatabases } from "../support/databases.js";
import { basic, call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const URL = "/_apis/patina/introspect";

describe.each(testDatabases())("token introspection on $name", (database) => {
  let t: TestApp;
  let caller: string;

  /** Introspects `token` as a resource server would: a form post, no api-version. */
  const introspect = (token: string, as: string = caller) =>
    t.app.server.inject({
      method: "POST",
      url: URL,
      headers: { ...basic(as), "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
    });
  const seconds = (iso: string | Date) => Math.floor(new Date(iso).getTime() / 1000);

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    // Only instance administrators may own introspection tokens.
    await t.createUser("service", { admin: true });
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "alice");
    await t.createOrg("gamma", "service");
    caller = (await t.mintToken("service", { org: "gamma", scope: "patina.introspect" })).token;
  });
  afterAll(async () => t?.close());

  it("describes an active token", async () => {
    const minted = await t.mintToken("alice", { org: "acme", scope: "vso.code vso.packaging", days: 10 });
    const response = await introspect(minted.token);
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    const user = await t.app.services.store.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", "alice")
      .executeTakeFirstOrThrow();
    const record = await t.app.services.store.db
      .selectFrom("tokens")
      .select(["validFrom", "validTo"])
      .where("authorizationId", "=", minted.authorizationId)
      .executeTakeFirstOrThrow();
    expect(response.json()).toEqual({
      active: true,
      scope: "vso.code vso.packaging",
      client_id: minted.authorizationId,
      username: "alice",
      token_type: "patina_pat",
      exp: seconds(record.validTo),
      iat: seconds(record.validFrom),
      sub: user.id,
      aud: ["acme"],
    });
    expect(response.json().exp - response.json().iat).toBe(10 * 24 * 60 * 60);
  });

  it("names every organization of a global token as its audience", async () => {
    const global = await t.mintToken("alice", { allOrgs: true, scope: "app_token" });
    expect((await introspect(global.token)).json()).toMatchObject({
      active: true,
      scope: "app_token",
      aud: ["acme", "beta"],
    });
  });

  it("accepts a JSON body too", async () => {
    const minted = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
    const response = await t.app.server.inject({
      method: "POST",
      url: URL,
      headers: basic(caller),
      payload: { token: minted.token },
    });
    expect(response.json()).toMatchObject({ active: true, client_id: minted.authorizationId });
  });

  it("answers exactly {active:false} for every inactive token", async () => {
    const valid = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
    const revoked = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
    await t.revokeToken("alice", revoked.authorizationId);
    const expired = await t.mintToken("alice", { org: "acme", scope: "vso.code", days: 1 });
    await t.app.services.store.db
      .updateTable("tokens")
      .set({ validTo: new Date(t.clock.now().getTime() - DAY_MS).toISOString() })
      .where("authorizationId", "=", expired.authorizationId)
      .execute();
    const lastChar = valid.token.at(-1) === "A" ? "B" : "A";
    const retired = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
    const manager = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code" });
    const regenerated = await call(
      t,
      "POST",
      `/acme/_apis/tokens/pats/regenerate?authorizationId=${retired.authorizationId}`,
      {
        token: manager.token,
      },
    );
    expect(regenerated.statusCode).toBe(200);
    t.app.services.tokenCache.clear();

    const inactive: Record<string, string> = {
      empty: "",
      "not a token": "hello",
      "too long": "x".repeat(5000),
      "bad checksum": valid.token.slice(0, -1) + lastChar,
      "wrong prefix": `ghp_${valid.token.slice(7)}`,
      unknown: generateToken("patina_"),
      revoked: revoked.token,
      expired: expired.token,
      "retired by regeneration": retired.token,
    };
    for (const [name, token] of Object.entries(inactive)) {
      const response = await introspect(token);
      expect(response.statusCode, name).toBe(200);
      expect(response.body, name).toBe('{"active":false}');
    }
    expect(t.logs.join("\n")).toContain('"reason":"revoked"');
    expect((await introspect(valid.token)).json().active).toBe(true);
  });

  it("reports a token of a disabled user as inactive", async () => {
    await t.createUser("dora");
    await t.addMember("acme", "dora", "reader");
    const dora = await t.mintToken("dora", { org: "acme", scope: "vso.code" });
    expect((await introspect(dora.token)).json().active).toBe(true);
    await t.app.services.store.db.updateTable("users").set({ isDisabled: 1 }).where("username", "=", "dora").execute();
    t.app.services.tokenCache.clear();
    expect((await introspect(dora.token)).body).toBe('{"active":false}');
  });

  it("lets only a caller whose token carries patina.introspect ask", async () => {
    const minted = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
    // Full access does not include the Tokens area.
    const full = await t.mintToken("alice", { org: "acme", scope: "app_token" });
    const forbidden = await introspect(minted.token, full.token);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ typeKey: "UnauthorizedRequestException" });
    const anonymous = await t.app.server.inject({
      method: "POST",
      url: URL,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `token=${minted.token}`,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers["www-authenticate"]).toBe('Basic realm="Patina"');
    // A token may introspect itself: it proves nothing the caller did not know.
    expect((await introspect(caller, caller)).json()).toMatchObject({ active: true, username: "service" });
  });

  it("is for tokens, not for a signed-in browser session", async () => {
    await t.createUser("erin", { password: PASSWORD });
    const session = await signedIn(t, "erin");
    const minted = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
    const response = await t.app.server.inject({
      method: "POST",
      url: URL,
      headers: { cookie: session.cookie, "x-patina-csrf": session.csrfToken },
      payload: { token: minted.token },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toContain("personal access token");
  });

  it("rejects a request without exactly one token parameter", async () => {
    const post = (payload: string, type = "application/x-www-form-urlencoded") =>
      t.app.server.inject({ method: "POST", url: URL, headers: { ...basic(caller), "content-type": type }, payload });
    expect((await post("token_type_hint=access_token")).statusCode).toBe(400);
    expect((await post("token=a&token=b")).statusCode).toBe(400);
    expect((await post("token=abc", "text/plain")).statusCode).toBe(415);
    expect((await post(`token=${"x".repeat(70 * 1024)}`)).statusCode).toBe(413);
  });

  it("accepts form bodies on the introspection route only", async () => {
    const manager = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage" });
    const validTo = new Date(t.clock.now().getTime() + 5 * DAY_MS).toISOString();
    const response = await t.app.server.inject({
      method: "POST",
      url: "/acme/_apis/tokens/pats?api-version=7.1",
      headers: { ...basic(manager.token), "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ displayName: "csrf", scope: "vso.code", validTo }).toString(),
    });
    expect(response.statusCode).toBe(415);
  });

  it("never logs an introspected token's value", async () => {
    const minted = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
    await t.revokeToken("alice", minted.authorizationId);
    await introspect(minted.token);
    await introspect(`${minted.token}x`);
    const logs = t.logs.join("\n");
    expect(logs).toContain(minted.authorizationId);
    expect(logs).not.toContain(minted.token);
    expect(logs).not.toContain(caller);
  });
});
