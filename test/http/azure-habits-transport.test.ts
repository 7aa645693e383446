/**
 * The habits of people and scripts moving from Azure DevOps, one table row each, on both
 * databases: path casing, empty JSON bodies, correlation headers, enum and boolean spellings,
 * unknown body properties, a large $top, the plain-text 401 and the token as the user name.
 * Each row failed before Patina learned the habit (issue 10).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { basic, call, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const b64 = (text: string) => Buffer.from(text).toString("base64");

describe.each(testDatabases())("Azure DevOps habits over HTTP on $name", (database) => {
  let t: TestApp;
  let manager: string;
  let aliceId: string;

  beforeAll(async () => {
    t = await startTestApp(database);
    aliceId = await t.createUser("alice");
    await t.createOrg("acme", "alice");
    await t.createProject("acme", "web");
    const minted = await t.mintToken("alice", {
      org: "acme",
      scope: "vso.pats_manage vso.code_manage vso.project vso.profile",
      name: "manager",
      days: 90,
    });
    manager = minted.token;
    for (const name of ["Bravo", "alpha", "charlie"])
      await t.mintToken("alice", { org: "acme", scope: "vso.code", name });
  });
  afterAll(async () => t?.close());

  describe("path casing", () => {
    const paths = [
      "/_apis/connectiondata",
      "/_apis/ConnectionData",
      "/acme/_apis/Projects",
      "/acme/_apis/Tokens/Pats",
      "/acme/web/_apis/git/Repositories",
      "/ACME/_APIS/TOKENS/PATS",
      "/_apis/ResourceAreas",
      "/_apis/Profile/Profiles/me",
    ];
    it.each(paths)("answers %s as its lower-case route", async (path) => {
      const response = await call(t, "GET", path, { token: manager });
      expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
    });

    it("keeps the case of parameters: the organization is still found by name, tokens listed", async () => {
      const listed = (await call(t, "GET", "/ACME/_apis/Tokens/Pats", { token: manager })).json();
      expect(listed.patTokens.map((p: { displayName: string }) => p.displayName)).toContain("manager");
    });

    it("answers an unknown path in any case with the JSON 404, and a known one with 405 and Allow", async () => {
      const unknown = await call(t, "GET", "/acme/_APIS/nothing/here", { token: manager });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.headers["content-type"]).toMatch(/^application\/json/);
      const wrongMethod = await call(t, "PATCH", "/acme/_apis/Tokens/Pats", { token: manager });
      expect(wrongMethod.statusCode).toBe(405);
      expect(wrongMethod.headers.allow).toContain("GET");
    });
  });

  describe("Content-Type: application/json with an empty body", () => {
    it("revokes a token with DELETE (the Python SDK and PowerShell send the header on every call)", async () => {
      const doomed = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "doomed" });
      const response = await call(t, "DELETE", `${PATS}?authorizationId=${doomed.authorizationId}`, {
        token: manager,
        headers: { "content-type": "application/json" },
      });
      expect(response.statusCode, response.body).toBe(204);
      const after = (
        await call(t, "GET", `${PATS}?authorizationId=${doomed.authorizationId}`, { token: manager })
      ).json();
      expect(after.patToken.status).toBe("revoked");
    });

    it("regenerates with a bodiless POST that says application/json", async () => {
      const rotated = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "rotated" });
      const response = await t.app.server.inject({
        method: "POST",
        url: `${PATS}/regenerate?authorizationId=${rotated.authorizationId}&api-version=7.1-preview.1`,
        headers: { ...basic(manager), "content-type": "application/json" },
        payload: "",
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().patToken.token).toMatch(/^patina_/);
    });

    it("says the body is missing where one is needed, with the lifecycle error of the operation", async () => {
      const before = await tokenCount();
      const create = await t.app.server.inject({
        method: "POST",
        url: `${PATS}?api-version=7.1`,
        headers: { ...basic(manager), "content-type": "application/json" },
        payload: "",
      });
      expect(create.statusCode).toBe(400);
      expect(create.json()).toMatchObject({
        message: "The request body is missing; this request needs a JSON document.",
        patTokenError: "failedToIssueAccessToken",
      });
      const update = await t.app.server.inject({
        method: "PUT",
        url: `${PATS}?api-version=7.1`,
        headers: { ...basic(manager), "content-type": "application/json" },
        payload: "  ",
      });
      expect(update.statusCode).toBe(400);
      expect(update.json().patTokenError).toBe("failedToUpdateAccessToken");
      expect(await tokenCount()).toBe(before);
    });

    it("names the failed operation for a body that is not JSON at all", async () => {
      const response = await t.app.server.inject({
        method: "POST",
        url: `${PATS}?api-version=7.1`,
        headers: { ...basic(manager), "content-type": "application/json" },
        payload: "{not json",
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ patToken: null, patTokenError: "failedToIssueAccessToken" });
    });
  });

  describe("correlation headers", () => {
    it("answers with a GUID ActivityId, X-TFS-Session and, when authenticated, X-VSS-UserData", async () => {
      const response = await call(t, "GET", PATS, { token: manager });
      expect(response.headers.activityid).toMatch(GUID);
      expect(response.headers["x-tfs-session"]).toBe(response.headers.activityid);
      expect(response.headers["x-vss-userdata"]).toBe(`${aliceId}:alice`);
      const again = await call(t, "GET", PATS, { token: manager });
      expect(again.headers.activityid).not.toBe(response.headers.activityid);
    });

    it("echoes a client's X-TFS-Session GUID, and never anything else sent there", async () => {
      const session = "6f0a3f39-3a38-4c8e-9d7c-4d3b1e2f9a10";
      const echoed = await call(t, "GET", PATS, { token: manager, headers: { "x-tfs-session": session } });
      expect(echoed.headers["x-tfs-session"]).toBe(session);
      const junk = await call(t, "GET", PATS, { token: manager, headers: { "x-tfs-session": "<script>" } });
      expect(junk.headers["x-tfs-session"]).toBe(junk.headers.activityid);
    });

    it("puts the ids on refusals too, with no user data, and logs the client's ids with the failure", async () => {
      const session = "0b8e7c1a-2d4f-4e6a-8b9c-1a2b3c4d5e6f";
      const e2e = "9c8b7a6f-5e4d-4c3b-8a29-181716151413";
      const unknown = await call(t, "GET", "/acme/_apis/nothing", {
        headers: { "x-tfs-session": session, "x-vss-e2eid": e2e },
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.headers.activityid).toMatch(GUID);
      expect(unknown.headers["x-vss-userdata"]).toBeUndefined();
      const line = t.logs.find((l) => l.includes(unknown.headers.activityid as string));
      expect(line).toBeDefined();
      expect(JSON.parse(line as string)).toMatchObject({ tfsSession: session, e2eId: e2e, status: 404 });

      const refused = await call(t, "GET", PATS, { token: "patina_wrong", headers: { "x-vss-e2eid": e2e } });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers.activityid).toMatch(GUID);
      expect(refused.headers["x-vss-userdata"]).toBeUndefined();
      const refusal = t.logs.find((l) => l.includes(refused.headers.activityid as string));
      expect(JSON.parse(refusal as string)).toMatchObject({ e2eId: e2e, status: 401 });
    });
  });

  describe("enum and boolean spellings, unknown properties, $top", () => {
    const names = (body: { patTokens: { displayName: string }[] }) => body.patTokens.map((p) => p.displayName);

    it("reads enum values and query booleans in any case", async () => {
      const pascal = await call(
        t,
        "GET",
        `${PATS}?displayFilterOption=All&sortByOption=DisplayName&isSortAscending=True`,
        {
          token: manager,
        },
      );
      expect(pascal.statusCode, pascal.body).toBe(200);
      const exact = await call(
        t,
        "GET",
        `${PATS}?displayFilterOption=all&sortByOption=displayName&isSortAscending=true`,
        {
          token: manager,
        },
      );
      expect(names(pascal.json())).toEqual(names(exact.json()));
      const descending = await call(t, "GET", `${PATS}?sortByOption=DISPLAYNAME&isSortAscending=FALSE`, {
        token: manager,
      });
      expect(names(descending.json())).toEqual([...names(exact.json())].reverse().filter((n) => n !== "doomed"));
      const projects = await call(t, "GET", "/acme/_apis/projects?getDefaultTeamImageUrl=True", { token: manager });
      expect(projects.statusCode).toBe(200);
    });

    it("still refuses a value that is no member in any case, without repeating it", async () => {
      const response = await call(t, "GET", `${PATS}?displayFilterOption=Everything_123`, { token: manager });
      expect(response.statusCode).toBe(400);
      expect(response.body).not.toContain("Everything_123");
      expect(response.json().message).toContain("active, revoked, expired, all");
      const notBoolean = await call(t, "GET", `${PATS}?isSortAscending=Yes`, { token: manager });
      expect(notBoolean.statusCode).toBe(400);
    });

    it("caps a $top above the maximum and refuses one below the minimum or not a number", async () => {
      const large = await call(t, "GET", `${PATS}?$top=1000`, { token: manager });
      expect(large.statusCode, large.body).toBe(200);
      for (const top of ["0", "-3", "ten"]) {
        const response = await call(t, "GET", `${PATS}?$top=${top}`, { token: manager });
        expect(response.statusCode, top).toBe(400);
      }
      const projects = await call(t, "GET", "/acme/_apis/projects?$top=100000", { token: manager });
      expect(projects.statusCode).toBe(200);
    });

    it("ignores unknown body properties on the lifecycle API, and still refuses wrong types", async () => {
      const created = await call(t, "POST", PATS, {
        token: manager,
        body: { displayName: "with extras", scope: "vso.code", validTo: inDays(5), allOrgs: false, color: "blue" },
      });
      expect(created.statusCode, created.body).toBe(200);
      expect(JSON.stringify(created.json())).not.toContain("blue");
      const updated = await call(t, "PUT", PATS, {
        token: manager,
        body: { authorizationId: created.json().patToken.authorizationId, displayName: "renamed", extra: { a: 1 } },
      });
      expect(updated.statusCode, updated.body).toBe(200);
      expect(updated.json().patToken.displayName).toBe("renamed");
      const wrongType = await call(t, "POST", PATS, {
        token: manager,
        body: { displayName: 5, scope: "vso.code", validTo: inDays(5) },
      });
      expect(wrongType.statusCode).toBe(400);
      expect(wrongType.json().patTokenError).toBe("invalidDisplayName");
    });

    it("keeps Patina's own API strict about unknown properties", async () => {
      const admin = await t.mintToken("alice", { org: "acme", scope: "vso.tokenadministration", name: "admin" });
      const response = await call(t, "PATCH", "/acme/_apis/patina/policies", {
        token: admin.token,
        body: { unknownPolicy: true },
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().message).toContain("not allowed");
    });
  });

  describe("credential failures", () => {
    it("answers a bad token with a plain-text 401 and a Basic challenge", async () => {
      const response = await call(t, "GET", PATS, { token: "patina_not_a_real_token" });
      expect(response.statusCode).toBe(401);
      expect(response.headers["content-type"]).toMatch(/^text\/plain/);
      expect(response.headers["www-authenticate"]).toBe('Basic realm="Patina"');
      expect(response.body).toContain("TF400813");
      expect(response.body).not.toContain("patina_not_a_real_token");
    });

    it("keeps a 403 in the JSON error body", async () => {
      const reader = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "reader" });
      const response = await call(t, "GET", PATS, { token: reader.token });
      expect(response.statusCode).toBe(403);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.json().typeKey).toBeTruthy();
    });
  });

  describe("the token as the user name", () => {
    const as = (authorization: string) =>
      t.app.server.inject({ method: "GET", url: `${PATS}?api-version=7.1`, headers: { authorization } });

    it("accepts `curl -u $PAT:` and a Basic value of the bare token", async () => {
      expect((await as(`Basic ${b64(`${manager}:`)}`)).statusCode).toBe(200);
      expect((await as(`Basic ${b64(manager)}`)).statusCode).toBe(200);
    });

    it("refuses a user name that is not token-shaped, and a token with a broken checksum", async () => {
      expect((await as(`Basic ${b64("alice:")}`)).statusCode).toBe(401);
      const broken = `${manager.slice(0, -1)}${manager.endsWith("A") ? "B" : "A"}`;
      expect((await as(`Basic ${b64(`${broken}:`)}`)).statusCode).toBe(401);
      expect((await as(`Basic ${b64(broken)}`)).statusCode).toBe(401);
    });
  });

  async function tokenCount(): Promise<number> {
    const listed = await call(t, "GET", `${PATS}?displayFilterOption=all&$top=100`, { token: manager });
    return listed.json().patTokens.length;
  }

  function inDays(days: number): string {
    return new Date(t.clock.now().getTime() + days * 86_400_000).toISOString();
  }
});
