/**
 * Bad input to the lifecycle API: each gets a clear 4xx in the Azure DevOps error body (with
 * `patTokenError` where the lifecycle API knows one), never a 500, and changes nothing.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";

describe.each(testDatabases())("bad input to the lifecycle API on $name", (database) => {
  let t: TestApp;
  let manager: string;
  let bobsTokenId: string;
  const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY_MS).toISOString();
  const valid = () => ({ displayName: "ok", scope: "vso.code", validTo: inDays(10) });

  async function state() {
    const db = t.app.services.store.db;
    const tokens = await db.selectFrom("tokens").selectAll().orderBy("authorizationId").execute();
    const events = await db.selectFrom("auditEvents").select("id").execute();
    return { tokens, events: events.length };
  }

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createUser("bob");
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "bob", "reader");
    manager = (await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage" })).token;
    bobsTokenId = (await t.mintToken("bob", { org: "acme", scope: "vso.code" })).authorizationId;
  });
  afterAll(async () => t?.close());

  const createCases: [string, unknown, number, string | null][] = [
    ["an empty display name", { displayName: "   " }, 400, "displayNameRequired"],
    ["a missing display name", { displayName: undefined }, 400, "displayNameRequired"],
    ["a 300-character display name", { displayName: "x".repeat(300) }, 400, "invalidDisplayName"],
    ["a display name of the wrong type", { displayName: 42 }, 400, "invalidDisplayName"],
    ["a display name with NUL", { displayName: "a\u0000b" }, 400, "invalidDisplayName"],
    ["a display name with a lone surrogate", { displayName: "a\ud800b" }, 400, "invalidDisplayName"],
    ["a display name with a newline", { displayName: "a\nb" }, 400, "invalidDisplayName"],
    ["a display name with a right-to-left override", { displayName: "exe.\u202etxt" }, 400, "invalidDisplayName"],
    ["a display name with a zero-width space", { displayName: "a\u200bb" }, 400, "invalidDisplayName"],
    ["a scope with NUL", { scope: "vso.code\u0000" }, 400, "invalidScope"],
    ["a validTo with a lone surrogate", { validTo: "2030-01-01T00:00:00Z\udc00" }, 400, "invalidValidTo"],
    ["an unknown scope", { scope: "vso.code vso.nonsense" }, 400, "invalidScope"],
    ["an empty scope", { scope: " " }, 400, "invalidScope"],
    ["a missing scope", { scope: undefined }, 400, "invalidScope"],
    ["a validTo in the past", { validTo: "2001-01-01T00:00:00Z" }, 400, "invalidValidTo"],
    ["an unparseable validTo", { validTo: "next tuesday" }, 400, "invalidValidTo"],
    ["an impossible date", { validTo: "2027-02-31T00:00:00Z" }, 400, "invalidValidTo"],
    ["a numeric validTo", { validTo: 1893456000000 }, 400, "invalidValidTo"],
    ["allOrgs as a string", { allOrgs: "yes" }, 400, "invalidTargetAccounts"],
  ];

  it.each(createCases)("rejects %s", async (_name, change, status, patTokenError) => {
    const before = await state();
    const body: Record<string, unknown> = { ...valid(), ...(change as object) };
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    const response = await call(t, "POST", PATS, { token: manager, body });
    expect(response.statusCode).toBe(status);
    const error = response.json();
    expect(error).toMatchObject({ $id: "1", innerException: null, errorCode: 0, eventId: 3000 });
    expect(typeof error.message).toBe("string");
    expect(error.patTokenError).toBe(patTokenError);
    expect(await state()).toEqual(before);
  });

  const rawCases: [string, { payload: string; contentType: string; version?: string | null }, number][] = [
    ["malformed JSON", { payload: '{"displayName": ', contentType: "application/json" }, 400],
    ["a JSON array", { payload: "[]", contentType: "application/json" }, 400],
    ["an empty body", { payload: "", contentType: "application/json" }, 400],
    ["a text body", { payload: "displayName=x", contentType: "text/plain" }, 415],
    [
      "an oversized body",
      { payload: JSON.stringify({ displayName: "x".repeat(100_000) }), contentType: "application/json" },
      413,
    ],
    ["a missing api-version", { payload: "{}", contentType: "application/json", version: null }, 400],
    ["an unknown api-version", { payload: "{}", contentType: "application/json", version: "9.0" }, 400],
    ["a nonsense api-version", { payload: "{}", contentType: "application/json", version: "latest" }, 400],
  ];

  it.each(rawCases)("rejects %s", async (_name, input, status) => {
    const before = await state();
    const version = input.version === undefined ? "7.1" : input.version;
    const response = await t.app.server.inject({
      method: "POST",
      url: version === null ? PATS : `${PATS}?api-version=${version}`,
      headers: { authorization: `Bearer ${manager}`, "content-type": input.contentType },
      payload: input.payload,
    });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ $id: "1", eventId: 3000 });
    expect(await state()).toEqual(before);
  });

  const queryCases: [string, "GET" | "PUT" | "DELETE" | "POST", string, unknown, number, string][] = [
    ["$top of 0", "GET", `${PATS}?$top=0`, undefined, 400, "none"],
    ["$top that is not a number", "GET", `${PATS}?$top=ten`, undefined, 400, "none"],
    ["an unknown filter", "GET", `${PATS}?displayFilterOption=mine`, undefined, 400, "none"],
    [
      "a forged continuationToken",
      "GET",
      `${PATS}?continuationToken=eyJvIjowfQ.forged`,
      undefined,
      400,
      "invalidContinuationToken",
    ],
    ["get with a non-GUID id", "GET", `${PATS}?authorizationId=42`, undefined, 400, "invalidAuthorizationId"],
    ["get with NUL in the id", "GET", `${PATS}?authorizationId=%00`, undefined, 400, "none"],
    ["a NUL in the organization", "GET", "/acme%00/_apis/tokens/pats", undefined, 400, "none"],
    ["get of an unknown id", "GET", `${PATS}?authorizationId=${randomUUID()}`, undefined, 404, "authorizationNotFound"],
    [
      "revoke with a non-GUID id",
      "DELETE",
      `${PATS}?authorizationId=../../x`,
      undefined,
      400,
      "invalidAuthorizationId",
    ],
    ["revoke without an id", "DELETE", PATS, undefined, 400, "invalidAuthorizationId"],
    [
      "update of an unknown id",
      "PUT",
      PATS,
      { authorizationId: randomUUID(), displayName: "x" },
      404,
      "authorizationNotFound",
    ],
    ["update without an id", "PUT", PATS, { displayName: "x" }, 400, "invalidAuthorizationId"],
    [
      "an update to a name with NUL",
      "PUT",
      PATS,
      { authorizationId: randomUUID(), displayName: "a\u0000b" },
      400,
      "invalidDisplayName",
    ],
    [
      "regenerate with a 25-hour grace period",
      "POST",
      `${PATS}/regenerate?authorizationId=${randomUUID()}&gracePeriodHours=25`,
      undefined,
      400,
      "failedToUpdateAccessToken",
    ],
  ];

  it.each(queryCases)("rejects %s", async (_name, method, url, body, status, patTokenError) => {
    const before = await state();
    const response = await call(t, method, url, { token: manager, body });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ $id: "1", eventId: 3000, patTokenError });
    expect(await state()).toEqual(before);
  });

  it("answers 404, not 403, for someone else's token, and leaves it alone", async () => {
    const before = await state();
    for (const [method, url, body] of [
      ["GET", `${PATS}?authorizationId=${bobsTokenId}`, undefined],
      ["DELETE", `${PATS}?authorizationId=${bobsTokenId}`, undefined],
      ["PUT", PATS, { authorizationId: bobsTokenId, displayName: "mine now" }],
      ["POST", `${PATS}/regenerate?authorizationId=${bobsTokenId}`, undefined],
    ] as const) {
      const response = await call(t, method, url, { token: manager, body });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().patTokenError).toBe("authorizationNotFound");
    }
    expect(await state()).toEqual(before);
  });

  it("rejects a continuationToken replayed with other list options", async () => {
    for (let i = 0; i < 3; i++) await t.mintToken("alice", { org: "acme", scope: "vso.code", name: `page ${i}` });
    const first = await call(t, "GET", `${PATS}?$top=1`, { token: manager });
    const continuationToken = first.json().continuationToken as string;
    expect(continuationToken).toBeTruthy();
    const replayed = await call(t, "GET", `${PATS}?$top=1&sortByOption=status&continuationToken=${continuationToken}`, {
      token: manager,
    });
    expect(replayed.statusCode).toBe(400);
  });
});
