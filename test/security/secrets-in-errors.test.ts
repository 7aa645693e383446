/**
 * Nothing sent comes back: a real token pasted into every place a request can carry text — a
 * path segment, a project or repository name, a query value, a body property name, a scope, an
 * api-version, a content type, a malformed URL — never appears in the error that answers it,
 * neither in the body nor in a header, not even in part (no run of more than the 20 characters
 * error messages may repeat).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { basic, call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";
/** Longer than anything an error message may repeat (MAX_ECHO_LENGTH in src/domain/text.ts). */
const TELLING_RUN = 21;

/** Every run of TELLING_RUN characters of the token found in the text. */
function runsOf(token: string, text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + TELLING_RUN <= token.length; i++) {
    const run = token.slice(i, i + TELLING_RUN);
    if (text.includes(run)) found.push(run);
  }
  return found;
}

describe.each(testDatabases())("no token echoed in errors on $name", (database) => {
  let t: TestApp;
  let T: string;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    await t.createProject("acme", "web");
    const minted = await t.mintToken("alice", {
      org: "acme",
      scope: "vso.pats_manage vso.project vso.code_manage vso.profile",
    });
    T = minted.token;
    auth = basic(minted.token);
    // A repository named like the token, so that a second one is refused as a duplicate.
    const created = await call(t, "POST", "/acme/web/_apis/git/repositories", { token: T, body: { name: T } });
    expect(created.statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  type Case = {
    method?: "GET" | "POST" | "PUT" | "DELETE" | "OPTIONS" | "HEAD";
    url: (token: string) => string;
    body?: (token: string) => string;
    headers?: (token: string) => Record<string, string>;
  };
  const validTo = () => new Date(t.clock.now().getTime() + 5 * DAY_MS).toISOString();
  const json = { "content-type": "application/json" };
  const cases: [string, Case][] = [
    ["a project id in the URL", { url: (x) => `/acme/_apis/projects/${x}?api-version=7.1` }],
    ["a stateFilter value", { url: (x) => `/acme/_apis/projects?stateFilter=${x}` }],
    ["a stateFilter value at its longest", { url: (x) => `/acme/_apis/projects?stateFilter=${x.slice(0, 32)}` }],
    ["a project in a repository URL", { url: (x) => `/acme/${x}/_apis/git/repositories` }],
    ["a repository id", { url: (x) => `/acme/web/_apis/git/repositories/${x}1` }],
    ["a repository id anywhere in the organization", { url: (x) => `/acme/_apis/git/repositories/${x}1` }],
    ["a repository in a git URL", { url: (x) => `/acme/web/_git/${x}1/info/refs?service=git-upload-pack` }],
    ["a project in a git URL", { url: (x) => `/acme/${x}/_git/app/info/refs?service=git-upload-pack` }],
    [
      "an invalid repository name",
      {
        method: "POST",
        url: () => "/acme/web/_apis/git/repositories?api-version=7.1",
        body: (x) => JSON.stringify({ name: `${x}?` }),
        headers: () => json,
      },
    ],
    [
      "a duplicate repository name",
      {
        method: "POST",
        url: () => "/acme/web/_apis/git/repositories?api-version=7.1",
        body: (x) => JSON.stringify({ name: x }),
        headers: () => json,
      },
    ],
    [
      "an unknown body property",
      {
        method: "POST",
        url: () => `${PATS}?api-version=7.1`,
        body: (x) => JSON.stringify({ displayName: "a", scope: "vso.code", validTo: validTo(), [x]: 1 }),
        headers: () => json,
      },
    ],
    [
      "an unknown property of an update",
      {
        method: "PUT",
        url: () => `${PATS}?api-version=7.1`,
        body: (x) => JSON.stringify({ authorizationId: crypto.randomUUID(), [x]: "a" }),
        headers: () => json,
      },
    ],
    [
      "a scope",
      {
        method: "POST",
        url: () => `${PATS}?api-version=7.1`,
        body: (x) => JSON.stringify({ displayName: "a", scope: `vso.code ${x}`, validTo: validTo() }),
        headers: () => json,
      },
    ],
    [
      "a validTo",
      {
        method: "POST",
        url: () => `${PATS}?api-version=7.1`,
        body: (x) => JSON.stringify({ displayName: "a", scope: "vso.code", validTo: x }),
        headers: () => json,
      },
    ],
    ["an authorizationId", { url: (x) => `${PATS}?authorizationId=${x}&api-version=7.1` }],
    ["a continuationToken", { url: (x) => `${PATS}?continuationToken=${x}&api-version=7.1` }],
    ["a list filter", { url: (x) => `${PATS}?displayFilterOption=${x}&api-version=7.1` }],
    ["an api-version", { url: (x) => `/acme/_apis/projects?api-version=${x}` }],
    ["an api-version with a version-like start", { url: (x) => `/acme/_apis/projects?api-version=7.1-${x}` }],
    [
      "an api-version in the Accept header",
      { url: () => "/acme/_apis/projects", headers: (x) => ({ accept: `application/json;api-version=${x}` }) },
    ],
    ["a resource area id", { url: (x) => `/_apis/resourceAreas/${x}` }],
    ["a resource area id in an organization", { url: (x) => `/acme/_apis/resourceAreas/${x}` }],
    ["an area's resource locations", { method: "OPTIONS", url: (x) => `/_apis/${x}` }],
    ["a profile id", { url: (x) => `/_apis/profile/profiles/${x}` }],
    ["an unknown path", { url: (x) => `/${x}/nowhere?q=${x}` }],
    ["an unknown API path", { url: (x) => `/acme/_apis/${x}` }],
    ["an unknown path, by HEAD", { method: "HEAD", url: (x) => `/acme/_apis/${x}` }],
    ["a malformed URL's path", { url: (x) => `/%E0%A4%A${x}/_apis/projects` }],
    ["a malformed URL's query", { url: (x) => `/%E0%A4%A/_apis/projects?token=${x}` }],
    ["an overlong path segment", { url: (x) => `/acme/_apis/projects/${x.repeat(5)}` }],
    [
      "a content type",
      {
        method: "POST",
        url: () => `${PATS}?api-version=7.1`,
        body: () => "{}",
        headers: (x) => ({ "content-type": `application/${x}` }),
      },
    ],
    [
      "malformed JSON around the token",
      {
        method: "POST",
        url: () => `${PATS}?api-version=7.1`,
        body: (x) => `{"displayName": "${x}" ${x}}`,
        headers: () => json,
      },
    ],
    [
      "the sign-in user name",
      {
        method: "POST",
        url: () => "/_apis/patina/session",
        body: (x) => JSON.stringify({ username: x, password: x }),
        headers: () => json,
      },
    ],
  ];

  it.each(cases)("never repeats a token pasted into %s", async (_name, c) => {
    const body = c.body?.(T);
    const response = await t.app.server.inject({
      method: c.method ?? "GET",
      url: c.url(T),
      headers: { ...auth, ...c.headers?.(T) },
      ...(body === undefined ? {} : { payload: body }),
    });
    expect(response.statusCode, response.body).toBeLessThan(500);
    if (c.method !== "HEAD" && response.statusCode >= 400) {
      expect(response.json()).toMatchObject({ $id: "1", eventId: 3000 });
    }
    const headers = JSON.stringify(response.headers);
    expect(runsOf(T, response.body), response.body).toEqual([]);
    expect(runsOf(T, headers), headers).toEqual([]);
  });
});
