/**
 * Policies at use, as a token's holder sees them: a retired global token, a token living longer
 * than the maximum enforced at use, and a global token of a user not on an organization's allow
 * list are refused with a 403 that says why (never revoked: lifting the policy lets them work
 * again), while other tokens and web sessions keep working. A change made on one instance holds
 * on another sharing the database at once (PostgreSQL).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, signedIn } from "../sessions/support.js";
import { testDatabases } from "../support/databases.js";
import { basic, call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";
import { ACME_POLICIES, INSTANCE_POLICIES, type PolicyPeople, seedPeople, setPolicy } from "./support.js";

const RESET_INSTANCE = { retireGlobalPatsAt: null, maxPatLifespanDays: null, enforceMaxLifespanAtUse: false };
const RESET_ORG = {
  maxPatLifespanDays: null,
  restrictPatCreation: false,
  patCreationAllowList: [],
  allowPackagingPatsForOthers: false,
};

describe.each(testDatabases())("policies at use on $name", (database) => {
  let t: TestApp;
  let people: PolicyPeople;
  const connection = (token: string, org?: string) =>
    call(t, "GET", org === undefined ? "/_apis/connectionData" : `/${org}/_apis/connectionData`, { token });
  const expectRefused = async (token: string, org: string | undefined, message: string) => {
    const response = await connection(token, org);
    expect(response.statusCode, response.body).toBe(403);
    expect(response.json()).toMatchObject({ $id: "1", typeKey: "UnauthorizedRequestException", message });
    expect(response.headers["www-authenticate"]).toBeUndefined();
  };

  beforeAll(async () => {
    t = await startTestApp(database);
    people = await seedPeople(t);
  });
  beforeEach(async () => {
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, RESET_INSTANCE);
    await setPolicy(t, ACME_POLICIES, people.alice.token, RESET_ORG);
  });
  afterAll(async () => t?.close());

  it("refuses global tokens from the retirement date on, with a message saying so", async () => {
    const global = await t.mintToken("bob", { allOrgs: true, scope: "vso.profile" });
    const local = await t.mintToken("bob", { org: "acme", scope: "vso.profile" });
    const at = new Date(t.clock.now().getTime() + DAY_MS).toISOString();
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { retireGlobalPatsAt: at });
    expect((await connection(global.token, "acme")).statusCode, "before the date").toBe(200);
    t.clock.advance(DAY_MS);
    const message = `Tokens for all organizations were retired on ${at} by the instance's policy. Create a token for one organization instead.`;
    await expectRefused(global.token, "acme", message);
    await expectRefused(global.token, undefined, message);
    expect((await connection(local.token, "acme")).statusCode).toBe(200);
    // Refused, not revoked: lifting the policy brings it back.
    const restored = await setPolicy(t, INSTANCE_POLICIES, people.root.token, { retireGlobalPatsAt: null });
    expect(restored.values.retireGlobalPatsAt).toBeNull();
    expect((await connection(global.token, "acme")).statusCode).toBe(200);
    const denied = t.logs.filter((line) => line.includes('"reason":"globalPatRetired"'));
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.join("\n")).not.toContain(global.token);
  });

  it("refuses tokens living longer than the maximum enforced at use, and only then", async () => {
    const long = await t.mintToken("bob", { org: "acme", scope: "vso.profile", days: 90 });
    const short = await t.mintToken("bob", { org: "acme", scope: "vso.profile", days: 30 });
    await setPolicy(t, ACME_POLICIES, people.alice.token, { maxPatLifespanDays: 30 });
    expect((await connection(long.token, "acme")).statusCode, "the maximum alone binds new tokens only").toBe(200);
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { enforceMaxLifespanAtUse: true });
    await expectRefused(
      long.token,
      "acme",
      "This token lives longer than the 30 days the policy of organization 'acme' now allows. Create or regenerate a token with a shorter lifespan.",
    );
    expect((await connection(short.token, "acme")).statusCode).toBe(200);
    const revoked = await t.app.services.store.db
      .selectFrom("tokens")
      .select("revokedAt")
      .where("authorizationId", "=", long.authorizationId)
      .executeTakeFirstOrThrow();
    expect(revoked.revokedAt).toBeNull();
  });

  it("refuses global tokens of users not on an organization's allow list there, and only there", async () => {
    const global = await t.mintToken("bob", { allOrgs: true, scope: "vso.profile" });
    const packaging = await t.mintToken("bob", { allOrgs: true, scope: "vso.packaging" });
    const local = await t.mintToken("bob", { org: "acme", scope: "vso.profile" });
    await setPolicy(t, ACME_POLICIES, people.alice.token, {
      restrictPatCreation: true,
      patCreationAllowList: ["alice"],
    });
    const message =
      "Organization 'acme' restricts tokens to an allow list you are not on, so tokens for all organizations do not work here. Create a token for this organization if you may.";
    await expectRefused(global.token, "acme", message);
    await expectRefused(packaging.token, "acme", message);
    expect((await connection(global.token, "globex")).statusCode, "globex restricts nothing").toBe(200);
    expect((await connection(local.token, "acme")).statusCode, "an existing organization token keeps working").toBe(
      200,
    );
    await setPolicy(t, ACME_POLICIES, people.alice.token, { allowPackagingPatsForOthers: true });
    expect((await connection(packaging.token, "acme")).statusCode).toBe(200);
    await setPolicy(t, ACME_POLICIES, people.alice.token, { patCreationAllowList: ["alice", "bob"] });
    expect((await connection(global.token, "acme")).statusCode).toBe(200);
  });

  it("answers introspection of a token refused by policy as inactive", async () => {
    const service = await t.mintToken("root", { org: "acme", scope: "patina.introspect" });
    const global = await t.mintToken("bob", { allOrgs: true, scope: "vso.code" });
    const introspect = () =>
      t.app.server.inject({
        method: "POST",
        url: "/_apis/patina/introspect",
        headers: { ...basic(service.token), "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ token: global.token }).toString(),
      });
    expect((await introspect()).json().active).toBe(true);
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { retireGlobalPatsAt: t.clock.now().toISOString() });
    expect((await introspect()).json()).toEqual({ active: false });
  });

  it("does not apply token policies to web sessions", async () => {
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { retireGlobalPatsAt: t.clock.now().toISOString() });
    await setPolicy(t, ACME_POLICIES, people.alice.token, { restrictPatCreation: true, patCreationAllowList: [] });
    const session = await signedIn(t, "alice", PASSWORD);
    const response = await call(t, "GET", "/acme/_apis/tokens/pats", { headers: { cookie: session.cookie } });
    expect(response.statusCode).toBe(200);
  });
});

const postgres = testDatabases().find((d) => d.name === "postgres");
const SHARED = { PATINA_SECRET: "a-shared-secret-of-at-least-32-characters", PATINA_TOKEN_CACHE_TTL_MS: "60000" };

describe.runIf(postgres)("policies at use across instances on PostgreSQL", () => {
  let first: TestApp;
  let second: TestApp;
  let people: PolicyPeople;

  beforeAll(async () => {
    if (!postgres) return;
    first = await startTestApp(postgres, SHARED);
    second = await startTestApp(postgres, SHARED, first);
    people = await seedPeople(first);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it("loses no update when both instances change different keys of one policy at the same time", async () => {
    const changes = [
      [first, { maxPatLifespanDays: 200 }],
      [second, { restrictFullScopePatCreation: true }],
      [first, { revokeUnusedPatsAfterDays: 300 }],
      [second, { enforceMaxLifespanAtUse: false, autoRevokeLeakedPats: false }],
    ] as const;
    const responses = await Promise.all(
      changes.map(([instance, body]) => call(instance, "PATCH", INSTANCE_POLICIES, { token: people.root.token, body })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200]);
    const shown = (await call(second, "GET", INSTANCE_POLICIES, { token: people.root.token })).json();
    expect(shown.values).toMatchObject(Object.assign({}, ...changes.map(([, body]) => body)));
    expect(shown.revision).toBe(4);
  });

  it("stops a retired global token on the other instance at once, though its verification is cached there", async () => {
    const global = await first.mintToken("bob", { allOrgs: true, scope: "vso.profile" });
    const onSecond = () => call(second, "GET", "/acme/_apis/connectionData", { token: global.token });
    expect((await onSecond()).statusCode).toBe(200);
    await setPolicy(first, INSTANCE_POLICIES, people.root.token, {
      retireGlobalPatsAt: first.clock.now().toISOString(),
    });
    let response = await onSecond();
    for (let attempt = 0; attempt < 20 && response.statusCode === 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      response = await onSecond();
    }
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toContain("Tokens for all organizations were retired on");
  });
});
