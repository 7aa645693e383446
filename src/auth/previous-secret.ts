/*
 * Server secret rotation (PATINA_PREVIOUS_SECRET; docs/deployment.md). Stored hashes are keyed
 * by the secret, so a new secret alone would make every token unknown. During a rotation the
 * verifier looks a token up by its current-secret hash as always; only when that finds nothing
 * does it hash with the previous secret and look again, and on a hit it rewrites the stored hash
 * to the current secret's. Each token is re-hashed once, on its first use in the window, and
 * verifies on the usual path afterwards: the cache hit and the found-at-first-look miss cost
 * nothing extra. A value unknown under both secrets costs two more lookups (then the negative
 * cache remembers it, by its current hash, as for any unknown value).
 *
 * Several instances may re-hash the same token at once: the rewrite is conditional on the old
 * hash still being stored, so exactly one wins and the others see zero rows changed (and the
 * token verifies for all of them: they already read it). Between one instance's first lookup
 * and its second, another may have re-hashed the token: the old hash is then gone, so a miss on
 * it is followed by one more look under the current hash before the value counts as unknown.
 */
import type { TokenHasher } from "../security/token-hash.js";
import type { TokenRecordLoader } from "./token-verifier.js";
import type { VerifiedToken } from "./verified-token.js";

/** What the verifier needs while a previous secret is configured. */
export interface PreviousSecret {
  /** The previous secret's hasher. */
  readonly hashToken: TokenHasher;
  /**
   * Rewrites a stored hash from the previous secret's to the current one's, if it is still the
   * previous one's. Never rejects: a failed rewrite is retried on the token's next cache miss.
   */
  rehash(previousHash: string, currentHash: string): Promise<void>;
}

/** The store read of a cache miss, by the presented value and its current-secret hash. */
export type MissLoader = (
  presented: string,
  secretHash: string,
) => VerifiedToken | undefined | Promise<VerifiedToken | undefined>;

/** The miss loader: the plain store read, or with the previous secret's second look. */
export function createMissLoader(load: TokenRecordLoader, previous: PreviousSecret | undefined): MissLoader {
  if (previous === undefined) return (_presented, secretHash) => load(secretHash);
  const underPrevious = async (presented: string, secretHash: string) => {
    const previousHash = previous.hashToken(presented);
    const found = await load(previousHash);
    // Gone under the old hash: another instance may have just re-hashed it.
    if (found === undefined) return load(secretHash);
    await previous.rehash(previousHash, secretHash);
    return found;
  };
  return (presented, secretHash) => {
    const loaded = load(secretHash);
    if (loaded instanceof Promise) {
      return loaded.then((token) => token ?? underPrevious(presented, secretHash));
    }
    return loaded ?? underPrevious(presented, secretHash);
  };
}
