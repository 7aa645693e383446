/**
 * Errors the framework raises itself — before routing (a malformed percent-encoding), below it
 * (an oversized header block, a request that is not HTTP), or around a route (413, 415, 405,
 * 404) — all answer with the Azure DevOps error body from the one catalog, over a real socket;
 * on the lifecycle API with a `patTokenError`; and never with a body to a HEAD request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { rawHttp, requestHead } from "../support/raw-http.js";
import { basic, startTestApp, type TestApp } from "../support/test-app.js";

const sqlite = testDatabases().filter((database) => database.name === "sqlite");
const PATS = "/acme/_apis/tokens/pats";
/** Larger than Node's 16 KiB limit on a request's header block. */
const HUGE = "x".repeat(20_000);

describe.each(sqlite)("framework errors over a socket on $name", (database) => {
  let t: TestApp;
  let port: number;
  let auth: string;

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    auth = basic((await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage" })).token).authorization;
    const url = await t.app.server.listen({ port: 0, host: "127.0.0.1" });
    port = Number(new URL(url).port);
  });
  afterAll(async () => t?.close());

  function expectAzureBody(body: string, typeKey: string) {
    const parsed = JSON.parse(body);
    expect(parsed).toMatchObject({ $id: "1", innerException: null, typeKey, errorCode: 0, eventId: 3000 });
    expect(parsed.typeName).toContain(typeKey);
    expect(parsed).not.toHaveProperty("code"); // Fastify's FST_ERR_… code is not part of the body
    expect(parsed).not.toHaveProperty("statusCode");
    return parsed;
  }

  const cases: [string, () => string, number, string][] = [
    [
      "a malformed percent-encoding",
      () => requestHead("GET", "/%E0%A4%A/_apis/projects"),
      400,
      "InvalidArgumentValueException",
    ],
    [
      "an oversized header block",
      () => requestHead("GET", "/_apis/connectionData", { "x-big": HUGE }),
      431,
      "VssRequestHeadersTooLargeException",
    ],
    [
      "a request that is not HTTP",
      () => "GET /\u0001 HTTP/1.1\r\nhost: x\r\n\r\n",
      400,
      "InvalidArgumentValueException",
    ],
    ["an unknown method", () => requestHead("BREW", "/_apis/connectionData"), 400, "InvalidArgumentValueException"],
    [
      "a method the resource does not support",
      () => requestHead("PATCH", "/_apis/patina/session"),
      405,
      "VssMethodNotAllowedException",
    ],
    ["an unknown path", () => requestHead("GET", "/nowhere/at/all"), 404, "VssResourceNotFoundException"],
    [
      "an oversized body",
      () =>
        requestHead("POST", `${PATS}?api-version=7.1`, {
          authorization: auth,
          "content-type": "application/json",
          "content-length": "70000",
        }) + "x".repeat(70_000),
      413,
      "RequestContentTooLargeException",
    ],
    [
      "an unsupported media type",
      () =>
        `${requestHead("POST", `${PATS}?api-version=7.1`, {
          authorization: auth,
          "content-type": "text/xml",
          "content-length": "2",
        })}<>`,
      415,
      "VssRequestContentTypeException",
    ],
  ];

  it.each(cases)("answers %s with the catalog's body", async (_name, request, status, typeKey) => {
    const response = await rawHttp(port, request());
    expect(response.status, response.raw.slice(0, 300)).toBe(status);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expectAzureBody(response.body, typeKey);
  });

  it("says which methods a resource supports when refusing one", async () => {
    const response = await rawHttp(port, requestHead("PUT", "/_apis/patina/session"));
    expect(response.status).toBe(405);
    expect(response.headers.allow?.split(", ").sort()).toEqual(["DELETE", "GET", "HEAD", "POST"]);
  });

  it("answers an oversized header block that arrives in several packets", async () => {
    const head = "GET /_apis/connectionData HTTP/1.1\r\nhost: x\r\n";
    const response = await rawHttp(port, [
      head,
      ...Array.from({ length: 5 }, () => `x-big: ${"y".repeat(5000)}\r\n`),
      "\r\n",
    ]);
    expect(response.status).toBe(431);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
  });

  const lifecycleCases: [string, () => string, number][] = [
    ["a malformed percent-encoding", () => requestHead("GET", "/%E0%A4%A/_apis/tokens/pats?api-version=7.1"), 400],
    ["an oversized header block", () => requestHead("GET", `${PATS}?api-version=7.1`, { "x-big": HUGE }), 431],
    [
      "a method it does not support",
      () => requestHead("PATCH", `${PATS}?api-version=7.1`, { authorization: auth }),
      405,
    ],
    [
      "an oversized body",
      () =>
        requestHead("PUT", `${PATS}?api-version=7.1`, {
          authorization: auth,
          "content-type": "application/json",
          "content-length": "70000",
        }) + "x".repeat(70_000),
      413,
    ],
  ];

  it.each(lifecycleCases)("gives the lifecycle API's %s a patTokenError", async (_name, request, status) => {
    const response = await rawHttp(port, request());
    expect(response.status).toBe(status);
    const body = JSON.parse(response.body);
    // A refused update (the oversized PUT) names the operation that failed, as Azure DevOps does.
    const expected = request().startsWith("PUT ") ? "failedToUpdateAccessToken" : "none";
    expect(body).toMatchObject({ $id: "1", patToken: null, patTokenError: expected });
    expect(body.patTokenErrorMessage).toBe(body.message);
  });

  const headCases: [string, string, number][] = [
    ["a malformed percent-encoding", requestHead("HEAD", "/%E0%A4%A/_apis/projects"), 400],
    ["an oversized header block", requestHead("HEAD", "/_apis/connectionData", { "x-big": HUGE }), 431],
    ["an unknown path", requestHead("HEAD", "/nowhere"), 404],
    ["a missing credential", requestHead("HEAD", "/_apis/connectionData"), 401],
    ["a NUL in the URL", requestHead("HEAD", "/acme%00/_apis/connectionData"), 400],
  ];

  it.each(headCases)("answers HEAD with %s without a body", async (_name, request, status) => {
    const response = await rawHttp(port, request);
    expect(response.status).toBe(status);
    expect(response.headers["content-type"]).toMatch(status === 401 ? /^text\/plain/ : /^application\/json/);
    expect(response.body).toBe("");
  });
});
