/**
 * Two instances on one PostgreSQL: a revocation on one is honoured by the other within a second,
 * even with a long token cache, because changes are announced with LISTEN/NOTIFY.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";

// PostgreSQL only: SQLite is one server process by design. When no PostgreSQL is reachable the
// global setup announces that the PostgreSQL suite was skipped (and CI fails instead).
const postgres = testDatabases().find((d) => d.name === "postgres");
const SHARED = { PATINA_SECRET: "a-shared-secret-of-at-least-32-characters", PATINA_TOKEN_CACHE_TTL_MS: "60000" };

describe.runIf(postgres)("several instances on PostgreSQL", () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    if (!postgres) return;
    first = await startTestApp(postgres, SHARED);
    second = await startTestApp(postgres, SHARED, first);
    await first.createUser("alice");
    await first.createOrg("acme", "alice");
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it("honours a revocation made on another instance within a second", async () => {
    const pat = await first.mintToken("alice", { org: "acme", scope: "vso.pats" });
    expect((await call(second, "GET", "/acme/_apis/tokens/pats", { token: pat.token })).statusCode).toBe(200);
    await first.revokeToken("alice", pat.authorizationId);
    let status = 200;
    for (let attempt = 0; attempt < 20 && status === 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await call(second, "GET", "/acme/_apis/tokens/pats", { token: pat.token })).statusCode;
    }
    expect(status).toBe(401);
  });
});
