/**
 * Concurrent changes of one token are serialized by conditional writes (SPEC section 5, issue 7
 * finding 2): parallel regenerations leave exactly one working value and one audit event per
 * effective change, the losers get 409; parallel revokes all answer 204 with one audit event;
 * parallel updates never both apply to the same old state. On PostgreSQL also across two
 * instances sharing the database, where the race first showed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";
const PARALLEL = 8;
const SHARED = { PATINA_SECRET: "a-shared-secret-of-at-least-32-characters" };

type Injected = Awaited<ReturnType<typeof call>>;

/** The audit events of one token of one type, oldest first. */
async function auditEvents(t: TestApp, authorizationId: string, eventType: string) {
  const rows = await t.app.services.store.db
    .selectFrom("auditEvents")
    .select(["details"])
    .where("authorizationId", "=", authorizationId)
    .where("eventType", "=", eventType)
    .orderBy("seq")
    .execute();
  return rows.map((row) => JSON.parse(row.details) as Record<string, unknown>);
}

/** Every 200 answered one regeneration; the others lost the race with a 409 that says so. */
function splitOutcomes(responses: Injected[]) {
  const won = responses.filter((r) => r.statusCode === 200);
  for (const lost of responses.filter((r) => r.statusCode !== 200)) {
    expect(lost.statusCode, lost.body).toBe(409);
    expect(lost.json()).toMatchObject({ patToken: null, patTokenError: "concurrentModification" });
    expect(lost.body).not.toContain("patina_");
  }
  expect(won.length).toBeGreaterThanOrEqual(1);
  return won;
}

/** Regenerates `target` PARALLEL times at once, spread over the given instances. */
async function regenerateInParallel(instances: TestApp[], manager: string, target: MintedToken) {
  const url = `${PATS}/regenerate?authorizationId=${target.authorizationId}`;
  const responses = await Promise.all(
    Array.from({ length: PARALLEL }, (_, i) =>
      call(instances[i % instances.length] as TestApp, "POST", url, { token: manager }),
    ),
  );
  return splitOutcomes(responses);
}

/** The values among these that are working credentials, asked on every instance. */
async function workingValues(instances: TestApp[], values: string[]) {
  const working: string[] = [];
  for (const value of values) {
    const statuses = await Promise.all(instances.map((t) => call(t, "GET", PATS, { token: value })));
    const ok = statuses.filter((r) => r.statusCode === 200).length;
    expect(ok === 0 || ok === instances.length, "every instance agrees").toBe(true);
    if (ok > 0) working.push(value);
  }
  return working;
}

