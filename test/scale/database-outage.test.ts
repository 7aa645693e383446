/**
 * A PostgreSQL outage, as one instance sees it. A TCP proxy stands between the instance and the
 * server (other suites share that server: nothing here stops it or touches their backends), and
 * the outage is the proxy cutting every connection and refusing new ones; a second variant ends
 * this database's backends with pg_terminate_backend, as a failover or an operator would.
 *
 * What a user must see: during the outage only 503 with Retry-After and the catalog's sentence
 * (or 200 from a token still cached, 401 for what needs no store to refuse), never a 500 and
 * never the driver's words; after it everything works without a restart, the caches were
 * cleared on reconnect, and the usage and audit rows are exactly what was done.
 */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { ERROR_CATALOG } from "../../src/http/error-catalog.js";
import { signedIn } from "../sessions/support.js";
import { testDatabases } from "../support/databases.js";
import { behindProxy, startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { basic, call, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";

const postgres = testDatabases().find((d) => d.name === "postgres");
const PASSWORD = "correct horse battery staple";
const UNAVAILABLE = ERROR_CATALOG.storeUnavailable.message;
/** Words of drivers and internals that must never reach a client. */
const INTERNAL_WORDS = /ECONN|terminat|timeout|queryable|postgres:\/\/|127\.0\.0\.1|pg_|SQLITE_|SQLSTATE|\.js\b|stack/i;

describe.runIf(postgres)("a PostgreSQL outage", () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let cached: MintedToken;
  let uncached: MintedToken;
  let session: { cookie: string; csrfToken: string };
  /** Requests this test saw admitted with `cached` (each one a use to be counted once). */
  let usesOfCached = 0;

  afterEach(async () => {
    proxy?.restore();
    await t?.close();
    await proxy?.close();
  });

  async function start() {
    if (!postgres) throw new Error("unreachable");
    const server = new URL(process.env.PATINA_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test");
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    t = await startTestApp(behindProxy(postgres, () => proxy));
    await t.createUser("alice", { password: PASSWORD });
    await t.createOrg("acme", "alice");
    cached = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage" });
    uncached = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage", name: "never cached" });
    session = await signedIn(t, "alice", PASSWORD);
    usesOfCached = 0;
    expect(await whoAmI(cached)).toBe(200);
    await t.app.services.usage.flush();
  }

  async function whoAmI(token: MintedToken): Promise<number> {
    const response = await call(t, "GET", "/_apis/connectionData", { token: token.token });
    if (response.statusCode === 200 && token === cached) usesOfCached++;
    expectNoInternals(response);
    return response.statusCode;
  }

  function expectNoInternals(response: { statusCode: number; body: string; headers: Record<string, unknown> }) {
    expect(response.statusCode, response.body).not.toBe(500);
    // Every 503 but the readiness probe's own answer is the catalog's, with Retry-After.
    if (response.statusCode === 503 && !response.body.includes('"status":"unavailable"')) {
      expect(response.headers["retry-after"]).toBe("5");
      const body = JSON.parse(response.body) as { message: string; typeKey: string };
      expect(body.message).toBe(UNAVAILABLE);
      expect(body.typeKey).toBe("VssServiceUnavailableException");
    }
    if (response.statusCode >= 400) expect(response.body).not.toMatch(INTERNAL_WORDS);
  }

  /** Everything a user does during the outage, with the answers each may legitimately get. */
  async function driveDuringOutage(allowed: { cachedToken: number[]; needsStore: number[]; create: boolean }) {
    expect(allowed.cachedToken).toContain(await whoAmI(cached));
    const listed = await call(t, "GET", "/acme/_apis/tokens/pats", { token: cached.token });
    expectNoInternals(listed);
    expect(allowed.needsStore).toContain(listed.statusCode);
    if (allowed.create) {
      const created = await call(t, "POST", "/acme/_apis/tokens/pats", {
        token: cached.token,
        body: { displayName: "made during the outage", scope: "vso.pats_manage" },
      });
      expectNoInternals(created);
      expect(created.statusCode).toBe(503);
    }

    // The cache entry has expired (the token cache TTL is 1 s): the lookup cannot be made, so
    // the answer is 503 — never a 200 from a stale entry, never a 401 that calls the token bad.
    t.clock.advance(2000);
    const expired = await call(t, "GET", "/_apis/connectionData", { token: cached.token });
    expectNoInternals(expired);
    expect(allowed.needsStore).toContain(expired.statusCode);
    if (expired.statusCode === 200) usesOfCached++;
    expect(allowed.needsStore).toContain(await whoAmI(uncached));

    const me = await t.app.server.inject({
      method: "GET",
      url: "/_apis/patina/session",
      headers: { cookie: session.cookie },
    });
    expectNoInternals(me);
    expect(allowed.needsStore).toContain(me.statusCode);

    const ready = await t.app.server.inject({ method: "GET", url: "/readyz" });
    expectNoInternals(ready);
    expect(allowed.needsStore).toContain(ready.statusCode);
    // A malformed credential needs no store to be refused.
    const junk = await t.app.server.inject({
      method: "GET",
      url: "/_apis/connectionData?api-version=7.1",
      headers: basic("nonsense"),
    });
    expect(junk.statusCode).toBe(401);
  }

  async function readyWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if ((await t.app.server.inject({ method: "GET", url: "/readyz" })).statusCode === 200) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  async function logged(text: string, after: number, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (t.logs.slice(after).some((line) => line.includes(text))) return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return false;
  }

  /** After the outage: everything works, and the rows are exactly what was done. */
  async function expectRecovered() {
    t.clock.advance(2000);
    expect(await whoAmI(cached)).toBe(200);
    expect(await whoAmI(uncached)).toBe(200);
    const me = await t.app.server.inject({
      method: "GET",
      url: "/_apis/patina/session",
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(200);
    const created = await call(t, "POST", "/acme/_apis/tokens/pats", {
      token: cached.token,
      body: { displayName: "made after the outage", scope: "vso.pats_manage" },
    });
    expect(created.statusCode, created.body).toBe(200);
    await t.app.services.usage.flush();

    const db = t.app.services.store.db;
    const usage = await db
      .selectFrom("tokenUsageDays")
      .select((eb) => eb.fn.sum<string>("requests").as("requests"))
      .where("authorizationId", "=", cached.authorizationId)
      .executeTakeFirstOrThrow();
    // Every admitted use of the cached token (the two API calls that reached their handler
    // count too: they were admitted before the store failed them), once.
    expect(Number(usage.requests)).toBe(usesOfCached + listedAndCreatedUses);
    // One creation event per token that exists: the two made before, the one made after; none
    // for the creation the outage refused (its event was in the same transaction as the token).
    const creations = await db
      .selectFrom("auditEvents")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("eventType", "=", "Token.PatCreateEvent")
      .executeTakeFirstOrThrow();
    expect(Number(creations.count)).toBe(3);
    const tokens = await db.selectFrom("tokens").select("displayName").execute();
    expect(tokens.map((token) => token.displayName).sort()).toEqual([
      "made after the outage",
      "never cached",
      "test token",
    ]);
  }
  /** The list, create and (after recovery) create calls with the cached token: admitted, so counted. */
  let listedAndCreatedUses = 0;

  it("cut at the network: 503 while it lasts, back by itself after, nothing lost or doubled", async () => {
    await start();
    const linesBefore = t.logs.length;
    proxy.cut();
    // The cached token authenticates (within the cache TTL); whatever needs the store is 503.
    await driveDuringOutage({ cachedToken: [200], needsStore: [503], create: true });
    listedAndCreatedUses = 2;
    // The usage batch is kept when its flush fails, and written once afterwards.
    await expect(t.app.services.usage.flush()).rejects.toThrow();
    await expect(t.app.services.usage.flush()).rejects.toThrow();
    proxy.restore();
    expect(await readyWithin(10_000)).toBe(true);
    expect(await logged("change feed reconnected; caches cleared", linesBefore, 10_000)).toBe(true);
    listedAndCreatedUses += 1;
    await expectRecovered();
    const logs = t.logs.join("\n");
    expect(logs).not.toContain(cached.token);
    expect(logs).toContain('"reason":"storeUnavailable"');
  });

  it("backends terminated by pg_terminate_backend: no 500, and it recovers by itself", async () => {
    await start();
    const linesBefore = t.logs.length;
    const databaseName = new URL(t.app.services.config.databaseUrl ?? "").pathname.slice(1);
    const admin = new pg.Client({
      connectionString: process.env.PATINA_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    });
    await admin.connect();
    try {
      const ended = await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [databaseName],
      );
      expect(ended.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // Each request may meet a dead pooled connection (503) or a fresh one (200): never a 500.
    const before = usesOfCached;
    await driveDuringOutage({ cachedToken: [200], needsStore: [200, 503], create: false });
    expect(usesOfCached).toBeGreaterThan(before);
    expect(await readyWithin(10_000)).toBe(true);
    expect(await logged("change feed reconnected; caches cleared", linesBefore, 10_000)).toBe(true);
    listedAndCreatedUses = 2;
    await expectRecovered();
  });
});
