/**
 * The unused-token revocation job (policy revokeUnusedPatsAfterDays), driven with the test
 * clock: a token unused (or never used) for longer than the effective N days is revoked by the
 * system and stops working; a recently used one is kept; an organization's stricter N covers its
 * tokens and its members' global tokens; a second run revokes nothing more. The revocation goes
 * through the shared system revocation (services.revocations.revokeAsSystem), as the app wires it.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScheduledJob } from "../../src/jobs/scheduled-job.js";
import { unusedTokenRevocationJob } from "../../src/policies/unused-token-revocation.job.js";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";
import { ACME_POLICIES, INSTANCE_POLICIES, type PolicyPeople, seedPeople, setPolicy } from "./support.js";

describe.each(testDatabases())("unused-token revocation on $name", (database) => {
  let t: TestApp;
  let people: PolicyPeople;
  let job: ScheduledJob;
  const works = async (token: string, org = "acme") =>
    (await call(t, "GET", `/${org}/_apis/connectionData`, { token })).statusCode;
  const systemRevocations = async () =>
    (
      await t.app.services.store.db
        .selectFrom("auditEvents")
        .selectAll()
        .where("eventType", "=", "Token.PatSystemRevokeEvent")
        .orderBy("seq")
        .execute()
    ).map((row) => ({ authorizationId: row.authorizationId, name: row.tokenDisplayName, ...JSON.parse(row.details) }));

  beforeAll(async () => {
    t = await startTestApp(database, { PATINA_TOKEN_CACHE_TTL_MS: "60000" });
    people = await seedPeople(t);
    const services = t.app.services;
    job = unusedTokenRevocationJob({
      db: services.store.db,
      policies: services.policies,
      revokeAsSystem: services.revocations.revokeAsSystem,
    });
  });
  afterAll(async () => t?.close());

  it("revokes tokens unused for longer than the instance's N days, keeps the ones in use", async () => {
    const idle = await t.mintToken("bob", { org: "acme", scope: "vso.profile", name: "idle", days: 365 });
    const busy = await t.mintToken("bob", { org: "acme", scope: "vso.profile", name: "busy", days: 365 });
    const usedOnce = await t.mintToken("carol", { org: "acme", scope: "vso.profile", name: "used once", days: 365 });
    expect(await works(usedOnce.token)).toBe(200);
    await t.app.services.usage.flush();
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { revokeUnusedPatsAfterDays: 90 });

    t.clock.advance(60 * DAY_MS);
    expect(await works(busy.token)).toBe(200);
    await t.app.services.usage.flush();
    t.clock.advance(31 * DAY_MS);
    // The administrators' own tokens are as idle as `idle`: keep them alive for the later tests.
    for (const token of [people.root, people.alice, people.bob]) expect(await works(token.token)).toBe(200);
    await t.app.services.usage.flush();
    expect(await works(idle.token), "cached as valid before the job").toBe(200);

    await job.run(t.clock.now());
    const revoked = await systemRevocations();
    expect(revoked.map((event) => event.name).sort()).toEqual(["idle", "used once"]);
    expect(revoked[0]).toMatchObject({ reason: "unused" });
    expect(await works(idle.token), "revoked at once, though cached").toBe(401);
    expect(await works(usedOnce.token)).toBe(401);
    expect(await works(busy.token)).toBe(200);

    await job.run(t.clock.now());
    expect((await systemRevocations()).length, "a second run finds nothing").toBe(2);
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { revokeUnusedPatsAfterDays: null });
  });

  it("applies an organization's stricter N to its tokens and to its members' global tokens", async () => {
    const acme = await t.mintToken("bob", { org: "acme", scope: "vso.profile", name: "acme idle" });
    const globex = await t.mintToken("bob", { org: "globex", scope: "vso.profile", name: "globex idle" });
    const global = await t.mintToken("bob", { allOrgs: true, scope: "vso.profile", name: "global idle" });
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { revokeUnusedPatsAfterDays: 200 });
    await setPolicy(t, ACME_POLICIES, people.alice.token, { revokeUnusedPatsAfterDays: 10 });
    const before = (await systemRevocations()).length;
    t.clock.advance(11 * DAY_MS);
    await job.run(t.clock.now());
    const names = (await systemRevocations()).slice(before).map((event) => event.name);
    expect(names.sort()).toEqual(["acme idle", "alice admin", "bob admin", "busy", "global idle", "root admin"].sort());
    expect(await works(globex.token, "globex")).toBe(200);
    expect(await works(acme.token)).toBe(401);
    expect(await works(global.token, "globex")).toBe(401);
  });

  // The query plan is checked where EXPLAIN QUERY PLAN names the index: defined for SQLite only.
  if (database.name === "sqlite")
    it("reads active tokens through the last-activity index", async () => {
      const plan = await sql<{ detail: string }>`explain query plan
      select authorization_id from tokens
      where revoked_at is null and coalesce(last_used_at, valid_from) < ${new Date().toISOString()}`.execute(
        t.app.services.store.db,
      );
      expect(plan.rows.map((row) => row.detail).join(" ")).toContain("tokens_last_activity_idx");
    });
});
