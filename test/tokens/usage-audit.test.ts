/** Usage is recorded in batches (no write per request) and every lifecycle change leaves an audit event. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";

describe.each(testDatabases())("usage and audit on $name", (database) => {
  let t: TestApp;
  let manager: { token: string; authorizationId: string };
  const db = () => t.app.services.store.db;
  const lastUsed = async (authorizationId: string) =>
    db()
      .selectFrom("tokens")
      .select(["lastUsedAt", "lastUsedIps"])
      .where("authorizationId", "=", authorizationId)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    manager = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code" });
  });
  afterAll(async () => t?.close());

  it("records last use and client addresses only when the batch is flushed", async () => {
    for (const ip of ["10.0.0.1", "10.0.0.2", "10.0.0.1"]) {
      const response = await t.app.server.inject({
        url: `${PATS}?api-version=7.1`,
        headers: { authorization: `Bearer ${manager.token}` },
        remoteAddress: ip,
      });
      expect(response.statusCode).toBe(200);
    }
    expect((await lastUsed(manager.authorizationId)).lastUsedAt).toBeNull();
    await t.app.services.usage.flush();
    const usage = await lastUsed(manager.authorizationId);
    expect(usage.lastUsedAt).toBe(t.clock.now().toISOString());
    expect(JSON.parse(usage.lastUsedIps)).toEqual(["10.0.0.1", "10.0.0.2"]);
    const listed = await call(t, "GET", `${PATS}?authorizationId=${manager.authorizationId}`, { token: manager.token });
    expect(listed.json().patToken.lastUsedAt).toBe(t.clock.now().toISOString());
  });

  it("writes one audit event per lifecycle change, with actor, address and no secret", async () => {
    const created = await call(t, "POST", PATS, {
      token: manager.token,
      body: {
        displayName: "audited",
        scope: "vso.code",
        validTo: new Date(t.clock.now().getTime() + 9 * DAY_MS).toISOString(),
      },
      headers: { "user-agent": "audit-test/1.0" },
    });
    const pat = created.json().patToken;
    await call(t, "PUT", PATS, {
      token: manager.token,
      body: { authorizationId: pat.authorizationId, displayName: "renamed" },
    });
    const regenerated = await call(t, "POST", `${PATS}/regenerate?authorizationId=${pat.authorizationId}`, {
      token: manager.token,
    });
    await call(t, "DELETE", `${PATS}?authorizationId=${pat.authorizationId}`, { token: manager.token });
    await call(t, "DELETE", `${PATS}?authorizationId=${pat.authorizationId}`, { token: manager.token });

    const events = await db()
      .selectFrom("auditEvents")
      .selectAll()
      .where("authorizationId", "=", pat.authorizationId)
      .orderBy("seq")
      .execute();
    expect(events.map((e) => e.eventType)).toEqual([
      "Token.PatCreateEvent",
      "Token.PatUpdateEvent",
      "Token.PatRegenerateEvent",
      "Token.PatRevokeEvent",
    ]);
    expect(events[0]).toMatchObject({
      actorName: "alice",
      clientIp: "127.0.0.1",
      userAgent: "audit-test/1.0",
      tokenDisplayName: "audited",
    });
    expect(events[1]?.tokenDisplayName).toBe("renamed");
    const everything = JSON.stringify(events);
    expect(everything).not.toContain(pat.token);
    expect(everything).not.toContain(regenerated.json().patToken.token);
  });
});
