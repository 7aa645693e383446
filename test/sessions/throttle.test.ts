/** Failed sign-ins are throttled per account and per client address, with 429 and Retry-After, and recover. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { PASSWORD, signIn } from "./support.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe.each(testDatabases())("sign-in throttling on $name", (database) => {
  let t: TestApp;
  let nextIp = 1;
  // Each test (and each phase) uses fresh client addresses, so only the account counter is in play.
  const freshIp = () => `10.1.0.${nextIp++}`;
  const fail = async (username: string, times: number, ip = freshIp()) => {
    for (let i = 0; i < times; i++) {
      expect((await signIn(t, username, "wrong password", { ip })).statusCode).toBe(401);
    }
  };

  beforeEach(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { password: PASSWORD });
    await t.createUser("bob", { password: PASSWORD });
  });
  afterEach(async () => t?.close());

  it("answers 429 with Retry-After after 5 failures, even for the right password, then lets the user in", async () => {
    await fail("alice", 5);
    const blocked = await signIn(t, "alice", PASSWORD, { ip: freshIp() });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["retry-after"]).toBe("30");
    expect(blocked.json()).toMatchObject({ typeKey: "RequestBlockedException" });
    expect(blocked.json().message).toContain("30 seconds");
    // Other accounts are not affected.
    expect((await signIn(t, "bob", PASSWORD, { ip: freshIp() })).statusCode).toBe(200);
    t.clock.advance(29 * SECOND);
    expect((await signIn(t, "alice", PASSWORD, { ip: freshIp() })).headers["retry-after"]).toBe("1");
    t.clock.advance(SECOND);
    expect((await signIn(t, "alice", PASSWORD, { ip: freshIp() })).statusCode).toBe(200);
  });

  it("doubles the wait with every further failure, up to 15 minutes", async () => {
    await fail("alice", 5);
    const waits: string[] = [];
    for (let i = 0; i < 7; i++) {
      const blocked = await signIn(t, "alice", "wrong password", { ip: freshIp() });
      expect(blocked.statusCode).toBe(429);
      const wait = Number(blocked.headers["retry-after"]);
      waits.push(String(wait));
      t.clock.advance(wait * SECOND);
      await fail("alice", 1);
    }
    expect(waits).toEqual(["30", "60", "120", "240", "480", "900", "900"]);
  });

  it("resets the account's count on success, and forgets it after 15 quiet minutes", async () => {
    await fail("alice", 4);
    expect((await signIn(t, "alice", PASSWORD, { ip: freshIp() })).statusCode).toBe(200);
    await fail("alice", 4);
    expect((await signIn(t, "alice", PASSWORD, { ip: freshIp() })).statusCode).toBe(200);
    // Blocked at the cap, then quiet: the block ends, and 15 minutes later the count is gone.
    await fail("alice", 5);
    t.clock.advance(30 * SECOND + 15 * MINUTE);
    await fail("alice", 4);
    expect((await signIn(t, "alice", "wrong password", { ip: freshIp() })).statusCode).toBe(401);
    expect((await signIn(t, "alice", PASSWORD, { ip: freshIp() })).statusCode).toBe(429);
  });

  it("throttles an unknown user name exactly like a real one (no enumeration)", async () => {
    await fail("nobody", 5);
    const blocked = await signIn(t, "nobody", PASSWORD, { ip: freshIp() });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["retry-after"]).toBe("30");
  });

  it("throttles one client address spraying many accounts after 20 failures", async () => {
    const ip = "10.9.9.9";
    for (let i = 0; i < 20; i++) {
      expect((await signIn(t, `user${i}`, "wrong password", { ip })).statusCode).toBe(401);
    }
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
      const blocked = await signIn(second, "alice", PASSWORD, { ip: freshIp() });
      expect(blocked.statusCode).toBe(429);
    } finally {
      await second.app.close();
    }
    const rows = await t.app.services.store.db.selectFrom("signInThrottle").selectAll().execute();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toMatch(/alice|10\.7\.7\.7/);
  });

  it("refuses parallel guesses at one account beyond the one in flight", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => signIn(t, "alice", "wrong password", { ip: freshIp() })),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
  });
});
