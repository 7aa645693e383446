/**
 * Token.PatExpiredEvent (SPEC section 8): once a token's validTo has passed, the scheduled job
 * audits its expiry exactly once, also when two runs race; a revoked token gets no expiry event
 * (its revocation is its end); the organization's administrator reads the event through the
 * audit API; and the chain still verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChains } from "../../src/audit/audit-verify.js";
import { TOKEN_EXPIRY_JOB } from "../../src/tokens/token-expiry.job.js";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("expiry events on $name", (database) => {
  let t: TestApp;
  const expiredEvents = async () =>
    t.app.services.store.db
      .selectFrom("auditEvents")
      .select(["authorizationId", "tokenDisplayName", "actorName", "orgId"])
      .where("eventType", "=", "Token.PatExpiredEvent")
      .execute();

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
  });
  afterAll(async () => t?.close());

  it("audits each expired token once, none for a revoked one, and the admin reads it", async () => {
    const shortLived = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "one day", days: 1 });
    const revoked = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "revoked", days: 1 });
    const living = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "a month", days: 30 });
    await t.revokeToken("alice", revoked.authorizationId);
    await t.app.jobs.runJob(TOKEN_EXPIRY_JOB, t.clock.now());
    expect(await expiredEvents()).toEqual([]);

    t.clock.advance(2 * DAY_MS);
    // Two runs at once (two instances, or the timer and `notify run`): still one event each.
    await Promise.all([
      t.app.jobs.runJob(TOKEN_EXPIRY_JOB, t.clock.now()),
      t.app.jobs.runJob(TOKEN_EXPIRY_JOB, t.clock.now()),
    ]);
    await t.app.jobs.runJob(TOKEN_EXPIRY_JOB, t.clock.now());
    const events = await expiredEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      authorizationId: shortLived.authorizationId,
      tokenDisplayName: "one day",
      actorName: "patina-system",
    });
    expect(events.map((event) => event.authorizationId)).not.toContain(living.authorizationId);

    const admin = await t.mintToken("alice", { org: "acme", scope: "vso.auditlog", name: "auditor" });
    const page = await call(t, "GET", "/acme/_apis/audit/auditlog", {
      token: admin.token,
      apiVersion: "7.1-preview.1",
    });
    expect(page.statusCode).toBe(200);
    const actions = page.json().decoratedAuditLogEntries.map((entry: { actionId: string }) => entry.actionId);
    expect(actions).toContain("Token.PatExpiredEvent");
    for (const report of await verifyAuditChains(t.app.services.store.db)) expect(report.problem).toBeUndefined();
  });
});
