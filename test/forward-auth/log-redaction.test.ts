/**
 * Forward-auth logs the original request's path when it refuses one, so an operator can see what
 * was refused; a token pasted into that URL must not land in the log with it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { basic, startTestApp, type TestApp } from "../support/test-app.js";
import { TEST_RULES, writeRulesFile } from "./rules-file.js";

describe.each(testDatabases())("forward-auth log redaction on $name", (database) => {
  let t: TestApp;
  let rulesFile: ReturnType<typeof writeRulesFile>;
  let token: string;

  const ask = (method: string, uri: string, headers: Record<string, string> = {}) =>
    t.app.server.inject({
      method: "GET",
      url: "/_apis/patina/forward-auth",
      headers: { "x-original-method": method, "x-original-uri": uri, ...headers },
    });

  beforeAll(async () => {
    rulesFile = writeRulesFile(TEST_RULES);
    t = await startTestApp(database, { PATINA_FORWARD_AUTH_RULES: rulesFile.file });
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    token = (await t.mintToken("alice", { org: "acme", scope: "vso.packaging" })).token;
  });
  afterAll(async () => {
    await t?.close();
    rulesFile?.remove();
  });

  it("redacts a token pasted into the original URI's path", async () => {
    const before = t.logs.length;
    // No credential (401), no rule for the method (403), a scope the token lacks (403).
    expect((await ask("GET", `/packages/${token}/x`)).statusCode).toBe(401);
    expect((await ask("DELETE", `/packages/${token}`, basic(token))).statusCode).toBe(403);
    expect((await ask("GET", `/admin/${encodeURIComponent(token)}`, basic(token))).statusCode).toBe(403);
    const logs = t.logs.slice(before).join("\n");
    expect(logs).toContain('"path":"/packages/[redacted]/x"');
    expect(logs).toContain('"path":"/admin/[redacted]"');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.slice(7, 30));
  });

  it("keeps ordinary segments, ids included, readable", async () => {
    const before = t.logs.length;
    const id = "6f1a2b3c-0000-4000-8000-000000000000";
    expect((await ask("DELETE", `/packages/feed/${id}`)).statusCode).toBe(403);
    expect(t.logs.slice(before).join("\n")).toContain(`"path":"/packages/feed/${id}"`);
  });
});
