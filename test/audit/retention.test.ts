/**
 * Retention: an instance setting (REST for instance administrators, audited), and the pruning
 * job that deletes what it no longer keeps while the chains stay verifiable.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAuditPruneJob } from "../../src/audit/audit-prune.js";
import { verifyAuditChains } from "../../src/audit/audit-verify.js";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS } from "../support/test-app.js";
import { type AuditFixture, startAuditApp } from "./audit-fixture.js";

describe.each(testDatabases())("audit retention on $name", (database) => {
  let f: AuditFixture;
  beforeEach(async () => {
    f = await startAuditApp(database);
  });
  afterEach(async () => f?.t.close());

  const settings = (method: "GET" | "PATCH", token: string, body?: unknown) =>
    call(f.t, method, "/_apis/patina/auditsettings", { token, body });
  const db = () => f.t.app.services.store.db;
  const events = () => db().selectFrom("auditEvents").selectAll().orderBy("seq").execute();

  it("is read and set by instance administrators, and every change is audited", async () => {
    expect((await settings("GET", f.rootToken)).json()).toEqual({ retentionDays: null });
    const set = await settings("PATCH", f.rootToken, { retentionDays: 90 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ retentionDays: 90 });
    expect((await settings("GET", f.rootToken)).json()).toEqual({ retentionDays: 90 });
    expect((await settings("PATCH", f.rootToken, { retentionDays: null })).json()).toEqual({ retentionDays: null });
    const changes = (await events()).filter((e) => e.eventType === "AuditLog.RetentionUpdateEvent");
    expect(changes.map((e) => [e.actorName, JSON.parse(e.details)])).toEqual([
      ["root", { before: null, after: 90 }],
      ["root", { before: 90, after: null }],
    ]);
  });

  it("refuses bad values with 400 and non-administrators with 403, changing nothing", async () => {
    for (const body of [
      { retentionDays: 0 },
      { retentionDays: 1.5 },
      { retentionDays: "30" },
      { retentionDays: 36_501 },
      {},
      { retentionDays: 30, extra: 1 },
    ]) {
      const response = await settings("PATCH", f.rootToken, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await settings("GET", f.adminToken)).statusCode).toBe(403);
    expect((await settings("PATCH", f.adminToken, { retentionDays: 1 })).statusCode).toBe(403);
    // Reading the log is not managing it.
    const readOnly = await f.t.mintToken("root", { org: "acme", scope: "vso.auditlog" });
    expect((await settings("PATCH", readOnly.token, { retentionDays: 1 })).statusCode).toBe(403);
    expect((await settings("GET", f.rootToken)).json()).toEqual({ retentionDays: null });
  });

  it("prunes events older than the retention, keeps the chains verifiable, and audits the pruning", async () => {
    const job = createAuditPruneJob({ db: db() });
    const oldIds = (await events()).map((e) => e.id);
    await job.run(f.t.clock.now());
    expect((await events()).map((e) => e.id)).toEqual(oldIds);

    f.t.clock.advance(40 * DAY_MS);
    await f.t.mintToken("alice", { org: "acme", scope: "vso.code", name: "recent" });
    expect((await settings("PATCH", f.rootToken, { retentionDays: 30 })).statusCode).toBe(200);
    await job.run(f.t.clock.now());

    const kept = await events();
    expect(kept.some((e) => oldIds.includes(e.id))).toBe(false);
    expect(kept.map((e) => e.eventType)).toEqual([
      "Token.PatCreateEvent",
      "AuditLog.RetentionUpdateEvent",
      "AuditLog.PruneEvent",
      "AuditLog.PruneEvent",
      "AuditLog.PruneEvent",
    ]);
    const prunes = kept.filter((e) => e.eventType === "AuditLog.PruneEvent");
    // One per chain that lost events: acme, other and the instance.
    expect(prunes.map((e) => e.orgId)).toContain(null);
    expect(prunes.map((e) => e.orgId)).toContain(f.orgId);
    expect(JSON.parse(prunes.find((e) => e.orgId === f.orgId)?.details ?? "{}")).toMatchObject({ retentionDays: 30 });
    const reports = await verifyAuditChains(db());
    expect(reports.filter((r) => r.problem !== undefined)).toEqual([]);
    expect(reports.find((r) => r.chainKey === f.orgId)?.anchorPosition).toBeGreaterThan(0);

    // Running again deletes nothing more; a tampered kept event is still caught after pruning.
    await job.run(f.t.clock.now());
    expect(await events()).toHaveLength(kept.length);
    const recent = kept.find((e) => e.tokenDisplayName === "recent");
    await db()
      .updateTable("auditEvents")
      .set({ clientIp: "10.6.6.6" })
      .where("id", "=", recent?.id ?? "")
      .execute();
    const [tampered] = (await verifyAuditChains(db(), { orgId: f.orgId })).map((r) => r.problem);
    expect(tampered).toMatchObject({ eventId: recent?.id, problem: "changed" });
  });

  it("cannot hide a deletion behind the anchor: removing the first kept event is seen", async () => {
    f.t.clock.advance(40 * DAY_MS);
    await f.t.mintToken("alice", { org: "acme", scope: "vso.code", name: "a" });
    await f.t.mintToken("alice", { org: "acme", scope: "vso.code", name: "b" });
    await settings("PATCH", f.rootToken, { retentionDays: 30 });
    await createAuditPruneJob({ db: db() }).run(f.t.clock.now());
    const first = (await events()).find((e) => e.tokenDisplayName === "a");
    await db()
      .deleteFrom("auditEvents")
      .where("id", "=", first?.id ?? "")
      .execute();
    const [problem] = (await verifyAuditChains(db(), { orgId: f.orgId })).map((r) => r.problem);
    expect(problem).toMatchObject({ problem: "removed" });
  });
});
