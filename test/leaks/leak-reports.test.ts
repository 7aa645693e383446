/**
 * The leak report endpoint as a reporter and an owner observe it: the same 202 and body whether
 * or not a value was a live token (no oracle); a live token reported is audited as discovered and,
 * with the policy on, revoked by the system (it stops working); with the policy off it is only
 * reported; reporting it again changes nothing more; the values never reach logs or audit rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "../../src/audit/audit.repository.js";
import { generateToken } from "../../src/domain/token-format.js";
import { testDatabases } from "../support/databases.js";
import { call, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";

const PROXY = { PATINA_TRUST_PROXY: "127.0.0.1" };

/** Reports `values` from `address` (through the trusted proxy) and waits until the report is processed. */
async function report(t: TestApp, values: unknown, address = "203.0.113.7") {
  const response = await t.app.server.inject({
    method: "POST",
    url: "/_apis/patina/leaks?api-version=7.1",
    headers: { "content-type": "application/json", "x-forwarded-for": address, "user-agent": "secret-scanner/1.0" },
    payload: JSON.stringify(values),
  });
  await t.app.services.leaks.drained();
  return response;
}

async function worksWith(t: TestApp, token: string): Promise<number> {
  return (await call(t, "GET", "/acme/_apis/connectionData", { token })).statusCode;
}

async function eventsOf(t: TestApp, authorizationId: string) {
  const events = await listAuditEvents(t.app.services.store.db, { authorizationId });
  return events.map((event) => ({ ...event, details: JSON.parse(event.details) as Record<string, unknown> }));
}

