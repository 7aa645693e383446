/**
 * Patina's organization token list and "revoke all tokens of a user", as an administrator sees
 * them: every token that works in the organization with its owner, the filters, paging to the end,
 * and the bounds (never another organization's tokens; members who are not admins get 403).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";
import { type AdminFixture, auditOf, createAdminFixture, statusWith } from "./fixture.js";

interface Listed {
  value: {
    authorizationId: string;
    displayName: string;
    status: string;
    token: null;
    owner: { username: string; subjectDescriptor: string };
  }[];
  count: number;
  continuationToken: string | null;
}

describe.each(testDatabases())("the organization token list on $name", (database) => {
  let t: TestApp;
  let f: AdminFixture;

  beforeAll(async () => {
    t = await startTestApp(database);
    f = await createAdminFixture(t);
  });
  afterAll(async () => t?.close());

  const list = async (query = "", token = f.aliceAdmin, org = "acme") => {
    const response = await call(t, "GET", `/${org}/_apis/patina/tokens${query}`, { token });
    return { status: response.statusCode, body: response.json() as Listed, raw: response.body };
  };
  const names = (listed: Listed) => listed.value.map((token) => token.displayName).sort();

  it("lists every token that works in the organization, with its owner, never a secret", async () => {
    const { status, body, raw } = await list();
    expect(status).toBe(200);
    // alice's own admin token, bob's acme token and bob's global token; not bob's beta token nor carol's.
    expect(names(body)).toEqual(["acme ci", "admin", "everywhere"]);
    expect(body.count).toBe(3);
    const everywhere = body.value.find((token) => token.displayName === "everywhere");
    expect(everywhere?.owner).toMatchObject({ username: "bob" });
    expect(everywhere?.owner.subjectDescriptor).toMatch(/^patina\./);
    expect(everywhere?.token).toBeNull();
    for (const minted of [f.bobAcme, f.bobGlobal]) expect(raw).not.toContain(minted.token.slice(7, 20));
  });

  it("filters by user, status, scope and expiry", async () => {
    expect(names((await list("?user=bob")).body)).toEqual(["acme ci", "everywhere"]);
    expect(names((await list(`?user=${f.bobId}`)).body)).toEqual(["acme ci", "everywhere"]);
    expect(names((await list("?scope=vso.code")).body)).toEqual(["acme ci"]);
    // vso.work_write grants vso.work; a filter on vso.work_write does not match a read-only token.
    expect(names((await list("?scope=vso.work")).body)).toEqual(["everywhere"]);
    expect(names((await list("?scope=vso.work_write")).body)).toEqual([]);
    const soon = await t.mintToken("bob", { org: "acme", scope: "vso.code", days: 3, name: "soon" });
    expect(names((await list("?expiringWithinDays=7")).body)).toEqual(["soon"]);
    t.clock.advance(4 * DAY_MS);
    expect((await list("?status=expired")).body.value.map((token) => token.authorizationId)).toEqual([
      soon.authorizationId,
    ]);
    expect(names((await list("?status=all&user=bob")).body)).toEqual(["acme ci", "everywhere", "soon"]);
    expect((await list("?status=revoked")).body.value).toEqual([]);
  });

  it("pages with $top and continuationToken to the end, without repeats", async () => {
    for (let i = 0; i < 5; i++) await t.mintToken("bob", { org: "acme", scope: "vso.project", name: `page ${i}` });
    const all = (await list("?status=all")).body.value.map((token) => token.authorizationId);
    const seen: string[] = [];
    let continuation: string | null = null;
    do {
      const next = continuation === null ? "" : `&continuationToken=${encodeURIComponent(continuation)}`;
      const { status, body } = await list(`?status=all&$top=2${next}`);
      expect(status).toBe(200);
      expect(body.value.length).toBeLessThanOrEqual(2);
      seen.push(...body.value.map((token) => token.authorizationId));
      continuation = body.continuationToken;
    } while (continuation !== null && seen.length < 100);
    expect(seen).toEqual(all);
    // A continuation token is bound to its filters.
    const first = (await list("?status=all&$top=2")).body.continuationToken ?? "";
    expect((await list(`?status=active&$top=2&continuationToken=${encodeURIComponent(first)}`)).status).toBe(400);
  });

  it("answers bad filters with a clear 400", async () => {
    const bad = [
      "?status=gone",
      "?$top=0",
      "?$top=101",
      "?$top=two",
      "?expiringWithinDays=-1",
      "?expiringWithinDays=366",
      "?expiringWithinDays=7&status=revoked",
      "?scope=vso.nothing",
      "?scope=vso.code%20vso.work",
      "?user=patina.garbage",
      "?continuationToken=abc",
      `?user=${"x".repeat(200)}`,
      "?user=a%00b",
    ];
    for (const query of bad) {
      const { status, body } = await list(query);
      expect(status, query).toBe(400);
      expect(body).toMatchObject({ $id: "1", eventId: 3000 });
    }
    expect((await list("?user=nobody")).status).toBe(404);
    // carol is a user, but not of acme: exactly like nobody.
    expect((await list("?user=carol")).status).toBe(404);
  });

  it("keeps non-admins out (403) and other organizations' admins to their own organization", async () => {
    const bobToken = await t.mintToken("bob", { org: "acme", scope: "vso.tokenadministration" });
    expect((await list("", bobToken.token)).status).toBe(403);
    const fromBeta = await list("?status=all", f.carolAdmin, "beta");
    expect(fromBeta.status).toBe(200);
    expect(fromBeta.body.value.map((token) => token.displayName)).not.toContain("acme ci");
  });

  it("revokes every token of a user that works in the organization, and only those", async () => {
    const revokeAll = (user: string, token = f.aliceAdmin, body: unknown = { confirm: true }) =>
      call(t, "POST", `/acme/_apis/patina/tokens/revokeall?user=${user}`, { token, body: body as object });
    expect((await revokeAll("bob", f.aliceAdmin, {})).statusCode).toBe(400);
    expect((await revokeAll("bob", f.aliceAdmin, { confirm: "yes" })).statusCode).toBe(400);
    expect((await revokeAll("carol")).statusCode).toBe(404);
    expect(await statusWith(t, f.bobAcme.token)).toBe(200);
    const response = await revokeAll("bob");
    expect(response.statusCode).toBe(200);
    expect((response.json() as { revokedCount: number }).revokedCount).toBeGreaterThanOrEqual(2);
    expect(await statusWith(t, f.bobAcme.token)).toBe(401);
    expect(await statusWith(t, f.bobGlobal.token)).toBe(401);
    // bob's beta token is carol's organization's business.
    expect(await statusWith(t, f.bobBeta.token, "beta")).toBe(200);
    expect(await auditOf(t, f.bobGlobal.authorizationId)).toEqual([
      ["Token.PatCreateEvent", undefined],
      ["Token.PatAdminRevokeEvent", "adminRevokeAll"],
    ]);
    expect(((await revokeAll("bob")).json() as { revokedCount: number }).revokedCount).toBe(0);
  });
});
