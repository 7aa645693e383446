/**
 * A revocation can never be undone by the cache (issue 7, finding 7): a verification that read
 * the token from the store just before a revoke committed must not put the old record into the
 * cache afterwards. Deterministic: the store read is held on a gate the test opens after the
 * revoke has returned.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../../src/audit/audit-log.js";
import { AuthCounts } from "../../src/auth/auth-counts.js";
import { LookupLanes } from "../../src/auth/lookup-lanes.js";
import { NegativeTokenCache } from "../../src/auth/negative-cache.js";
import { createTokenVerifier, type TokenRecordLoader } from "../../src/auth/token-verifier.js";
import { createTokenHasher } from "../../src/security/token-hash.js";
import { createTokenRecordLoader } from "../../src/tokens/token-record.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";

/** A promise the test resolves by hand. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe.each(testDatabases())("a revocation racing a verification on $name", (database) => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  /** A verifier on the app's own cache whose store reads finish only when the test says so. */
  function heldVerifier(afterRead: Promise<void>, onRead: () => void) {
    const services = t.app.services;
    const load = createTokenRecordLoader(services.store.lookupToken);
    const held: TokenRecordLoader = async (secretHash) => {
      const record = await load(secretHash);
      onRead();
      await afterRead;
      return record;
    };
    return createTokenVerifier({
      tokenPrefix: services.config.tokenPrefix,
      hashToken: createTokenHasher(services.serverSecret),
      loadTokenRecord: held,
      cache: services.tokenCache,
      negativeCache: new NegativeTokenCache(),
      clock: services.clock,
      counts: new AuthCounts(),
      lanes: new LookupLanes(),
    });
  }

  /** A started app and alice's token, not yet verified (nothing cached). */
  async function startWithToken() {
    t = await startTestApp(database, { PATINA_TOKEN_CACHE_TTL_MS: "60000" });
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    return t.mintToken("alice", { org: "acme", scope: "vso.pats" });
  }

  /** Runs `change` after a verification of `token` has read the store and before it finishes. */
  async function changeWhileReadInFlight(token: string, change: () => Promise<void>) {
    const release = gate();
    const read = gate();
    const inFlight = heldVerifier(release.opened, read.open)(token);
    await read.opened; // the store has answered with the token as it was before the change
    await change();
    release.open();
    await inFlight; // this request began before the change returned; its answer is not the point
  }

  it("refuses the token on the next request when the revoke committed while a read was in flight", async () => {
    const pat = await startWithToken();
    await changeWhileReadInFlight(pat.token, () => t.revokeToken("alice", pat.authorizationId));

    const after = await call(t, "GET", "/acme/_apis/tokens/pats", { token: pat.token });
    expect(after.statusCode).toBe(401);
    const cached = t.app.services.tokenCache.get(pat.token, t.clock.now().getTime());
    expect(cached === undefined || cached.revoked).toBe(true);
  });

  it("refuses it after the owner is disabled while a read was in flight", async () => {
    const pat = await startWithToken();
    await changeWhileReadInFlight(pat.token, async () => {
      expect((await t.app.services.directory.setDisabled(CLI_ACTOR, "alice", true)).ok).toBe(true);
    });

    const after = await call(t, "GET", "/acme/_apis/tokens/pats", { token: pat.token });
    expect(after.statusCode).toBe(401);
  });
});
