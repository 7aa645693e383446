/**
 * Text that a database cannot hold (NUL, lone surrogates) is a 400 in the Azure DevOps error
 * body on every route, authenticated or not, before any database access: never a 500 on
 * PostgreSQL ("invalid byte sequence for encoding UTF8"). Names refuse more: control
 * characters, bidi overrides and zero-width characters, which a user could not see. Each
 * refusal changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../../src/audit/audit-log.js";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";

/** Characters no name may contain, each on its own. */
const INVISIBLE: [string, string][] = [
  ["NUL", "\u0000"],
  ["a C0 control", "\u0007"],
  ["a tab", "\t"],
  ["a newline", "\n"],
  ["DEL", "\u007f"],
  ["a C1 control", "\u0085"],
  ["a lone high surrogate", "\ud800"],
  ["a lone low surrogate", "\udc00"],
  ["a right-to-left override", "\u202e"],
  ["a left-to-right isolate", "\u2066"],
  ["a pop directional isolate", "\u2069"],
  ["a zero-width space", "\u200b"],
  ["a zero-width joiner", "\u200d"],
  ["a word joiner", "\u2060"],
  ["a byte-order mark", "\ufeff"],
];

describe.each(testDatabases())("text databases cannot hold or users cannot see, on $name", (database) => {
  let t: TestApp;
  let manager: string;
  let reader: string;
  let tokenId: string;
  const validTo = () => new Date(t.clock.now().getTime() + 10 * DAY_MS).toISOString();

  async function state() {
    const db = t.app.services.store.db;
    const tables = ["tokens", "auditEvents", "users", "organizations", "projects", "repositories"] as const;
    const rows: Record<string, unknown> = {};
    for (const table of tables) rows[table] = await db.selectFrom(table).selectAll().execute();
    return rows;
  }

  function expectAzureError(response: { statusCode: number; json(): unknown }, status = 400) {
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ $id: "1", innerException: null, errorCode: 0, eventId: 3000 });
  }

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { password: "correct horse battery" });
    await t.createOrg("acme", "alice");
    await t.createProject("acme", "web");
    manager = (await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code" })).token;
    reader = (await t.mintToken("alice", { org: "acme", scope: "vso.project vso.code_manage" })).token;
    tokenId = (await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "kept" })).authorizationId;
  });
  afterAll(async () => t?.close());

  it.each(INVISIBLE)("refuses a token name with %s on create and update", async (_name, char) => {
    const before = await state();
    const created = await call(t, "POST", PATS, {
      token: manager,
      body: { displayName: `my${char}token`, scope: "vso.code", validTo: validTo() },
    });
    expectAzureError(created);
    expect(created.json().patTokenError).toBe("invalidDisplayName");
    const updated = await call(t, "PUT", PATS, {
      token: manager,
      body: { authorizationId: tokenId, displayName: `my${char}token` },
    });
    expectAzureError(updated);
    expect(updated.json().patTokenError).toBe("invalidDisplayName");
    expect(await state()).toEqual(before);
  });

  it.each(INVISIBLE)("refuses user, organization and project names with %s", async (_name, char) => {
    const before = await state();
    const { directory } = t.app.services;
    const results = [
      await directory.addUser(CLI_ACTOR, { username: `bob${char}x`, email: "bob@example.com" }),
      await directory.addUser(CLI_ACTOR, { username: "bob", email: "bob@example.com", displayName: `Bob${char}X` }),
      await directory.addUser(CLI_ACTOR, { username: "bob", email: `bob${char}@example.com` }),
      await directory.addOrganization(CLI_ACTOR, `org${char}x`, "alice"),
      await directory.addProject(CLI_ACTOR, "acme", `proj${char}x`),
    ];
    for (const result of results) expect(result).toMatchObject({ ok: false, code: expect.any(String) });
    expect(await state()).toEqual(before);
  });

  it.each(INVISIBLE)("refuses a repository name with %s", async (_name, char) => {
    const before = await state();
    const response = await call(t, "POST", "/acme/web/_apis/git/repositories", {
      token: reader,
      body: { name: `repo${char}x` },
    });
    expectAzureError(response);
    expect(await state()).toEqual(before);
  });

  const urlCases: [string, string, "reader" | "manager" | null][] = [
    ["a project name in the URL", "/acme/_apis/projects/web%00x", "reader"],
    ["an organization in the URL", "/acme%00/_apis/projects", "reader"],
    ["a query value", "/acme/_apis/projects?stateFilter=all%00", "reader"],
    ["a repository in the URL", "/acme/web/_apis/git/repositories/r%00", "reader"],
    ["a project in a git URL", "/acme/web%00/_git/app/info/refs?service=git-upload-pack", "reader"],
    ["an organization on an anonymous route", "/acme%00/_apis/resourceAreas", null],
    ["the organization name of resourceAreas", "/_apis/resourceAreas?organizationName=a%00", null],
    ["an unknown route", "/nowhere%00/at/all", null],
    ["a lifecycle query", `${PATS}?authorizationId=a%00`, "manager"],
  ];

  it.each(urlCases)("refuses NUL in %s", async (_name, url, who) => {
    const before = await state();
    const token = who === "reader" ? reader : who === "manager" ? manager : undefined;
    const response = await call(t, "GET", url, { token });
    expectAzureError(response);
    if (who === "manager") expect(response.json().patTokenError).toBe("none");
    expect(await state()).toEqual(before);
  });

  it("refuses NUL in a path segment and in the query of every guarded route", async () => {
    const before = await state();
    const routes = t.app.server.protectedRoutes;
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const path = route.url
        .replace(":org", "acme")
        .replace(/:[A-Za-z]+/g, "x")
        .replace("*", "x");
      const inSegment = route.url
        .replace(":org", "acme%00")
        .replace(/:[A-Za-z]+/g, "x%00")
        .replace("*", "x%00");
      for (const url of [
        `${path}?api-version=7.1&q=%00`,
        ...(inSegment === route.url ? [] : [`${inSegment}?api-version=7.1`]),
      ]) {
        const response = await t.app.server.inject({
          method: route.method as "GET",
          url,
          headers: { authorization: `Bearer ${manager}` },
        });
        expect(response.statusCode, `${route.method} ${url}`).toBe(400);
      }
    }
    expect(await state()).toEqual(before);
  });

  it.each([
    ["NUL", "alice\u0000"],
    ["a lone surrogate", "alice\ud800"],
  ])("refuses %s in the sign-in user name without a credential", async (_name, username) => {
    const before = await state();
    const response = await t.app.server.inject({
      method: "POST",
      url: "/_apis/patina/session",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ username, password: "correct horse battery" }),
    });
    expectAzureError(response);
    expect(await state()).toEqual(before);
  });

  it("refuses NUL in any JSON string, however deep", async () => {
    const before = await state();
    const response = await call(t, "POST", "/acme/web/_apis/git/repositories", {
      token: reader,
      body: { name: "fine", project: { id: "x\u0000" } },
    });
    expectAzureError(response);
    expect(await state()).toEqual(before);
  });

  it("still accepts a password with tabs and other printable text", async () => {
    await t.createUser("carol", { password: "tab\there ünïcödé 🔑" });
    const response = await t.app.server.inject({
      method: "POST",
      url: "/_apis/patina/session",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ username: "carol", password: "tab\there ünïcödé 🔑" }),
    });
    expect(response.statusCode).toBe(200);
  });

  it("still accepts names with visible Unicode", async () => {
    const created = await call(t, "POST", PATS, {
      token: manager,
      body: { displayName: "Déploiement — 東京 🚀", scope: "vso.code", validTo: validTo() },
    });
    expect(created.statusCode).toBe(200);
    expect(created.json().patToken.displayName).toBe("Déploiement — 東京 🚀");
  });
});
