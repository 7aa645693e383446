/**
 * PATINA_TRUST_PROXY: which peers may name the client address. Parsed and checked at start; a
 * trusted peer's X-Forwarded-For becomes the address that throttles and audit see, anyone
 * else's is ignored. (The same through a real nginx: reverse-proxy.test.ts.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { runCli } from "../cli/run-cli.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { PASSWORD } from "./support.js";

describe("PATINA_TRUST_PROXY", () => {
  it("is no proxy by default", () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ PATINA_TRUST_PROXY: "" }).trustProxy).toEqual([]);
  });

  it("takes addresses and CIDR ranges, IPv4 and IPv6, comma-separated", () => {
    const config = loadConfig({ PATINA_TRUST_PROXY: " 127.0.0.1, 10.0.0.0/8,::1 ,fd00::/8,192.168.1.7/32" });
    expect(config.trustProxy).toEqual(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8", "192.168.1.7/32"]);
    expect(Object.isFrozen(config.trustProxy)).toBe(true);
  });

  it.each([
    "10.0.0.300",
    "10.0.0.0/33",
    "::1/129",
    "10.0.0.0/",
    "10.0.0.0/8/8",
    "10.0.0.0/08x",
    "localhost",
    "loopback",
    "127.0.0.1,,10.0.0.1",
    "fe80::1%eth0",
    "*",
  ])("stops on %j, naming the variable", (value) => {
    expect(() => loadConfig({ PATINA_TRUST_PROXY: value })).toThrow("PATINA_TRUST_PROXY");
  });

  it("stops `patina serve` with the variable named (exit code 2)", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-trust-"));
    try {
      const result = await runCli(["serve"], { PATINA_DATA_DIR: dataDir, PATINA_TRUST_PROXY: "10.0.0.0/33" });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("PATINA_TRUST_PROXY");
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(testDatabases())("client addresses behind a trusted proxy on $name", (database) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  /** Fails a sign-in as if from `remoteAddress` with these headers; returns the audited client address. */
  async function auditedAddress(remoteAddress: string, headers: Record<string, string> = {}) {
    const response = await t.app.server.inject({
      method: "POST",
      url: "/_apis/patina/session",
      remoteAddress,
      headers,
      payload: { username: "alice", password: "wrong password" },
    });
    expect(response.statusCode).toBe(401);
    const events = await t.app.services.store.db
      .selectFrom("auditEvents")
      .select(["clientIp", "eventType"])
      .where("eventType", "=", "User.SignInFailedEvent")
      .execute();
    return events.at(-1)?.clientIp;
  }

  it("believes X-Forwarded-For only from a trusted proxy", async () => {
    t = await startTestApp(database, { PATINA_TRUST_PROXY: "10.0.0.1,fd00::/64" });
    await t.createUser("alice", { password: PASSWORD });
    const forwarded = { "x-forwarded-for": "198.51.100.7" };
    expect(await auditedAddress("10.0.0.1", forwarded)).toBe("198.51.100.7");
    expect(await auditedAddress("fd00::5", { "x-forwarded-for": "2001:db8::7" })).toBe("2001:db8::7");
    // A client's own entries before the proxy's are not believed: the proxy appended the real one.
    expect(await auditedAddress("10.0.0.1", { "x-forwarded-for": "203.0.113.1, 198.51.100.8" })).toBe("198.51.100.8");
    // Anyone else naming an address is ignored; so is X-Real-IP, which Patina never reads.
    expect(await auditedAddress("10.0.0.2", forwarded)).toBe("10.0.0.2");
    expect(await auditedAddress("10.0.0.1", { "x-real-ip": "198.51.100.9" })).toBe("10.0.0.1");
  });

  it("ignores X-Forwarded-For without the setting", async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { password: PASSWORD });
    expect(await auditedAddress("10.0.0.1", { "x-forwarded-for": "198.51.100.7" })).toBe("10.0.0.1");
  });
});
