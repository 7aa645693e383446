/**
 * `patina scan --report` against the real leak endpoint: the scanner (a real process) finds a
 * live token in a file and reports it to a running Patina over HTTP; the token stops working,
 * the discovery and the system revocation are audited, and the value reaches no log line and
 * no output.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoTokenIn, makeTree, runScan } from "../scan/scan-cli.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("patina scan --report to a live server on $name", (database) => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    baseUrl = (await t.app.server.listen({ port: 0, host: "127.0.0.1" })).replace(/\/+$/, "");
  });
  afterAll(async () => t?.close());

  it("revokes the live token it found, audits it, and never prints or logs the value", async () => {
    const leaked = await t.mintToken("alice", { org: "acme", scope: "vso.profile", name: "pasted in .env" });
    const kept = await t.mintToken("alice", { org: "acme", scope: "vso.profile", name: "kept safe" });
    expect((await call(t, "GET", "/acme/_apis/connectionData", { token: leaked.token })).statusCode).toBe(200);
    const tree = await makeTree({ ".env": `AZURE_DEVOPS_EXT_PAT=${leaked.token}\n`, "README.md": "no secrets\n" });
    try {
      const run = await runScan(["scan", ".", "--report", baseUrl], { cwd: tree.dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(".env:1:22");
      expect(run.stderr).toContain("reported 1 token");
      for (const text of [run.stdout, run.stderr]) {
        expect(text).not.toContain(leaked.token);
        expectNoTokenIn(text);
      }
    } finally {
      await tree.drop();
    }
    // The endpoint answers before it looks the values up: wait for the revocation to land.
    await t.app.services.leaks.drained();
    expect((await call(t, "GET", "/acme/_apis/connectionData", { token: leaked.token })).statusCode).toBe(401);
    expect((await call(t, "GET", "/acme/_apis/connectionData", { token: kept.token })).statusCode).toBe(200);
    const events = await t.app.services.store.db
      .selectFrom("auditEvents")
      .select(["eventType", "authorizationId", "details"])
      .where("authorizationId", "=", leaked.authorizationId)
      .orderBy("seq")
      .execute();
    const types = events.map((event) => event.eventType);
    expect(types).toContain("Token.PatPublicDiscoveryEvent");
    expect(types).toContain("Token.PatSystemRevokeEvent");
    for (const event of events) expect(event.details).not.toContain(leaked.token);
    for (const line of t.logs) expect(line).not.toContain(leaked.token);
  });
});
