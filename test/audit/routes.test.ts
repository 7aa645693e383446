/**
 * The audit area over HTTP: Azure DevOps' AuditLogQueryResult shape, newest first, paging with
 * continuation tokens to the end, time filters, downloads, and who may read what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call } from "../support/test-app.js";
import { type AuditFixture, startAuditApp } from "./audit-fixture.js";

const ENTRY_KEYS = [
  "actionId",
  "activityId",
  "actorCUID",
  "actorClientId",
  "actorDisplayName",
  "actorImageUrl",
  "actorUPN",
  "actorUserId",
  "area",
  "authenticationMechanism",
  "category",
  "categoryDisplayName",
  "correlationId",
  "data",
  "details",
  "id",
  "ipAddress",
  "projectId",
  "projectName",
  "scopeDisplayName",
  "scopeId",
  "scopeType",
  "timestamp",
  "userAgent",
];

interface Entry {
  id: string;
  actionId: string;
  timestamp: string;
  details: string;
  data: Record<string, unknown>;
  scopeType: string;
  scopeId: string;
  scopeDisplayName: string;
  actorDisplayName: string;
  category: string;
}
interface Page {
  decoratedAuditLogEntries: Entry[];
  continuationToken: string | null;
  hasMore: boolean;
}

describe.each(testDatabases())("the audit log API on $name", (database) => {
  let f: AuditFixture;
  beforeAll(async () => {
    f = await startAuditApp(database);
    for (let i = 0; i < 7; i++) await f.t.mintToken("alice", { org: "acme", scope: "vso.code", name: `token ${i}` });
    const manager = await f.t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code" });
    const created = await call(f.t, "POST", "/acme/_apis/tokens/pats", {
      token: manager.token,
      body: {
        displayName: "over http",
        scope: "vso.code",
        validTo: new Date(f.t.clock.now().getTime() + 86_400_000).toISOString(),
      },
      headers: { "user-agent": "audit-test/1.0" },
    });
    expect(created.statusCode, created.body).toBe(200);
  });
  afterAll(async () => f?.t.close());

  const log = async (query: string, token = f.adminToken) =>
    call(f.t, "GET", `/acme/_apis/audit/auditlog?${query}`, { token });
  const page = async (query: string) => {
    const response = await log(query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Page;
  };

  it("answers Azure DevOps' shape, newest first, with the organization's events only", async () => {
    const result = await page("");
    expect(Object.keys(result).sort()).toEqual(["continuationToken", "decoratedAuditLogEntries", "hasMore"]);
    expect(result.hasMore).toBe(false);
    const entries = result.decoratedAuditLogEntries;
    for (const entry of entries) expect(Object.keys(entry).sort()).toEqual(ENTRY_KEYS);
    const times = entries.map((e) => e.timestamp);
    expect([...times].sort().reverse()).toEqual(times);
    expect(entries.every((e) => e.scopeType === "organization" && e.scopeId === f.orgId)).toBe(true);
    expect(entries.every((e) => e.scopeDisplayName === "acme")).toBe(true);
    const created = entries.find((e) => e.actionId === "Token.PatCreateEvent" && e.data.displayName === "token 6");
    expect(created).toMatchObject({
      details: 'Created personal access token "token 6".',
      category: "create",
      actorDisplayName: "patina-cli",
      authenticationMechanism: "Patina CLI",
    });
    expect(created?.data).toMatchObject({ scope: "vso.code" });
    const overHttp = entries.find((e) => e.data.displayName === "over http");
    expect(overHttp).toMatchObject({
      actionId: "Token.PatCreateEvent",
      actorDisplayName: "alice",
      authenticationMechanism: "PAT",
      userAgent: "audit-test/1.0",
      ipAddress: "127.0.0.1",
    });
    expect(entries.some((e) => e.actionId === "Organization.CreateEvent")).toBe(true);
    // Instance-level events (users) and other organizations' events are not the organization's.
    expect(entries.some((e) => e.actionId === "User.CreateEvent")).toBe(false);
  });

  it("pages with continuation tokens to the end, each event once", async () => {
    const all = (await page("batchSize=1000")).decoratedAuditLogEntries.map((e) => e.id);
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const next: Page = await page(
        `batchSize=3${token === null ? "" : `&continuationToken=${encodeURIComponent(token)}`}`,
      );
      seen.push(...next.decoratedAuditLogEntries.map((e) => e.id));
      expect(next.hasMore).toBe(next.continuationToken !== null);
      token = next.continuationToken;
      pages++;
    } while (token !== null);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 3));
  });

  it("filters by time: startTime inclusive, endTime exclusive", async () => {
    const before = f.t.clock.now().toISOString();
    f.t.clock.advance(60_000);
    const later = f.t.clock.now().toISOString();
    await f.t.mintToken("alice", { org: "acme", scope: "vso.code", name: "later" });
    const recent = (await page(`startTime=${later}`)).decoratedAuditLogEntries;
    expect(recent.map((e) => e.data.displayName)).toEqual(["later"]);
    const older = (await page(`endTime=${later}`)).decoratedAuditLogEntries;
    expect(older.some((e) => e.data.displayName === "later")).toBe(false);
    expect(older.length).toBeGreaterThan(0);
    expect((await page(`startTime=${before}&endTime=${before}`)).decoratedAuditLogEntries).toEqual([]);
    // A date alone is midnight UTC.
    expect((await page("startTime=9999-12-31")).decoratedAuditLogEntries).toEqual([]);
  });

  it("refuses bad parameters with 400 and the Azure DevOps error body", async () => {
    const first = await page("batchSize=2");
    const token = first.continuationToken ?? "";
    const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    for (const query of [
      "startTime=yesterday",
      "startTime=2026-02-31",
      "startTime=2026-13-01T00:00:00Z",
      "endTime=12345",
      "startTime=2026-12-02&endTime=2026-12-01",
      `startTime=${"2".repeat(65)}`,
      "startTime=2026-12-01%00",
      "batchSize=x",
      "batchSize=0",
      "batchSize=-5",
      "batchSize=1001",
      "batchSize=99999999999999999999",
      "skipAggregation=maybe",
      `continuationToken=${encodeURIComponent(tampered)}`,
      "continuationToken=garbage",
      `continuationToken=${"a".repeat(2000)}`,
      // A token issued for another window does not page this one.
      `startTime=2020-01-01&continuationToken=${encodeURIComponent(token)}`,
    ]) {
      const response = await log(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toMatchObject({ typeKey: expect.any(String), message: expect.any(String) });
    }
  });

  it("is for the organization's administrators: a reader gets 403, another organization's token 401", async () => {
    expect((await log("", f.readerToken)).statusCode).toBe(403);
    const other = await f.t.mintToken("alice", { org: "other", scope: "vso.auditlog" });
    expect((await log("", other.token)).statusCode).toBe(401);
    const noScope = await f.t.mintToken("alice", { org: "acme", scope: "vso.code" });
    expect((await log("", noScope.token)).statusCode).toBe(403);
    expect((await log("", "")).statusCode).toBe(401);
  });

  it("shows instance administrators the events of no organization, and no one else", async () => {
    const response = await call(f.t, "GET", "/_apis/audit/auditlog", { token: f.rootToken });
    expect(response.statusCode, response.body).toBe(200);
    const entries = (response.json() as Page).decoratedAuditLogEntries;
    const created = entries.filter((e) => e.actionId === "User.CreateEvent").map((e) => e.data.username);
    expect(created.sort()).toEqual(["alice", "rita", "root"]);
    expect(entries.every((e) => e.scopeType === "deployment" && e.scopeId === f.t.app.services.instanceId)).toBe(true);
    expect((await call(f.t, "GET", "/_apis/audit/auditlog", { token: f.adminToken })).statusCode).toBe(403);
    expect((await call(f.t, "GET", "/_apis/audit/downloadlog?format=json", { token: f.adminToken })).statusCode).toBe(
      403,
    );
  });

  it("downloads the log as JSON and as formula-safe CSV", async () => {
    await f.t.mintToken("alice", { org: "acme", scope: "vso.code", name: '=HYPERLINK("http://x","a, b")' });
    const json = await call(f.t, "GET", "/acme/_apis/audit/downloadlog?format=json", { token: f.adminToken });
    expect(json.statusCode).toBe(200);
    expect(json.headers["content-type"]).toContain("application/json");
    expect(json.headers["content-disposition"]).toBe('attachment; filename="acme-audit-log.json"');
    expect(json.headers["cache-control"]).toContain("no-store");
    const entries = json.json() as Entry[];
    expect(entries.map((e) => e.id)).toEqual((await page("batchSize=1000")).decoratedAuditLogEntries.map((e) => e.id));

    const csv = await call(f.t, "GET", "/acme/_apis/audit/downloadlog?format=csv", { token: f.adminToken });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^Id,CorrelationId,ActivityId,ActorCUID,/);
    expect(lines).toHaveLength(entries.length + 1);
    const injected = lines.find((line) => line.includes("HYPERLINK")) ?? "";
    // Quoted, quotes doubled, and the name prefixed so no spreadsheet runs it.
    expect(injected).toContain('"Created personal access token ""=HYPERLINK(""http://x"",""a, b"")""."');
    expect(injected).not.toMatch(/(^|,)"=/);
    expect(injected).toContain(`"Token.PatCreateEvent"`);

    for (const query of [
      "format=xml",
      "",
      "format=csv&startTime=nope",
      "format=csv&startTime=2026-12-02&endTime=2026-12-01",
    ]) {
      const refused = await call(f.t, "GET", `/acme/_apis/audit/downloadlog?${query}`, { token: f.adminToken });
      expect(refused.statusCode, query).toBe(400);
    }
    expect(
      (await call(f.t, "GET", "/acme/_apis/audit/downloadlog?format=csv", { token: f.readerToken })).statusCode,
    ).toBe(403);
  });
});
