/**
 * Forged tokens do not reach the store at full speed: an unknown well-formed token is looked up
 * once, then answered from memory for the negative cache's TTL, and a token change (create,
 * regenerate) empties the negative cache. Observed through the store lookups the services count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NEGATIVE_CACHE_TTL_MS, NegativeTokenCache } from "../../src/auth/negative-cache.js";
import { generateToken } from "../../src/domain/token-format.js";
import { createTokenHasher } from "../../src/security/token-hash.js";
import { testDatabases } from "../support/databases.js";
import { basic, startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("negative cache on $name", (database) => {
  let t: TestApp;

  const storeLookups = () => t.app.services.authentication.counts.snapshot().storeLookups;
  // Each from its own address, so the failed-credential throttle does not come into it.
  let address = 0;
  const connect = (token: string) =>
    t.app.server.inject({
      method: "GET",
      url: "/_apis/connectionData?api-version=7.1",
      headers: basic(token),
      remoteAddress: `10.0.${Math.floor(++address / 250)}.${address % 250}`,
    });

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
  });
  afterAll(async () => t?.close());

  it("looks a flood of one forged token up once per TTL", async () => {
    const forged = generateToken("patina_");
    const start = storeLookups();
    // Concurrent and sequential requests alike.
    const burst = await Promise.all(Array.from({ length: 50 }, () => connect(forged)));
    expect(burst.every((response) => response.statusCode === 401)).toBe(true);
    for (let i = 0; i < 50; i++) expect((await connect(forged)).statusCode).toBe(401);
    expect(storeLookups() - start).toBe(1);

    t.clock.advance(NEGATIVE_CACHE_TTL_MS);
    for (let i = 0; i < 20; i++) expect((await connect(forged)).statusCode).toBe(401);
    expect(storeLookups() - start).toBe(2);
  });

  it("keys the cache by the keyed hash, never the presented value", async () => {
    const forged = generateToken("patina_");
    await connect(forged);
    const keys = [...t.app.services.authentication.negativeCache.keys()];
    expect(keys.length).toBeGreaterThan(0);
    expect(keys).not.toContain(forged);
    expect(keys).toContain(createTokenHasher(t.app.services.serverSecret)(forged));
  });

  // Last: on PostgreSQL this process hears its own token change again later, emptying the cache once more.
  it("forgets unknown tokens when a token is created", async () => {
    const forged = generateToken("patina_");
    await connect(forged);
    const start = storeLookups();
    await connect(forged);
    expect(storeLookups() - start).toBe(0);
    const created = await t.mintToken("alice", { org: "acme", scope: "vso.profile" });
    await connect(forged);
    expect(storeLookups() - start).toBe(1);
    expect((await connect(created.token)).statusCode).toBe(200);
  });
});

describe("the negative cache's bounds", () => {
  it("forgets the oldest hash when full", () => {
    const cache = new NegativeTokenCache(1000, 3);
    for (const hash of ["a", "b", "c", "d"]) cache.remember(hash, 0, cache.epoch());
    expect([...cache.keys()]).toEqual(["b", "c", "d"]);
    expect(cache.has("a", 1)).toBe(false);
    expect(cache.has("d", 999)).toBe(true);
    expect(cache.has("d", 1000)).toBe(false);
  });

  it("does not remember an answer read before it was cleared", () => {
    const cache = new NegativeTokenCache(1000, 3);
    const epoch = cache.epoch();
    cache.clear();
    cache.remember("a", 0, epoch);
    expect(cache.has("a", 1)).toBe(false);
  });
});
