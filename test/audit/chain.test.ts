/**
 * The audit log's hash chain: every recorded event is chained, concurrent appends keep one
 * unbroken chain, and an edited, deleted or reordered row is named by verification.
 */
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditChains } from "../../src/audit/audit-verify.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp } from "../support/test-app.js";
import { type AuditFixture, startAuditApp } from "./audit-fixture.js";

describe.each(testDatabases())("the audit chain on $name", (database) => {
  let f: AuditFixture;
  beforeEach(async () => {
    f = await startAuditApp(database);
  });
  afterEach(async () => f?.t.close());

  const db = () => f.t.app.services.store.db;
  const orgEvents = () =>
    db().selectFrom("auditEvents").selectAll().where("orgId", "=", f.orgId).orderBy("chainPosition").execute();
  const problems = async () =>
    (await verifyAuditChains(db())).filter((report) => report.problem !== undefined).map((r) => r.problem);

  it("chains every event: positions 1…n per organization and for the instance, and verify passes", async () => {
    const reports = await verifyAuditChains(db());
    expect(reports.every((report) => report.problem === undefined)).toBe(true);
    const acme = reports.find((report) => report.chainKey === f.orgId);
    const events = await orgEvents();
    expect(acme?.verified).toBe(events.length);
    expect(events.map((e) => e.chainPosition)).toEqual(events.map((_, i) => i + 1));
    expect(reports.find((report) => report.chainKey === "instance")?.verified).toBeGreaterThan(0);
  });

  it("keeps one unbroken chain under many concurrent lifecycle changes", async () => {
    const minted = await Promise.all(
      Array.from({ length: 20 }, (_, i) => f.t.mintToken("alice", { org: "acme", scope: "vso.code", name: `t${i}` })),
    );
    await Promise.all(minted.map((token) => f.t.revokeToken("alice", token.authorizationId)));
    expect(await problems()).toEqual([]);
    const events = await orgEvents();
    expect(events.filter((e) => e.eventType === "Token.PatRevokeEvent")).toHaveLength(20);
  });

  // Several instances on one store are a PostgreSQL deployment (SQLite: one server plus the CLI).
  // Two instances appending at once are a PostgreSQL deployment: defined for that database only.
  if (database.name === "postgres")
    it("keeps one chain when two instances append to it at once", async () => {
      const second = await startTestApp(database, {}, f.t);
      try {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 === 0 ? f.t : second).mintToken("alice", { org: "acme", scope: "vso.code", name: `p${i}` }),
          ),
        );
        expect(await problems()).toEqual([]);
        expect((await orgEvents()).filter((e) => e.tokenDisplayName?.startsWith("p"))).toHaveLength(10);
      } finally {
        await second.app.close();
      }
    });

  it("names an edited event", async () => {
    const [, second] = await orgEvents();
    await db()
      .updateTable("auditEvents")
      .set({ actorName: "mallory" })
      .where("id", "=", second?.id ?? "")
      .execute();
    const [problem] = await problems();
    expect(problem).toMatchObject({ eventId: second?.id, position: 2, problem: "changed" });
  });

  it("names the place of a deleted event", async () => {
    const [, second, third] = await orgEvents();
    await db()
      .deleteFrom("auditEvents")
      .where("id", "=", second?.id ?? "")
      .execute();
    const [problem] = await problems();
    expect(problem).toMatchObject({ eventId: third?.id, position: 3, problem: "removed" });
    expect(problem?.message).toContain("position 2");
  });

  it("sees the newest event removed", async () => {
    const events = await orgEvents();
    const last = events.at(-1);
    await db()
      .deleteFrom("auditEvents")
      .where("id", "=", last?.id ?? "")
      .execute();
    const [problem] = await problems();
    expect(problem).toMatchObject({ position: events.length, problem: "removed" });
  });

  it("sees an organization's whole chain deleted, head row and all", async () => {
    const other = await db()
      .selectFrom("organizations")
      .select("id")
      .where("name", "=", "other")
      .executeTakeFirstOrThrow();
    await db().deleteFrom("auditEvents").where("orgId", "=", other.id).execute();
    await db().deleteFrom("auditChains").where("chainKey", "=", other.id).execute();
    const reports = await verifyAuditChains(db());
    const broken = reports.filter((r) => r.problem !== undefined);
    expect(broken.map((r) => [r.orgName, r.problem?.problem])).toEqual([["other", "removed"]]);
  });

  it("names a reordered event (two positions swapped)", async () => {
    const [, second, third] = await orgEvents();
    const swap = async (id: string, position: number) =>
      db().updateTable("auditEvents").set({ chainPosition: position }).where("id", "=", id).execute();
    await swap(second?.id ?? "", -1);
    await swap(third?.id ?? "", 2);
    await swap(second?.id ?? "", 3);
    const [problem] = await problems();
    expect(problem).toMatchObject({ eventId: third?.id, position: 2, problem: "reordered" });
  });

  it("names a reordered event (sequence numbers swapped)", async () => {
    const [, second, third] = await orgEvents();
    const a = second?.seq ?? 0;
    const b = third?.seq ?? 0;
    // Through a free value: seq is the primary key.
    await sql`update audit_events set seq = ${-a} where seq = ${a}`.execute(db());
    await sql`update audit_events set seq = ${a} where seq = ${b}`.execute(db());
    await sql`update audit_events set seq = ${b} where seq = ${-a}`.execute(db());
    const [problem] = await problems();
    expect(problem).toMatchObject({ eventId: third?.id, position: 3, problem: "reordered" });
  });
});
