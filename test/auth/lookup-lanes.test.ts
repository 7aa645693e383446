/**
 * One address cannot monopolise the store: with an asynchronous store, its cold lookups (cache
 * misses) run a few at a time while another address's lookup starts at once, and every lookup
 * still finishes, so a valid token from the busy address is verified too.
 */
import { describe, expect, it } from "vitest";
import { AuthCounts } from "../../src/auth/auth-counts.js";
import { COLD_LOOKUPS_PER_ADDRESS, LookupLanes } from "../../src/auth/lookup-lanes.js";
import { NegativeTokenCache } from "../../src/auth/negative-cache.js";
import { TokenCache } from "../../src/auth/token-cache.js";
import { createTokenVerifier } from "../../src/auth/token-verifier.js";
import type { VerifiedToken } from "../../src/auth/verified-token.js";
import { generateToken } from "../../src/domain/token-format.js";
import { createTokenHasher } from "../../src/security/token-hash.js";

/** A store whose reads finish only when the test says so. */
function slowStore() {
  const pending: { hash: string; finish: () => void }[] = [];
  const load = (hash: string) =>
    new Promise<VerifiedToken | undefined>((resolve) => pending.push({ hash, finish: () => resolve(undefined) }));
  return { pending, load };
}

function verifierOn(store: ReturnType<typeof slowStore>) {
  return createTokenVerifier({
    tokenPrefix: "patina_",
    hashToken: createTokenHasher(Buffer.alloc(32, 7)),
    loadTokenRecord: store.load,
    cache: new TokenCache<VerifiedToken>(1000, 100),
    negativeCache: new NegativeTokenCache(),
    clock: { now: () => new Date(0) },
    counts: new AuthCounts(),
    lanes: new LookupLanes(),
  });
}

describe("cold lookups per address", () => {
  it("runs a few of one address's lookups at a time, and another address's at once", async () => {
    const store = slowStore();
    const verify = verifierOn(store);
    const flood = Array.from({ length: 10 }, () => verify(generateToken("patina_"), 0, "127.0.0.1"));
    await Promise.resolve();
    expect(store.pending.length).toBe(COLD_LOOKUPS_PER_ADDRESS);

    const neighbour = verify(generateToken("patina_"), 0, "127.0.0.2");
    expect(store.pending.length).toBe(COLD_LOOKUPS_PER_ADDRESS + 1);
    store.pending[COLD_LOOKUPS_PER_ADDRESS]?.finish();
    expect(await neighbour).toMatchObject({ ok: false, reason: "unknown" });

    // The flooding address's lookups all complete, in turn.
    let finished = 0;
    while (finished < store.pending.length) {
      store.pending[finished]?.finish();
      finished++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const results = await Promise.all(flood);
    expect(results.every((result) => !result.ok && result.reason === "unknown")).toBe(true);
    expect(store.pending.length).toBe(11);
  });
});
