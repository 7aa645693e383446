/**
 * The organization's audit chain check over HTTP: verified on a fresh log, not verified once a
 * row is tampered with in the database (naming only a position, nothing of the event or of other
 * organizations), each organization checked on its own chain, and only for its admins.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectCredentialFailure } from "../support/credential-failure.js";
import { testDatabases } from "../support/databases.js";
import { call } from "../support/test-app.js";
import { type AuditFixture, startAuditApp } from "./audit-fixture.js";

interface Verification {
  verified: boolean;
  checkedEvents: number;
  checkedAt: string;
  message: string;
}

describe.each(testDatabases())("the audit chain check on $name", (database) => {
  let f: AuditFixture;
  beforeEach(async () => {
    f = await startAuditApp(database);
  });
  afterEach(async () => f?.t.close());

  const db = () => f.t.app.services.store.db;
  const verify = async (org = "acme", token = f.adminToken) => {
    const response = await call(f.t, "GET", `/${org}/_apis/patina/audit/verification`, { token });
    const body = response.statusCode === 401 ? undefined : (response.json() as Verification);
    return { status: response.statusCode, body: body as Verification };
  };
  const orgEvents = (orgId = f.orgId) =>
    db().selectFrom("auditEvents").selectAll().where("orgId", "=", orgId).orderBy("chainPosition").execute();

  it("says verified on a fresh log, with the events it checked", async () => {
    const { status, body } = await verify();
    expect(status).toBe(200);
    expect(body).toEqual({
      verified: true,
      checkedEvents: (await orgEvents()).length,
      checkedAt: f.t.clock.now().toISOString(),
      message: expect.stringMatching(/^The audit log is intact: \d+ events checked/),
    });
    expect(body.checkedEvents).toBeGreaterThan(2);
  });

  it("says not verified after a row is edited in the database, and names only its position", async () => {
    const [, second] = await orgEvents();
    await db()
      .updateTable("auditEvents")
      .set({ actorName: "mallory" })
      .where("id", "=", second?.id ?? "")
      .execute();
    const { status, body } = await verify();
    expect(status).toBe(200);
    expect(body.verified).toBe(false);
    expect(body.checkedEvents).toBe(1);
    expect(body.message).toMatch(/position 2 was changed/);
    expect(body.message).not.toContain("mallory");
    expect(body.message).not.toContain(second?.id ?? "-");
  });

  it("says not verified after a row is deleted", async () => {
    const events = await orgEvents();
    await db()
      .deleteFrom("auditEvents")
      .where("id", "=", events.at(-1)?.id ?? "")
      .execute();
    expect((await verify()).body).toMatchObject({ verified: false, message: expect.stringMatching(/missing/) });
  });

  it("checks each organization's own chain: damage elsewhere is not reported, nor revealed", async () => {
    const other = await db()
      .selectFrom("organizations")
      .select("id")
      .where("name", "=", "other")
      .executeTakeFirstOrThrow();
    const [first] = await orgEvents(other.id);
    await db()
      .updateTable("auditEvents")
      .set({ details: '{"secret":"other org detail"}' })
      .where("id", "=", first?.id ?? "")
      .execute();
    const acme = await verify();
    expect(acme.body.verified).toBe(true);
    expect(JSON.stringify(acme.body)).not.toContain("other");
    const aliceOther = (await f.t.mintToken("alice", { org: "other", scope: "vso.auditlog" })).token;
    const damaged = await verify("other", aliceOther);
    expect(damaged.body.verified).toBe(false);
    expect(damaged.body.message).not.toContain("other org detail");
  });

  it("is for the organization's admins with vso.auditlog only", async () => {
    expect((await verify("acme", f.readerToken)).status).toBe(403);
    const noScope = (await f.t.mintToken("alice", { org: "acme", scope: "vso.code" })).token;
    expect((await verify("acme", noScope)).status).toBe(403);
    // alice's acme token does not work in other.
    expect((await verify("other", f.adminToken)).status).toBe(401);
    expectCredentialFailure(await call(f.t, "GET", "/acme/_apis/patina/audit/verification"));
  });
});
