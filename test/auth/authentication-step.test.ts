/**
 * The one authentication step as its callers see it: the clock is read once per request, usage
 * is recorded only for requests the access decision admits, and every caller's outcomes (the
 * guard's, forward-auth's, introspection's, git's push check) are counted by outcome and reason
 * on the services, for metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken } from "../../src/domain/token-format.js";
import { writeRulesFile } from "../forward-auth/rules-file.js";
import { testDatabases } from "../support/databases.js";
import { basic, call, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("the authentication step on $name", (database) => {
  let t: TestApp;
  let rulesFile: ReturnType<typeof writeRulesFile>;
  let reader: MintedToken;
  let introspector: MintedToken;

  const lastUsedAt = async (authorizationId: string) => {
    await t.app.services.usage.flush();
    const row = await t.app.services.store.db
      .selectFrom("tokens")
      .select("lastUsedAt")
      .where("authorizationId", "=", authorizationId)
      .executeTakeFirstOrThrow();
    return row.lastUsedAt;
  };

  beforeAll(async () => {
    rulesFile = writeRulesFile([{ path: "/files/**", methods: ["GET"], scope: "vso.code", org: "acme" }]);
    t = await startTestApp(database, { PATINA_FORWARD_AUTH_RULES: rulesFile.file });
    await t.createUser("alice");
    await t.createUser("service", { admin: true });
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "alice");
    await t.createProject("acme", "web");
    reader = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
    introspector = await t.mintToken("service", { org: "acme", scope: "patina.introspect" });
  });
  afterAll(async () => {
    await t?.close();
    rulesFile?.remove();
  });

  it("reads the clock once per authenticated request, cached or not", async () => {
    const clock = t.clock;
    const now = clock.now.bind(clock);
    let reads = 0;
    clock.now = () => {
      reads++;
      return now();
    };
    try {
      t.app.services.tokenCache.clear();
      expect((await call(t, "GET", "/_apis/connectionData", { token: reader.token })).statusCode).toBe(200);
      expect(reads, "cold").toBe(1);
      reads = 0;
      expect((await call(t, "GET", "/_apis/connectionData", { token: reader.token })).statusCode).toBe(200);
      expect(reads, "cached").toBe(1);
    } finally {
      clock.now = now;
    }
  });

  it("records no use of a token the access decision refuses", async () => {
    const refused = await t.mintToken("alice", { org: "acme", scope: "vso.project" });
    // Another organization (401) and a scope it lacks (403): neither is a use of the token.
    expect((await call(t, "GET", "/beta/_apis/projects", { token: refused.token })).statusCode).toBe(401);
    expect((await call(t, "GET", "/_apis/profile/profiles/me", { token: refused.token })).statusCode).toBe(403);
    expect(await lastUsedAt(refused.authorizationId)).toBeNull();
    expect((await call(t, "GET", "/acme/_apis/projects", { token: refused.token })).statusCode).toBe(200);
    expect(await lastUsedAt(refused.authorizationId)).toBe(t.clock.now().toISOString());
  });

  it("counts every caller's outcomes by reason", async () => {
    const counts = () => t.app.services.authentication.counts.snapshot();
    const before = counts();
    const unknown = generateToken("patina_");
    expect((await call(t, "GET", "/_apis/connectionData", { token: unknown })).statusCode).toBe(401);
    expect((await call(t, "GET", "/_apis/profile/profiles/me", { token: reader.token })).statusCode).toBe(403);
    expect((await call(t, "GET", "/_apis/connectionData", { token: reader.token })).statusCode).toBe(200);
    const forwardAuth = await t.app.server.inject({
      method: "GET",
      url: "/_apis/patina/forward-auth",
      headers: { "x-original-method": "GET", "x-original-uri": "/files/a", ...basic("patina_garbage") },
    });
    expect(forwardAuth.statusCode).toBe(401);
    const introspected = await t.app.server.inject({
      method: "POST",
      url: "/_apis/patina/introspect",
      headers: { ...basic(introspector.token), "content-type": "application/x-www-form-urlencoded" },
      payload: `token=${generateToken("patina_")}`,
    });
    expect(introspected.body).toBe('{"active":false}');
    const push = await call(t, "GET", "/acme/web/_git/app/info/refs?service=git-receive-pack", {
      token: reader.token,
      apiVersion: null,
    });
    expect(push.statusCode).toBe(403);

    const after = counts();
    const delta = (outcome: "rejected" | "denied" | "inactive", reason: string) =>
      (after.refused[outcome][reason] ?? 0) - (before.refused[outcome][reason] ?? 0);
    expect(delta("rejected", "unknown")).toBe(1);
    expect(delta("rejected", "malformed")).toBe(1);
    expect(delta("denied", "missingScope")).toBe(2);
    expect(delta("inactive", "unknown")).toBe(1);
    // connectionData, the introspection caller and the fetch guard of the push advertisement.
    expect(after.admitted - before.admitted).toBe(3);
  });
});
