/**
 * Revocations racing each other, on two instances sharing one database: administrators and the
 * system revoke the same tokens at the same time (on PostgreSQL from both instances; SQLite is one
 * writing process by design, and two in one Node process would block each other's busy wait, so
 * there the writers race on one instance and the second instance only reads). Each token is revoked by
 * exactly one of them (one audit event), the token stops working at once on the instance that
 * revoked it and, through the change feed, on the other one too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";
import { type AdminFixture, auditOf, createAdminFixture, statusWith } from "./fixture.js";

const SHARED = { PATINA_SECRET: "a-shared-secret-of-at-least-32-characters", PATINA_TOKEN_CACHE_TTL_MS: "60000" };

/** The status on `t` once it turns from 200, polling briefly (the other instance hears of changes through the feed). */
async function settledStatus(t: TestApp, token: string, org = "acme"): Promise<number> {
  let status = await statusWith(t, token, org);
  for (let attempt = 0; attempt < 40 && status === 200; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await statusWith(t, token, org);
  }
  return status;
}

describe.each(testDatabases())("concurrent revocations on two instances on $name", (database) => {
  let first: TestApp;
  let second: TestApp;
  let f: AdminFixture;

  beforeAll(async () => {
    first = await startTestApp(database, SHARED);
    second = await startTestApp(database, SHARED, first);
    f = await createAdminFixture(first);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it("audits each token's revocation once, and the token stops working on both instances", async () => {
    // Both instances have the tokens cached (a 60 s cache: only the change events can drop them).
    for (const app of [first, second]) {
      expect(await statusWith(app, f.bobAcme.token)).toBe(200);
      expect(await statusWith(app, f.bobGlobal.token)).toBe(200);
    }
    const targets = [f.bobAcme.authorizationId, f.bobGlobal.authorizationId];
    const body = targets.map((authorizationId) => ({ authorizationId }));
    const adminRevocation = (app: TestApp) =>
      call(app, "POST", "/acme/_apis/tokenadmin/revocations", {
        token: f.aliceAdmin,
        apiVersion: "7.1-preview.1",
        body,
      });
    const now = first.clock.now();
    const writers = database.name === "postgres" ? [first, second] : [first];
    const results = await Promise.all(
      writers.flatMap((app) => [
        ...Array.from({ length: 4 }, () => adminRevocation(app)),
        ...Array.from({ length: 3 }, () => app.app.services.revocations.revokeAsSystem(targets, "unused", now)),
      ]),
    );
    for (const result of results) {
      if (typeof result === "number") expect(result).toBeLessThanOrEqual(2);
      else expect(result.statusCode).toBe(204);
    }
    for (const authorizationId of targets) {
      const revocations = (await auditOf(first, authorizationId)).filter(([type]) => type !== "Token.PatCreateEvent");
      expect(revocations, authorizationId).toHaveLength(1);
      expect(["Token.PatAdminRevokeEvent", "Token.PatSystemRevokeEvent"]).toContain(revocations[0]?.[0]);
    }
    for (const app of [first, second]) {
      expect(await settledStatus(app, f.bobAcme.token)).toBe(401);
      expect(await settledStatus(app, f.bobGlobal.token, "beta")).toBe(401);
    }
    // Tokens nobody named keep working everywhere.
    expect(await statusWith(second, f.bobBeta.token, "beta")).toBe(200);
  });

  it("honours one instance's admin revocation on the other", async () => {
    const victim = await first.mintToken("bob", { org: "acme", scope: "vso.code", name: "victim" });
    expect(await statusWith(second, victim.token)).toBe(200);
    const response = await call(second, "POST", "/acme/_apis/tokenadmin/revocations", {
      token: f.aliceAdmin,
      apiVersion: "7.1-preview.1",
      body: [{ authorizationId: victim.authorizationId }],
    });
    expect(response.statusCode).toBe(204);
    expect(await statusWith(second, victim.token)).toBe(401);
    expect(await settledStatus(first, victim.token)).toBe(401);
  });
});
