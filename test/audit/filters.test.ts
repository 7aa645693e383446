/**
 * The audit log's event type and actor filters, on the page and the download: an exact type or
 * an area, a case-insensitive actor, paging to the end with filters (continuation tokens bound
 * to them), with the time window, and bad values a 400. AUDIT_EVENT_TYPES lists every type.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_EVENT_TYPES } from "../../src/audit/audit-event-types.js";
import { testDatabases } from "../support/databases.js";
import { call } from "../support/test-app.js";
import { type AuditFixture, startAuditApp } from "./audit-fixture.js";

interface Entry {
  id: string;
  actionId: string;
  actorUPN: string;
  data: Record<string, unknown>;
}
interface Page {
  decoratedAuditLogEntries: Entry[];
  continuationToken: string | null;
  hasMore: boolean;
}

describe.each(testDatabases())("audit log filters on $name", (database) => {
  let f: AuditFixture;

  beforeAll(async () => {
    f = await startAuditApp(database);
    // alice (over HTTP) creates and revokes tokens of her own; the CLI mints more.
    const manager = await f.t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code", days: 365 });
    for (let i = 0; i < 5; i++) {
      const created = await call(f.t, "POST", "/acme/_apis/tokens/pats", {
        token: manager.token,
        body: {
          displayName: `http ${i}`,
          scope: "vso.code",
          validTo: new Date(f.t.clock.now().getTime() + 86_400_000).toISOString(),
        },
      });
      expect(created.statusCode, created.body).toBe(200);
      const id = (created.json() as { patToken: { authorizationId: string } }).patToken.authorizationId;
      if (i % 2 === 0) {
        const revoked = await call(f.t, "DELETE", `/acme/_apis/tokens/pats?authorizationId=${id}`, {
          token: manager.token,
        });
        expect(revoked.statusCode).toBe(204);
      }
    }
    for (let i = 0; i < 3; i++) await f.t.mintToken("rita", { org: "acme", scope: "vso.code", name: `cli ${i}` });
  });
  afterAll(async () => f?.t.close());

  const page = async (query: string) => {
    const response = await call(f.t, "GET", `/acme/_apis/audit/auditlog?batchSize=1000&${query}`, {
      token: f.adminToken,
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as Page).decoratedAuditLogEntries;
  };
  const all = async () => page("");

  it("filters by an exact event type", async () => {
    const revoked = await page("actionId=Token.PatRevokeEvent");
    expect(revoked).toHaveLength(3);
    expect(revoked.every((e) => e.actionId === "Token.PatRevokeEvent")).toBe(true);
    expect(await page("actionId=Token.PatRevoke")).toEqual([]);
  });

  it("filters by an area: every type of it, and only of it", async () => {
    const everything = await all();
    const tokens = await page("actionId=Token");
    expect(tokens.map((e) => e.id)).toEqual(everything.filter((e) => e.actionId.startsWith("Token.")).map((e) => e.id));
    expect(new Set(tokens.map((e) => e.actionId))).toEqual(new Set(["Token.PatCreateEvent", "Token.PatRevokeEvent"]));
    const organization = await page("actionId=Organization");
    expect(organization.length).toBeGreaterThan(0);
    expect(organization.every((e) => e.actionId.startsWith("Organization."))).toBe(true);
    // An area is a whole name: "Tok" is no area.
    expect(await page("actionId=Tok")).toEqual([]);
  });

  it("filters by actor, ignoring case, exactly", async () => {
    const everything = await all();
    const byAlice = await page("actor=ALICE");
    expect(byAlice.map((e) => e.id)).toEqual(everything.filter((e) => e.actorUPN === "alice").map((e) => e.id));
    // Her five creations and three revocations over HTTP.
    expect(byAlice.map((e) => e.actionId).sort()).toEqual([
      ...Array<string>(5).fill("Token.PatCreateEvent"),
      ...Array<string>(3).fill("Token.PatRevokeEvent"),
    ]);
    expect(await page("actor=alic")).toEqual([]);
    expect(await page("actor=nobody")).toEqual([]);
  });

  it("combines filters with each other and with the time window", async () => {
    const everything = await all();
    const combined = await page("actionId=Token.PatCreateEvent&actor=patina-cli");
    expect(combined.map((e) => e.id)).toEqual(
      everything.filter((e) => e.actionId === "Token.PatCreateEvent" && e.actorUPN === "patina-cli").map((e) => e.id),
    );
    const future = new Date(f.t.clock.now().getTime() + 60_000).toISOString();
    expect(await page(`actor=alice&startTime=${future}`)).toEqual([]);
  });

  it("pages with filters to the end, each matching event once, tokens bound to the filters", async () => {
    const expected = (await page("actionId=Token")).map((e) => e.id);
    const seen: string[] = [];
    let token: string | null = null;
    let first: string | null = null;
    do {
      const response = await call(
        f.t,
        "GET",
        `/acme/_apis/audit/auditlog?actionId=Token&batchSize=2${token === null ? "" : `&continuationToken=${encodeURIComponent(token)}`}`,
        { token: f.adminToken },
      );
      const next = response.json() as Page;
      expect(next.decoratedAuditLogEntries.length).toBeLessThanOrEqual(2);
      seen.push(...next.decoratedAuditLogEntries.map((e) => e.id));
      token = next.continuationToken;
      first ??= token;
    } while (token !== null && seen.length < 1000);
    expect(seen).toEqual(expected);
    const other = await call(
      f.t,
      "GET",
      `/acme/_apis/audit/auditlog?actionId=User&batchSize=2&continuationToken=${encodeURIComponent(first ?? "")}`,
      { token: f.adminToken },
    );
    expect(other.statusCode).toBe(400);
    const unfiltered = await call(
      f.t,
      "GET",
      `/acme/_apis/audit/auditlog?batchSize=2&continuationToken=${encodeURIComponent(first ?? "")}`,
      { token: f.adminToken },
    );
    expect(unfiltered.statusCode).toBe(400);
  });

  it("filters the download (JSON and CSV) the same way", async () => {
    const expected = (await page("actionId=Token.PatRevokeEvent&actor=alice")).map((e) => e.id);
    const json = await call(
      f.t,
      "GET",
      "/acme/_apis/audit/downloadlog?format=json&actionId=Token.PatRevokeEvent&actor=Alice",
      {
        token: f.adminToken,
      },
    );
    expect(json.statusCode).toBe(200);
    expect((JSON.parse(json.body) as Entry[]).map((e) => e.id)).toEqual(expected);
    const csv = await call(f.t, "GET", "/acme/_apis/audit/downloadlog?format=csv&actionId=User", {
      token: f.adminToken,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split("\n")).toHaveLength(1); // the header: the organization has no User events
  });

  it("answers bad filter values with a 400", async () => {
    const bad = [
      "actionId=",
      "actionId=Token.",
      "actionId=Token.%25",
      "actionId=Token_",
      "actionId=Token.Pat.Revoke",
      `actionId=${"A".repeat(200)}`,
      "actor=",
      "actor=%20%20",
      `actor=${"a".repeat(300)}`,
      "actor=a%00b",
    ];
    for (const query of bad) {
      for (const route of ["auditlog?", "downloadlog?format=json&"]) {
        const response = await call(f.t, "GET", `/acme/_apis/audit/${route}${query}`, { token: f.adminToken });
        expect(response.statusCode, `${route}${query}`).toBe(400);
        expect(response.json()).toMatchObject({ $id: "1", eventId: 3000 });
      }
    }
  });

  it("lists every event type Patina writes, in a module that imports nothing", () => {
    const src = path.resolve(import.meta.dirname, "../../src");
    const written = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".ts")) {
          for (const match of fs
            .readFileSync(full, "utf8")
            .matchAll(/"([A-Z][A-Za-z]+\.[A-Z][A-Za-z]+(?:Event|Updated|Deleted|Renamed))"/g)) {
            if (match[1]) written.add(match[1]);
          }
        }
      }
    };
    walk(src);
    expect([...written].sort()).toEqual([...AUDIT_EVENT_TYPES].sort());
    const text = fs.readFileSync(path.join(src, "audit/audit-event-types.ts"), "utf8");
    expect(text).not.toMatch(/^\s*import\b/m);
    expect(new Set(AUDIT_EVENT_TYPES).size).toBe(AUDIT_EVENT_TYPES.length);
  });
});
