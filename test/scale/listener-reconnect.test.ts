/**
 * The PostgreSQL change listener reconnects by itself when its connection drops, and clears the
 * caches when it (re)connects, since events sent while it was away are lost. Both instances run
 * with a 60 s token cache, so only the listener can make them honour a change promptly.
 */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";

const postgres = testDatabases().find((d) => d.name === "postgres");
const SECRET = "a-shared-secret-of-at-least-32-characters";
const SHARED = { PATINA_SECRET: SECRET, PATINA_TOKEN_CACHE_TTL_MS: "60000" };
const PATS = "/acme/_apis/tokens/pats";

describe.runIf(postgres)("the change listener on PostgreSQL", () => {
  let first: TestApp;
  let second: TestApp;
  let pat: MintedToken;

  afterEach(async () => {
    await second?.close();
    await first?.close();
  });

  async function start() {
    if (!postgres) throw new Error("unreachable");
    first = await startTestApp(postgres, SHARED);
    second = await startTestApp(postgres, SHARED, first);
    await first.createUser("alice");
    await first.createOrg("acme", "alice");
    // Minted on the second instance, which applies its own change at once and skips its own
    // notification: nothing in flight can drop the entry the next call caches.
    pat = await second.mintToken("alice", { org: "acme", scope: "vso.pats" });
    expect((await call(second, "GET", PATS, { token: pat.token })).statusCode).toBe(200);
  }

  /** Runs SQL on the instances' database from outside Patina. */
  async function sqlOnStore<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    const client = new pg.Client({ connectionString: first.app.services.config.databaseUrl });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /** Ends every listening backend of this database, as a failover or an operator would. */
  async function terminateListeners(): Promise<number> {
    const rows = await sqlOnStore<{ pid: number }>(
      `select pid, pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query like 'LISTEN%' and pid <> pg_backend_pid()`,
    );
    return rows.length;
  }

  /** Waits (up to 5 s) until `app` has logged that its listener is back. */
  async function reconnected(app: TestApp, linesBefore: number): Promise<boolean> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (app.logs.slice(linesBefore).some((line) => line.includes("change feed reconnected"))) return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return false;
  }

  /** The status on `app` once it is `expected`, or the last one seen after a second. */
  async function statusWithinASecond(app: TestApp, expected: number): Promise<number> {
    const deadline = Date.now() + 1000;
    let seen = (await call(app, "GET", PATS, { token: pat.token })).statusCode;
    while (seen !== expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      seen = (await call(app, "GET", PATS, { token: pat.token })).statusCode;
    }
    return seen;
  }

  it("reconnects after its backend is terminated, and then hears a revoke made on another instance", async () => {
    await start();
    const linesBefore = second.logs.length;
    expect(await terminateListeners()).toBe(2);
    expect(await reconnected(second, linesBefore)).toBe(true);

    await first.revokeToken("alice", pat.authorizationId);
    expect(await statusWithinASecond(second, 401)).toBe(401);

    const logged = second.logs.slice(linesBefore).join("\n");
    expect(logged).toContain("change feed connection lost");
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(pat.token);
  });

  it("clears its caches on reconnect, so a change whose event was missed is honoured", async () => {
    await start();
    // A revocation that announced nothing stands for one whose NOTIFY this listener missed.
    await sqlOnStore("update tokens set revoked_at = $1 where authorization_id = $2", [
      new Date().toISOString(),
      pat.authorizationId,
    ]);
    expect((await call(second, "GET", PATS, { token: pat.token })).statusCode).toBe(200); // still cached
    const linesBefore = second.logs.length;
    await terminateListeners();
    expect(await reconnected(second, linesBefore)).toBe(true);
    expect((await call(second, "GET", PATS, { token: pat.token })).statusCode).toBe(401);
  });
});
