/**
 * Searching the organization token list: `search` matches a substring of the token's display name
 * or of its owner's username in any letter case, with LIKE's `%` and `_` taken literally, combined
 * with the other filters and with paging; `includeTotalCount=true` counts every match over all pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";
import { type AdminFixture, createAdminFixture } from "./fixture.js";

interface Listed {
  value: { authorizationId: string; displayName: string; owner: { username: string } }[];
  count: number;
  totalCount?: number;
  continuationToken: string | null;
}

describe.each(testDatabases())("searching the organization token list on $name", (database) => {
  let t: TestApp;
  let f: AdminFixture;

  beforeAll(async () => {
    t = await startTestApp(database);
    f = await createAdminFixture(t);
    await t.createUser("dora");
    await t.addMember("acme", "dora", "contributor");
    await t.mintToken("dora", { org: "acme", scope: "vso.code", name: "Nightly DEPLOY" });
    await t.mintToken("dora", { org: "acme", scope: "vso.code", name: "100% coverage" });
    await t.mintToken("dora", { org: "acme", scope: "vso.code", name: "release_bot" });
    await t.mintToken("dora", { org: "acme", scope: "vso.code", name: "releaseXbot" });
    await t.mintToken("dora", { org: "acme", scope: "vso.code", name: "back\\slash" });
  });
  afterAll(async () => t?.close());

  const list = async (query: string) => {
    const response = await call(t, "GET", `/acme/_apis/patina/tokens?${query}`, { token: f.aliceAdmin });
    return { status: response.statusCode, body: response.json() as Listed, raw: response.body };
  };
  const names = async (query: string) => (await list(query)).body.value.map((token) => token.displayName).sort();

  it("matches part of a display name in any letter case", async () => {
    expect(await names("search=deploy")).toEqual(["Nightly DEPLOY"]);
    expect(await names("search=NIGHTLY%20de")).toEqual(["Nightly DEPLOY"]);
  });

  it("matches part of the owner's username", async () => {
    const dora = ["100% coverage", "Nightly DEPLOY", "back\\slash", "release_bot", "releaseXbot"];
    expect(await names("search=DOR")).toEqual(dora.sort());
    expect(await names("search=bo")).toEqual(["acme ci", "everywhere", "release_bot", "releaseXbot"].sort());
  });

  it("takes %, _ and \\ literally rather than as wildcards", async () => {
    expect(await names(`search=${encodeURIComponent("%")}`)).toEqual(["100% coverage"]);
    expect(await names("search=release_")).toEqual(["release_bot"]);
    expect(await names("search=_")).toEqual(["release_bot"]);
    expect(await names(`search=${encodeURIComponent("\\")}`)).toEqual(["back\\slash"]);
    expect(await names("search=nothing-like-this")).toEqual([]);
  });

  it("combines with the other filters, and a blank search filters nothing", async () => {
    expect(await names("search=bo&user=bob")).toEqual(["acme ci", "everywhere"]);
    expect(await names("search=bo&scope=vso.work")).toEqual(["everywhere"]);
    expect((await names("search=%20%20")).length).toBe((await names("")).length);
  });

  it("counts every match over all pages with includeTotalCount, and pages through the search", async () => {
    const first = await list("search=dora&$top=2&includeTotalCount=true");
    expect(first.status).toBe(200);
    expect(first.body.count).toBe(2);
    expect(first.body.totalCount).toBe(5);
    expect((await list("search=dora")).body.totalCount).toBeUndefined();
    const seen = first.body.value.map((token) => token.authorizationId);
    let continuation = first.body.continuationToken;
    while (continuation !== null) {
      const next = await list(`search=dora&$top=2&continuationToken=${encodeURIComponent(continuation)}`);
      expect(next.status).toBe(200);
      seen.push(...next.body.value.map((token) => token.authorizationId));
      continuation = next.body.continuationToken;
    }
    expect(new Set(seen).size).toBe(5);
    expect(seen.length).toBe(5);
  });

  it("refuses a continuation token of another search, and an overlong search, with 400", async () => {
    const first = await list("search=dora&$top=2");
    const token = first.body.continuationToken ?? "";
    const other = await list(`search=bob&$top=2&continuationToken=${encodeURIComponent(token)}`);
    expect(other.status).toBe(400);
    const long = await list(`search=${"a".repeat(257)}`);
    expect(long.status).toBe(400);
    expect(long.raw).not.toContain("a".repeat(257));
    const badCount = await list("includeTotalCount=maybe");
    expect(badCount.status).toBe(400);
  });
});
