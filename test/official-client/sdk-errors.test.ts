/**
 * How Microsoft's Node client (`azure-devops-node-api`) reports Patina's failures: a bad PAT
 * rejects with `statusCode` 401 and the server's sentence as the message (the plain-text 401),
 * a refusal with the message of the JSON error body, as against Azure DevOps.
 */
import { getPersonalAccessTokenHandler, WebApi } from "azure-devops-node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { freePort } from "../support/free-port.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

async function failureOf(promise: Promise<unknown>): Promise<Error & { statusCode?: number }> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome, "the client call should have failed").toBeInstanceOf(Error);
  return outcome as Error & { statusCode?: number };
}

describe.each(testDatabases())("the Node client's errors on $name", (database) => {
  let t: TestApp;
  let base: string;
  const client = (token: string) => new WebApi(`${base}/acme`, getPersonalAccessTokenHandler(token));

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp(database, { PATINA_PUBLIC_URL: base });
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    await t.createProject("acme", "web");
    await t.app.server.listen({ port, host: "127.0.0.1" });
  });
  afterAll(async () => t?.close());

  it("rejects a bad PAT with statusCode 401 and the server's sentence", async () => {
    const core = await client("patina_not_a_valid_token").getCoreApi();
    const failure = await failureOf(core.getProjects());
    expect(failure.statusCode).toBe(401);
    expect(failure.message).toContain("TF400813");
    expect(failure.message).not.toContain("patina_not_a_valid_token");
  });

  it("rejects a token without the scope with statusCode 403 and the error body's message", async () => {
    const codeOnly = (await t.mintToken("alice", { org: "acme", scope: "vso.code" })).token;
    const core = await client(codeOnly).getCoreApi();
    const failure = await failureOf(core.getProjects());
    expect(failure.statusCode).toBe(403);
    expect(failure.message).toContain("vso.project");
  });
});
