/**
 * Failed sign-ins are throttled per (account, address), per account from many addresses, and per
 * address over many distinct accounts; with 429 and Retry-After, and they recover. A neighbour
 * sharing an address never locks another user out.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { PASSWORD, signIn } from "./support.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe.each(testDatabases())("sign-in throttling on $name", (database) => {
  let t: TestApp;
  let nextIp = 1;
  // Fresh client addresses, so that only the key a test is about is in play.
  const freshIp = () => `10.1.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;
  const fail = async (username: string, times: number, ip: string) => {
    for (let i = 0; i < times; i++) {
      const response = await signIn(t, username, "wrong password", { ip });
      expect(response.statusCode, `failure ${i + 1} of ${username} from ${ip}`).toBe(401);
    }
  };

  beforeEach(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { password: PASSWORD });
    await t.createUser("bob", { password: PASSWORD });
  });
  afterEach(async () => t?.close());

  it("lets alice in from an address where a neighbour failed 20 times on unknown accounts (finding 5)", async () => {
    for (let i = 0; i < 20; i++) await fail(`ghost${i % 5}`, 1, "10.0.0.1");
    const alice = await signIn(t, "alice", PASSWORD, { ip: "10.0.0.1" });
    expect(alice.statusCode, alice.body).toBe(200);
    expect((await signIn(t, "bob", PASSWORD, { ip: "10.0.0.1" })).statusCode).toBe(200);
  });

  it("never locks alice out because one other address keeps guessing her password", async () => {
    const neighbour = "10.0.0.2";
    let failures = 0;
    while (failures < 40) {
      const response = await signIn(t, "alice", "wrong password", { ip: neighbour });
      if (response.statusCode === 429) t.clock.advance(Number(response.headers["retry-after"]) * SECOND);
      else {
        expect(response.statusCode).toBe(401);
        failures++;
      }
    }
    expect((await signIn(t, "alice", "wrong password", { ip: neighbour })).statusCode).toBe(429);
    const alice = await signIn(t, "alice", PASSWORD, { ip: "10.0.0.1" });
    expect(alice.statusCode, alice.body).toBe(200);
  });

  it("throttles alice's own guesses from one address after 5, even the right password, then lets her in", async () => {
    const ip = "10.0.0.1";
    await fail("alice", 5, ip);
    const blocked = await signIn(t, "alice", PASSWORD, { ip });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["retry-after"]).toBe("30");
    expect(blocked.json()).toMatchObject({ typeKey: "RequestBlockedException" });
    expect(blocked.json().message).toContain("30 seconds");
    // Other accounts from that address are not affected.
    expect((await signIn(t, "bob", PASSWORD, { ip })).statusCode).toBe(200);
    t.clock.advance(29 * SECOND);
    expect((await signIn(t, "alice", PASSWORD, { ip })).headers["retry-after"]).toBe("1");
    t.clock.advance(SECOND);
    expect((await signIn(t, "alice", PASSWORD, { ip })).statusCode).toBe(200);
  });

  it("doubles the wait with every further failure from that address, up to 15 minutes", async () => {
    const ip = freshIp();
    await fail("alice", 5, ip);
    const waits: string[] = [];
    for (let i = 0; i < 7; i++) {
      const blocked = await signIn(t, "alice", "wrong password", { ip });
      expect(blocked.statusCode).toBe(429);
      const wait = Number(blocked.headers["retry-after"]);
      waits.push(String(wait));
      t.clock.advance(wait * SECOND);
      await fail("alice", 1, ip);
    }
    expect(waits).toEqual(["30", "60", "120", "240", "480", "900", "900"]);
  });

  it("resets the count on success from that address, and forgets it after 15 quiet minutes", async () => {
    const ip = freshIp();
    await fail("alice", 4, ip);
    expect((await signIn(t, "alice", PASSWORD, { ip })).statusCode).toBe(200);
    await fail("alice", 4, ip);
    expect((await signIn(t, "alice", PASSWORD, { ip })).statusCode).toBe(200);
    // Blocked, then quiet: the block ends, and 15 minutes later the count is gone.
    await fail("alice", 5, ip);
    t.clock.advance(30 * SECOND + 15 * MINUTE);
    await fail("alice", 4, ip);
    expect((await signIn(t, "alice", "wrong password", { ip })).statusCode).toBe(401);
    expect((await signIn(t, "alice", PASSWORD, { ip })).statusCode).toBe(429);
  });

  it("throttles one account guessed from many addresses after 25, for every address", async () => {
    for (let i = 0; i < 25; i++) await fail("alice", 1, freshIp());
    const blocked = await signIn(t, "alice", PASSWORD, { ip: freshIp() });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["retry-after"]).toBe("30");
    expect((await signIn(t, "bob", PASSWORD, { ip: freshIp() })).statusCode).toBe(200);
    t.clock.advance(30 * SECOND);
    expect((await signIn(t, "alice", PASSWORD, { ip: freshIp() })).statusCode).toBe(200);
  });

  it("throttles an unknown user name exactly like a real one (no enumeration)", async () => {
    const outcomes = async (username: string) => {
      const ip = freshIp();
      const seen: string[] = [];
      for (let i = 0; i < 7; i++) {
        const response = await signIn(t, username, "wrong password", { ip });
        seen.push(`${response.statusCode} ${response.headers["retry-after"] ?? "-"}`);
      }
      return seen;
    };
    const real = await outcomes("alice");
    expect(await outcomes("nobody")).toEqual(real);
    expect(real).toEqual(["401 -", "401 -", "401 -", "401 -", "401 -", "429 30", "429 30"]);
  });

  it("throttles one address stuffing credentials into 50 distinct accounts, not its other users elsewhere", async () => {
    const ip = "10.9.9.9";
    for (let i = 0; i < 50; i++) await fail(`user${i}`, 1, ip);
    const blocked = await signIn(t, "bob", PASSWORD, { ip });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["retry-after"]).toBe("30");
    // Bob from his own address is fine.
    expect((await signIn(t, "bob", PASSWORD, { ip: freshIp() })).statusCode).toBe(200);
    t.clock.advance(30 * SECOND);
    expect((await signIn(t, "bob", PASSWORD, { ip })).statusCode).toBe(200);
  });

  it("keeps the counts in the database (shared by instances), keyed by hashes only", async () => {
    await fail("alice", 5, "10.7.7.7");
    const second = await startTestApp(database, {}, t);
    try {
      expect((await signIn(second, "alice", PASSWORD, { ip: "10.7.7.7" })).statusCode).toBe(429);
    } finally {
      await second.app.close();
    }
    const rows = await t.app.services.store.db.selectFrom("signInThrottle").selectAll().execute();
    // One row each for the (account, address) pair, the account and the address.
    expect(rows).toHaveLength(3);
    expect(JSON.stringify(rows)).not.toMatch(/alice|10\.7\.7\.7/);
  });

  it("refuses parallel guesses at one account beyond the one in flight", async () => {
    const ip = freshIp();
    const results = await Promise.all(Array.from({ length: 8 }, () => signIn(t, "alice", "wrong password", { ip })));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
  });
});
