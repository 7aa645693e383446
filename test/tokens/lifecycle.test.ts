/** Update, regenerate and revoke as a token owner sees them: the token's behaviour changes at once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";

describe.each(testDatabases())("token lifecycle on $name", (database) => {
  let t: TestApp;
  let manager: string;
  const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY_MS).toISOString();

  async function create(body: Record<string, unknown>) {
    const response = await call(t, "POST", PATS, { token: manager, body: { validTo: inDays(30), ...body } });
    expect(response.statusCode).toBe(200);
    return response.json().patToken as { token: string; authorizationId: string; validTo: string; validFrom: string };
  }
  const listAs = (token: string) => call(t, "GET", PATS, { token });

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "alice");
    // Global and Full access, so that its own authority (test/tokens/authority.test.ts) is no bound here.
    manager = (await t.mintToken("alice", { allOrgs: true, scope: "app_token vso.pats_manage", days: 365 })).token;
  });
  afterAll(async () => t?.close());

  it("renames, rescopes and extends a token, keeping its secret", async () => {
    const pat = await create({ displayName: "old", scope: "vso.code", validTo: inDays(10) });
    expect((await listAs(pat.token)).statusCode).toBe(403);
    const update = await call(t, "PUT", PATS, {
      token: manager,
      body: { authorizationId: pat.authorizationId, displayName: "new", scope: "vso.pats", validTo: inDays(60) },
    });
    expect(update.statusCode).toBe(200);
    expect(update.json().patToken).toMatchObject({
      displayName: "new",
      scope: "vso.pats",
      validTo: inDays(60),
      token: null,
    });
    expect((await listAs(pat.token)).statusCode).toBe(200);
  });

  it("clamps an extension to one year after validFrom", async () => {
    const pat = await create({ displayName: "extend", scope: "vso.code" });
    t.clock.advance(10 * DAY_MS);
    const update = await call(t, "PUT", PATS, {
      token: manager,
      body: { authorizationId: pat.authorizationId, validTo: inDays(800) },
    });
    expect(update.statusCode).toBe(200);
    expect(update.json().patToken.validTo).toBe(new Date(Date.parse(pat.validFrom) + 365 * DAY_MS).toISOString());
  });

  it("retargets a token to all organizations and back", async () => {
    const pat = await create({ displayName: "move", scope: "vso.pats" });
    expect((await call(t, "GET", "/beta/_apis/tokens/pats", { token: pat.token })).statusCode).toBe(401);
    await call(t, "PUT", PATS, { token: manager, body: { authorizationId: pat.authorizationId, allOrgs: true } });
    expect((await call(t, "GET", "/beta/_apis/tokens/pats", { token: pat.token })).statusCode).toBe(200);
  });

  it("regenerates: the old value fails at once, the new one works, the lifespan restarts", async () => {
    const pat = await create({ displayName: "rotate", scope: "vso.pats", validTo: inDays(20) });
    t.clock.advance(5 * DAY_MS);
    const response = await call(t, "POST", `${PATS}/regenerate?authorizationId=${pat.authorizationId}`, {
      token: manager,
    });
    expect(response.statusCode).toBe(200);
    const regenerated = response.json().patToken;
    expect(regenerated.token).not.toBe(pat.token);
    expect(regenerated).toMatchObject({ displayName: "rotate", authorizationId: pat.authorizationId });
    expect(regenerated.validTo).toBe(inDays(20));
    expect((await listAs(pat.token)).statusCode).toBe(401);
    expect((await listAs(regenerated.token)).statusCode).toBe(200);
  });

  it("regenerates with a grace period during which the old value still works", async () => {
    const pat = await create({ displayName: "graceful", scope: "vso.pats" });
    const response = await call(
      t,
      "POST",
      `${PATS}/regenerate?authorizationId=${pat.authorizationId}&gracePeriodHours=2`,
      {
        token: manager,
      },
    );
    const fresh = response.json().patToken.token as string;
    expect((await listAs(pat.token)).statusCode).toBe(200);
    t.clock.advance(2 * 3_600_000 + 1000);
    expect((await listAs(pat.token)).statusCode).toBe(401);
    expect((await listAs(fresh)).statusCode).toBe(200);
  });

  it("revokes: the token fails at once, stays listed as revoked, and revoking again is a no-op", async () => {
    const pat = await create({ displayName: "doomed", scope: "vso.pats" });
    expect((await listAs(pat.token)).statusCode).toBe(200);
    const revoke = await call(t, "DELETE", `${PATS}?authorizationId=${pat.authorizationId}`, { token: manager });
    expect(revoke.statusCode).toBe(204);
    expect(revoke.body).toBe("");
    expect((await listAs(pat.token)).statusCode).toBe(401);
    const again = await call(t, "DELETE", `${PATS}?authorizationId=${pat.authorizationId}`, { token: manager });
    expect(again.statusCode).toBe(204);
    const listed = await call(t, "GET", `${PATS}?displayFilterOption=revoked`, { token: manager });
    expect(listed.json().patTokens.map((p: { displayName: string }) => p.displayName)).toContain("doomed");
    const update = await call(t, "PUT", PATS, {
      token: manager,
      body: { authorizationId: pat.authorizationId, displayName: "x" },
    });
    expect(update.statusCode).toBe(404);
    expect(update.json().patTokenError).toBe("authorizationNotFound");
    const regenerate = await call(t, "POST", `${PATS}/regenerate?authorizationId=${pat.authorizationId}`, {
      token: manager,
    });
    expect(regenerate.statusCode).toBe(404);
  });

  it("refuses to extend or regenerate an expired token", async () => {
    const pat = await create({ displayName: "stale", scope: "vso.pats", validTo: inDays(1) });
    t.clock.advance(2 * DAY_MS);
    expect((await listAs(pat.token)).statusCode).toBe(401);
    const update = await call(t, "PUT", PATS, {
      token: manager,
      body: { authorizationId: pat.authorizationId, validTo: inDays(30) },
    });
    expect(update.statusCode).toBe(400);
    expect(update.json().patTokenError).toBe("expiredPatCannotBeExtended");
    const regenerate = await call(t, "POST", `${PATS}/regenerate?authorizationId=${pat.authorizationId}`, {
      token: manager,
    });
    expect(regenerate.json().patTokenError).toBe("expiredPatCannotBeExtended");
    const expired = await call(t, "GET", `${PATS}?displayFilterOption=expired`, { token: manager });
    expect(expired.json().patTokens.map((p: { displayName: string }) => p.displayName)).toContain("stale");
  });
});
