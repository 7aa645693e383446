import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { basic, startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("smoke on $name", (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { admin: true });
    await t.createOrg("acme", "alice");
  });
  afterAll(async () => t?.close());

  it("lists tokens with a vso.pats token", async () => {
    const { token } = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage" });
    const response = await t.app.server.inject({
      url: "/acme/_apis/tokens/pats?api-version=7.1",
      headers: basic(token),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().patTokens).toHaveLength(1);
  });
});
