/**
 * The failed-credential throttle as a client sees it: after a number of failures from one
 * address, further failures from it are a 429 with Retry-After and the Azure DevOps body; a
 * valid token from that address still works, and other addresses still get the plain 401.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREDENTIAL_FAILURE_LIMIT, CREDENTIAL_FAILURE_WINDOW_MS } from "../../src/auth/credential-throttle.js";
import { generateToken } from "../../src/domain/token-format.js";
import { testDatabases } from "../support/databases.js";
import { basic, startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("failed-credential throttle on $name", (database) => {
  let t: TestApp;
  let valid: string;

  const connect = (token: string, remoteAddress: string) =>
    t.app.server.inject({
      method: "GET",
      url: "/_apis/connectionData?api-version=7.1",
      headers: basic(token),
      remoteAddress,
    });

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    valid = (await t.mintToken("alice", { org: "acme", scope: "vso.profile" })).token;
  });
  afterAll(async () => t?.close());

  it("answers 401 up to the limit, then 429 with Retry-After, from the flooding address only", async () => {
    const flooder = "127.0.0.1";
    for (let i = 0; i < CREDENTIAL_FAILURE_LIMIT; i++) {
      expect((await connect(generateToken("patina_"), flooder)).statusCode, `failure ${i + 1}`).toBe(401);
    }
    const throttled = await connect(generateToken("patina_"), flooder);
    expect(throttled.statusCode).toBe(429);
    const retryAfter = Number(throttled.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(CREDENTIAL_FAILURE_WINDOW_MS / 1000);
    expect(throttled.json()).toMatchObject({ $id: "1", typeKey: "RequestBlockedException", eventId: 3000 });
    // Malformed credentials are failures too.
    expect((await connect("not-a-token", flooder)).statusCode).toBe(429);

    // A valid token is verified and admitted, even from the throttled address.
    expect((await connect(valid, flooder)).statusCode).toBe(200);
    // Another address is not slowed: its failure is the plain 401.
    const neighbour = await connect(generateToken("patina_"), "127.0.0.2");
    expect(neighbour.statusCode).toBe(401);
    expect(neighbour.headers["www-authenticate"]).toBe('Basic realm="Patina"');
  });

  it("forgets an address's failures after the window", async () => {
    const address = "127.0.0.3";
    for (let i = 0; i <= CREDENTIAL_FAILURE_LIMIT; i++) await connect(generateToken("patina_"), address);
    expect((await connect(generateToken("patina_"), address)).statusCode).toBe(429);
    t.clock.advance(CREDENTIAL_FAILURE_WINDOW_MS);
    expect((await connect(generateToken("patina_"), address)).statusCode).toBe(401);
  });

  it("never throttles a request without any credential", async () => {
    const address = "127.0.0.4";
    for (let i = 0; i <= CREDENTIAL_FAILURE_LIMIT + 5; i++) {
      const response = await t.app.server.inject({
        method: "GET",
        url: "/_apis/connectionData",
        remoteAddress: address,
      });
      expect(response.statusCode).toBe(401);
    }
  });
});
