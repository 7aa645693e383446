import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";
type Listed = { displayName: string; status: string; token: string | null };

describe.each(testDatabases())("listing tokens on $name", (database) => {
  let t: TestApp;
  let manager: string;
  const names = (body: { patTokens: Listed[] }) => body.patTokens.map((p) => p.displayName);

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createUser("bob");
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "bob", "reader");
    manager = (await t.mintToken("alice", { org: "acme", scope: "vso.pats", name: "manager", days: 90 })).token;
    await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "charlie", days: 10 });
    await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "bravo", days: 20 });
    const revoked = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "alpha", days: 30 });
    await t.revokeToken("alice", revoked.authorizationId);
    await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "delta", days: 1 });
    await t.mintToken("bob", { org: "acme", scope: "vso.code", name: "bobs" });
    t.clock.advance(2 * DAY_MS);
  });
  afterAll(async () => t?.close());

  it("lists only the caller's active tokens by default, without secrets", async () => {
    const response = await call(t, "GET", PATS, { token: manager });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(names(body)).toEqual(["bravo", "charlie", "manager"]);
    expect(body.patTokens.every((p: Listed) => p.token === null && p.status === "active")).toBe(true);
    // The last page says "" (Microsoft's example of this API), not null.
    expect(body.continuationToken).toBe("");
  });

  it("filters by status", async () => {
    const get = async (filter: string) =>
      names((await call(t, "GET", `${PATS}?displayFilterOption=${filter}`, { token: manager })).json());
    expect(await get("revoked")).toEqual(["alpha"]);
    expect(await get("expired")).toEqual(["delta"]);
    expect(await get("all")).toEqual(["alpha", "bravo", "charlie", "delta", "manager"]);
  });

  it("sorts by name, date and status in both directions", async () => {
    const get = async (query: string) =>
      names((await call(t, "GET", `${PATS}?displayFilterOption=all&${query}`, { token: manager })).json());
    expect(await get("sortByOption=displayName&isSortAscending=false")).toEqual([
      "manager",
      "delta",
      "charlie",
      "bravo",
      "alpha",
    ]);
    expect(await get("sortByOption=displayDate")).toEqual(["delta", "charlie", "bravo", "alpha", "manager"]);
    const byStatus = await get("sortByOption=status");
    expect(byStatus.slice(3)).toEqual(["delta", "alpha"]);
  });

  it("pages with $top and an opaque continuationToken", async () => {
    const seen: string[] = [];
    let url = `${PATS}?displayFilterOption=all&$top=2`;
    for (let page = 0; page < 5; page++) {
      const body = (await call(t, "GET", url, { token: manager })).json();
      seen.push(...names(body));
      if (!body.continuationToken) break;
      expect(body.patTokens).toHaveLength(2);
      url = `${PATS}?displayFilterOption=all&$top=2&continuationToken=${encodeURIComponent(body.continuationToken)}`;
    }
    expect(seen).toEqual(["alpha", "bravo", "charlie", "delta", "manager"]);
  });
});