describe.each(testDatabases())("concurrent lifecycle writes on $name", (database) => {
  let t: TestApp;
  let manager: string;

  beforeAll(async () => {
    t = await startTestApp(database, SHARED);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    manager = (await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage", days: 365 })).token;
  });
  afterAll(async () => t?.close());

  it(`${PARALLEL} parallel regenerations leave exactly one working value and one audit event per change`, async () => {
    const target = await t.mintToken("alice", { org: "acme", scope: "vso.pats", name: "raced" });
    const won = await regenerateInParallel([t], manager, target);
    const values = [target.token, ...won.map((r) => r.json().patToken.token as string)];
    const working = await workingValues([t], values);
    expect(working).toHaveLength(1);
    const events = await auditEvents(t, target.authorizationId, "Token.PatRegenerateEvent");
    expect(events).toHaveLength(won.length);
    // Each effective change started from a different state of the token: none repeats another.
    expect(new Set(events.map((e) => e.revision)).size).toBe(events.length);
    // The list describes the one value that works.
    const listed = await call(t, "GET", `${PATS}?authorizationId=${target.authorizationId}`, { token: manager });
    expect(listed.json().patToken.tokenHint).toBe(`${String(working[0]).slice(0, 11)}…`);
  });

  it(`${PARALLEL} parallel revokes all answer 204 with exactly one revoke event`, async () => {
    const target = await t.mintToken("alice", { org: "acme", scope: "vso.pats", name: "revoked at once" });
    const url = `${PATS}?authorizationId=${target.authorizationId}`;
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => call(t, "DELETE", url, { token: manager })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(PARALLEL).fill(204));
    expect(await auditEvents(t, target.authorizationId, "Token.PatRevokeEvent")).toHaveLength(1);
    expect((await call(t, "GET", PATS, { token: target.token })).statusCode).toBe(401);
  });

  it(`${PARALLEL} parallel updates never both apply to the same old state`, async () => {
    const target = await t.mintToken("alice", { org: "acme", scope: "vso.pats", name: "renamed" });
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        call(t, "PUT", PATS, {
          token: manager,
          body: { authorizationId: target.authorizationId, displayName: `n${i}` },
        }),
      ),
    );
    const won = splitOutcomes(responses);
    const events = await auditEvents(t, target.authorizationId, "Token.PatUpdateEvent");
    expect(events).toHaveLength(won.length);
    expect(new Set(events.map((e) => e.revision)).size).toBe(events.length);
    const listed = await call(t, "GET", `${PATS}?authorizationId=${target.authorizationId}`, { token: manager });
    expect(listed.json().patToken.displayName).toBe(events.at(-1)?.displayName);
  });

  it("a regeneration racing a revoke never hands out a value for a revoked token", async () => {
    const target = await t.mintToken("alice", { org: "acme", scope: "vso.pats", name: "regenerate vs revoke" });
    const [regenerated, revoked] = await Promise.all([
      call(t, "POST", `${PATS}/regenerate?authorizationId=${target.authorizationId}`, { token: manager }),
      call(t, "DELETE", `${PATS}?authorizationId=${target.authorizationId}`, { token: manager }),
    ]);
    expect(revoked.statusCode).toBe(204);
    if (regenerated.statusCode === 200) {
      // The regeneration committed first; the revoke then ended the new value too.
      expect((await call(t, "GET", PATS, { token: regenerated.json().patToken.token })).statusCode).toBe(401);
      expect(await auditEvents(t, target.authorizationId, "Token.PatRegenerateEvent")).toHaveLength(1);
    } else {
      expect([404, 409]).toContain(regenerated.statusCode);
      expect(await auditEvents(t, target.authorizationId, "Token.PatRegenerateEvent")).toHaveLength(0);
    }
    expect((await call(t, "GET", PATS, { token: target.token })).statusCode).toBe(401);
  });
});

// Two instances on one database: PostgreSQL only (SQLite is one server process by design).
const postgres = testDatabases().find((d) => d.name === "postgres");

describe.runIf(postgres)("concurrent regenerations across two instances on PostgreSQL", () => {
  let first: TestApp;
  let second: TestApp;
  let manager: string;

  beforeAll(async () => {
    if (!postgres) return;
    first = await startTestApp(postgres, SHARED);
    second = await startTestApp(postgres, SHARED, first);
    await first.createUser("alice");
    await first.createOrg("acme", "alice");
    manager = (await first.mintToken("alice", { org: "acme", scope: "vso.pats_manage", days: 365 })).token;
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it(`${PARALLEL} regenerations split over both instances leave exactly one working value`, async () => {
    for (let round = 0; round < 3; round++) {
      const target = await first.mintToken("alice", { org: "acme", scope: "vso.pats", name: `raced ${round}` });
      const won = await regenerateInParallel([first, second], manager, target);
      const values = [target.token, ...won.map((r) => r.json().patToken.token as string)];
      expect(await workingValues([first, second], values)).toHaveLength(1);
      const events = await auditEvents(first, target.authorizationId, "Token.PatRegenerateEvent");
      expect(events).toHaveLength(won.length);
      expect(new Set(events.map((e) => e.revision)).size).toBe(events.length);
    }
  });
});
