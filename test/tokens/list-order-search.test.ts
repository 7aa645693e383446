/**
 * The token list's name order (case-insensitive and natural, through the stored sort key), its
 * search (`search`, a case-insensitive substring with LIKE's wildcards taken literally) and its
 * count (`includeTotalCount`), across pages, on every database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";
type Page = { patTokens: { displayName: string; authorizationId: string }[]; continuationToken: string | null };

const NAMES = [
  "ci-token-10",
  "beta",
  "ci-token-2",
  "Alpha",
  "ci-token-1",
  "alpha",
  "50%_off",
  "50 percent off",
  "Zulu",
];

describe.each(testDatabases())("ordering and searching the token list on $name", (database) => {
  let t: TestApp;
  let manager: string;
  const list = async (query: string) => (await call(t, "GET", `${PATS}?${query}`, { token: manager })).json();
  const names = (body: Page) => body.patTokens.map((p) => p.displayName);

  /** Every page of a list, following continuation tokens. */
  const allPages = async (query: string, top: number) => {
    const seen: string[] = [];
    let next: string | null = null;
    for (let page = 0; page < 20; page++) {
      const extra: string = next === null || next === "" ? "" : `&continuationToken=${encodeURIComponent(next)}`;
      const body: Page = await list(`${query}&$top=${top}${extra}`);
      seen.push(...names(body));
      next = body.continuationToken;
      if (next === "") break;
    }
    return seen;
  };

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    manager = (
      await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code", name: "manager", days: 90 })
    ).token;
    for (const name of NAMES) await t.mintToken("alice", { org: "acme", scope: "vso.code", name });
  });
  afterAll(async () => t?.close());

  const ORDERED = [
    "50 percent off",
    "50%_off",
    "Alpha",
    "alpha",
    "beta",
    "ci-token-1",
    "ci-token-2",
    "ci-token-10",
    "manager",
    "Zulu",
  ];

  it("sorts names without regard to case and with numbers as numbers", async () => {
    expect(names(await list("sortByOption=displayName"))).toEqual(ORDERED);
    expect(names(await list("sortByOption=displayName&isSortAscending=false"))).toEqual([...ORDERED].reverse());
  });

  it("keeps that order across pages of every size", async () => {
    for (const top of [1, 3, 4]) expect(await allPages("sortByOption=displayName", top)).toEqual(ORDERED);
    expect(await allPages("sortByOption=displayName&isSortAscending=false", 3)).toEqual([...ORDERED].reverse());
  });

  it("moves a renamed token to its new place in the order", async () => {
    const body: Page = await list("sortByOption=displayName");
    const beta = body.patTokens.find((p) => p.displayName === "beta");
    const renamed = await call(t, "PUT", PATS, {
      token: manager,
      body: { authorizationId: beta?.authorizationId, displayName: "ci-token-3" },
    });
    expect(renamed.statusCode).toBe(200);
    expect(names(await list("sortByOption=displayName&search=ci-token"))).toEqual([
      "ci-token-1",
      "ci-token-2",
      "ci-token-3",
      "ci-token-10",
    ]);
    await call(t, "PUT", PATS, {
      token: manager,
      body: { authorizationId: beta?.authorizationId, displayName: "beta" },
    });
  });

  it("searches names as a case-insensitive substring", async () => {
    expect(names(await list("search=ALPHA"))).toEqual(["Alpha", "alpha"]);
    expect(names(await list("search=token-1"))).toEqual(["ci-token-1", "ci-token-10"]);
    expect(names(await list("search=nothing-like-this"))).toEqual([]);
    expect(names(await list("search="))).toHaveLength(ORDERED.length);
  });

  it("takes % and _ in a search literally", async () => {
    expect(names(await list(`search=${encodeURIComponent("%")}`))).toEqual(["50%_off"]);
    expect(names(await list("search=_"))).toEqual(["50%_off"]);
    expect(names(await list(`search=${encodeURIComponent("0%_o")}`))).toEqual(["50%_off"]);
    expect(names(await list(`search=${encodeURIComponent("\\")}`))).toEqual([]);
  });

  it("counts the tokens matching the filter and search when asked", async () => {
    const counted = await list("includeTotalCount=true&$top=2&search=ci-token");
    expect(counted.totalCount).toBe(3);
    expect(counted.patTokens).toHaveLength(2);
    expect((await list("includeTotalCount=true")).totalCount).toBe(ORDERED.length);
    expect((await list("includeTotalCount=true&displayFilterOption=revoked")).totalCount).toBe(0);
    expect(await list("search=ci")).not.toHaveProperty("totalCount");
  });

  it("pages a search, and refuses its continuation token for another search", async () => {
    expect(await allPages("search=ci-token", 1)).toEqual(["ci-token-1", "ci-token-2", "ci-token-10"]);
    const first: Page = await list("search=ci-token&$top=1");
    const token = encodeURIComponent(first.continuationToken ?? "");
    const replayed = await call(t, "GET", `${PATS}?search=alpha&$top=1&continuationToken=${token}`, { token: manager });
    expect(replayed.statusCode).toBe(400);
  });

  it("answers bad search and count input with a 400 in the Azure DevOps error body", async () => {
    for (const query of [`search=${"a".repeat(257)}`, "includeTotalCount=maybe"]) {
      const response = await call(t, "GET", `${PATS}?${query}`, { token: manager });
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toHaveProperty("message");
      expect(response.body).not.toContain("a".repeat(257));
    }
  });
});