describe.each(testDatabases())("leak reports on $name", (database) => {
  describe("with the policy on (the default)", () => {
    let t: TestApp;
    let live: MintedToken;
    let revoked: MintedToken;
    const reported: string[] = [];

    beforeAll(async () => {
      t = await startTestApp(database, PROXY);
      await t.createUser("alice");
      await t.createOrg("acme", "alice");
      live = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "leaked one" });
      revoked = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "already revoked" });
      await t.revokeToken("alice", revoked.authorizationId);
    });
    afterAll(async () => t?.close());

    it("answers the same 202 for live, dead and garbage values", async () => {
      const unknown = generateToken("patina_");
      const badChecksum = `${live.token.slice(0, -1)}${live.token.endsWith("A") ? "B" : "A"}`;
      const batches = [
        [revoked.token, unknown],
        [badChecksum, "hello world"],
        ["ghp_notpatina", "x"],
        [live.token, unknown],
      ];
      reported.push(unknown, badChecksum, live.token, revoked.token);
      const answers = [];
      for (const [index, batch] of batches.entries()) {
        const response = await report(t, batch, `198.51.100.${index + 1}`);
        answers.push({ status: response.statusCode, body: response.body, type: response.headers["content-type"] });
      }
      for (const answer of answers) expect(answer).toEqual(answers[0]);
      expect(answers[0]).toMatchObject({ status: 202, body: JSON.stringify({ received: 2 }) });
    });

    it("audits the discovery and revokes the live token as the system: it stops working", async () => {
      expect(await worksWith(t, live.token)).toBe(401);
      const events = await eventsOf(t, live.authorizationId);
      expect(events.map((event) => event.eventType)).toEqual([
        "Token.PatCreateEvent",
        "Token.PatPublicDiscoveryEvent",
        "Token.PatSystemRevokeEvent",
      ]);
      const [, discovery, revocation] = events;
      expect(discovery).toMatchObject({
        tokenDisplayName: "leaked one",
        clientIp: "198.51.100.4",
        userAgent: "secret-scanner/1.0",
        details: { reason: "leaked", reportedFrom: { clientIp: "198.51.100.4", userAgent: "secret-scanner/1.0" } },
      });
      expect(discovery?.orgId).not.toBeNull();
      expect(revocation).toMatchObject({ tokenDisplayName: "leaked one", details: { reason: "leaked" } });
      // The token already revoked before was not "discovered".
      expect((await eventsOf(t, revoked.authorizationId)).map((event) => event.eventType)).toEqual([
        "Token.PatCreateEvent",
        "Token.PatRevokeEvent",
      ]);
    });

    it("changes nothing more when the value is reported again", async () => {
      const before = (await eventsOf(t, live.authorizationId)).length;
      expect((await report(t, [live.token, live.token])).statusCode).toBe(202);
      expect(await eventsOf(t, live.authorizationId)).toHaveLength(before);
    });

    it("reports each value once even when it is repeated in one report", async () => {
      const twice = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "twice" });
      reported.push(twice.token);
      await report(t, [twice.token, twice.token, twice.token]);
      const types = (await eventsOf(t, twice.authorizationId)).map((event) => event.eventType);
      expect(types.filter((type) => type === "Token.PatPublicDiscoveryEvent")).toHaveLength(1);
      expect(types.filter((type) => type === "Token.PatSystemRevokeEvent")).toHaveLength(1);
    });

    it("refuses anything but a JSON array of at most 1000 bounded strings, with a clear 400", async () => {
      const sentinel = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "sentinel" });
      reported.push(sentinel.token);
      const bad: unknown[] = [
        {},
        { tokens: [sentinel.token] },
        sentinel.token,
        42,
        [],
        [42],
        [null],
        [[sentinel.token]],
        [{ token: sentinel.token }],
        [""],
        ["x".repeat(201)],
        Array.from({ length: 1001 }, () => sentinel.token),
        [sentinel.token, 7],
      ];
      for (const [index, body] of bad.entries()) {
        const response = await report(t, body, `192.0.2.${index + 1}`);
        expect(response.statusCode, JSON.stringify(body).slice(0, 50)).toBe(400);
        expect(response.json()).toMatchObject({ $id: "1", eventId: 3000, typeKey: "InvalidArgumentValueException" });
        expect(response.body).not.toContain(sentinel.token);
      }
      const raw = (payload: string, contentType = "application/json") =>
        t.app.server.inject({
          method: "POST",
          url: "/_apis/patina/leaks?api-version=7.1",
          headers: { "content-type": contentType, "x-forwarded-for": "192.0.2.200" },
          payload,
        });
      for (const payload of ['["a\\u0000b"]', '["\\udc00"]', `["${sentinel.token}"`, "null"]) {
        expect((await raw(payload)).statusCode, payload).toBe(400);
      }
      expect((await raw(JSON.stringify([sentinel.token]), "text/plain")).statusCode).toBe(415);
      await t.app.services.leaks.drained();
      expect(await worksWith(t, sentinel.token)).toBe(200);
      expect((await eventsOf(t, sentinel.authorizationId)).map((event) => event.eventType)).toEqual([
        "Token.PatCreateEvent",
      ]);
    });

    it("limits reports per client address (429 with Retry-After), not other addresses", async () => {
      const address = "203.0.113.99";
      for (let i = 0; i < 30; i++) expect((await report(t, ["x"], address)).statusCode).toBe(202);
      const limited = await report(t, ["x"], address);
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
      expect(limited.json()).toMatchObject({ typeKey: "RequestBlockedException" });
      expect((await report(t, ["x"], "203.0.113.100")).statusCode).toBe(202);
      t.clock.advance(61_000);
      expect((await report(t, ["x"], address)).statusCode).toBe(202);
    });

    it("refuses new reports while 100,000 values wait, whatever the values", async () => {
      const garbage = Array.from({ length: 1000 }, (_, index) => `not a token ${index}`);
      const reporter = { clientIp: "192.0.2.250", userAgent: null };
      // submit() queues synchronously; the lookups start only after this turn of the event loop.
      const accepted = Array.from({ length: 101 }, () => t.app.services.leaks.submit(garbage, reporter));
      // (The route answers a refusal 503 with Retry-After; garbage drains too fast to catch that over HTTP.)
      expect(accepted.filter(Boolean)).toHaveLength(100);
      expect(accepted[100]).toBe(false);
      await t.app.services.leaks.drained();
      expect((await report(t, ["x"], "192.0.2.251")).statusCode).toBe(202);
    });

    it("never writes a reported value to the logs or the audit log", async () => {
      const rows = await t.app.services.store.db.selectFrom("auditEvents").selectAll().execute();
      const audit = JSON.stringify(rows);
      const logs = t.logs.join("\n");
      expect(reported.length).toBeGreaterThan(4);
      for (const value of [...reported, "hello world", "ghp_notpatina"]) {
        expect(logs).not.toContain(value);
        expect(audit).not.toContain(value);
      }
    });
  });

  describe("with the policy off", () => {
    let t: TestApp;
    const asked: (string | null)[] = [];

    beforeAll(async () => {
      t = await startTestApp(database, PROXY, undefined, {
        autoRevokeLeaked: async (token) => {
          asked.push(token.orgId);
          return false;
        },
      });
      await t.createUser("alice");
      await t.createOrg("acme", "alice");
    });
    afterAll(async () => t?.close());

    it("only reports the token: it keeps working, and the owner's event says it was not revoked", async () => {
      const leaked = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "leaked" });
      const global = await t.mintToken("alice", { allOrgs: true, scope: "vso.code", name: "global" });
      expect((await report(t, [leaked.token, global.token])).statusCode).toBe(202);
      expect(await worksWith(t, leaked.token)).toBe(200);
      expect(await worksWith(t, global.token)).toBe(200);
      const types = (await eventsOf(t, leaked.authorizationId)).map((event) => event.eventType);
      expect(types).toEqual(["Token.PatCreateEvent", "Token.PatPublicDiscoveryEvent"]);
      const [, discovery] = await eventsOf(t, leaked.authorizationId);
      expect(discovery?.details).toMatchObject({ reason: "leaked", autoRevoke: false });
      // The policy is asked with the token's organization (null for an all-organizations token).
      expect(asked).toHaveLength(2);
      expect(asked).toContain(null);
      expect(asked.filter((orgId) => orgId !== null)).toEqual([discovery?.orgId]);
    });
  });
});
