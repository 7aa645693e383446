/*
 * Token verification, run on every authenticated request (SPEC section 3):
 * cache → (on a miss) shape and checksum → keyed hash → store → revoked / expired / owner
 * disabled.
 *
 * The hot path is a cache hit, answered synchronously: no hash, no promise, no allocation
 * beyond the result. The cache is keyed by the presented value itself, so a hit means this
 * exact string was verified against the store moments ago (its shape and checksum included);
 * values live there only for the cache TTL, in this process's memory, never written anywhere.
 * A miss is answered synchronously too when the store answers synchronously (SQLite's prepared
 * lookup); otherwise with a promise.
 *
 * Threats: guessing (256-bit secrets), timing (lookups are by keyed hash, not by comparing the
 * secret), enumeration (every failure gives the caller the same "no"; the reason is returned
 * for the server log only), database dumps (only keyed hashes are stored), and DoS by junk:
 * bad shape or checksum is rejected before any database access or cache growth; a well-formed
 * but unknown value is remembered by its hash for a short while (negative-cache.ts); and
 * concurrent misses of one value share one store read.
 *
 * During a server secret rotation a miss the current secret's hash does not find looks again
 * under the previous secret (previous-secret.ts); hits and found misses are unchanged.
 */
import type { Clock } from "../clock.js";
import type { UseRefusalReason } from "../domain/policy-decisions.js";
import { checkTokenShape } from "../domain/token-format.js";
import type { TokenHasher } from "../security/token-hash.js";
import type { AuthCounts } from "./auth-counts.js";
import type { LookupLanes } from "./lookup-lanes.js";
import type { NegativeTokenCache } from "./negative-cache.js";
import { createMissLoader, type PreviousSecret } from "./previous-secret.js";
import type { TokenCache } from "./token-cache.js";
import type { VerifiedToken } from "./verified-token.js";

export type VerificationFailure =
  | "malformed"
  | "badChecksum"
  | "unknown"
  | "revoked"
  | "expired"
  | "secretRetired"
  | "ownerDisabled"
  /** A valid token a policy refuses at use (introspection answers it inactive; see authenticate.ts). */
  | UseRefusalReason;

export type Verification =
  | { ok: true; token: VerifiedToken }
  | { ok: false; reason: VerificationFailure; authorizationId?: string };

/** Loads the record behind a secret hash from the store (synchronously when the store can), or undefined. */
export type TokenRecordLoader = (secretHash: string) => VerifiedToken | undefined | Promise<VerifiedToken | undefined>;

export interface TokenVerifierDeps {
  readonly tokenPrefix: string;
  readonly hashToken: TokenHasher;
  readonly loadTokenRecord: TokenRecordLoader;
  readonly cache: TokenCache<VerifiedToken>;
  readonly negativeCache: NegativeTokenCache;
  readonly clock: Clock;
  readonly counts: AuthCounts;
  /** Bounds the store reads one client address has in flight (see lookup-lanes.ts). */
  readonly lanes: LookupLanes;
  /** Set during a server secret rotation: a miss looks again under it (see previous-secret.ts). */
  readonly previousSecret?: PreviousSecret;
}

/**
 * Verifies a presented token value at `nowMs` (read from the clock when omitted), for a client
 * at `clientAddress` (whose store reads then share that address's lane): synchronously when it
 * is cached or the store answers synchronously, otherwise with a promise. Callers that care
 * about speed handle both (see auth/authenticate.ts); others simply await.
 */
export type TokenVerifier = (
  presented: string,
  nowMs?: number,
  clientAddress?: string,
) => Verification | Promise<Verification>;

const MALFORMED: Verification = Object.freeze({ ok: false, reason: "malformed" });
const BAD_CHECKSUM: Verification = Object.freeze({ ok: false, reason: "badChecksum" });
const UNKNOWN: Verification = Object.freeze({ ok: false, reason: "unknown" });

/** Creates the verifier. */
export function createTokenVerifier(deps: TokenVerifierDeps): TokenVerifier {
  const { cache, negativeCache, counts } = deps;
  /** Store reads under way, by hash: a miss on a value being read joins that read. */
  const inFlight = new Map<string, Promise<VerifiedToken | undefined>>();
  const loadMiss = createMissLoader(deps.loadTokenRecord, deps.previousSecret);

  /** What a store read found goes into the caches, before anyone else can miss on it. */
  const remember = (
    presented: string,
    secretHash: string,
    token: VerifiedToken | undefined,
    nowMs: number,
    epoch: number,
    generation: number,
  ) => {
    if (token === undefined) negativeCache.remember(secretHash, nowMs, epoch);
    else cache.set(presented, token, nowMs, generation);
    return token;
  };
  /** The store read of a cache miss: one per hash at a time. */
  const read = (presented: string, secretHash: string, nowMs: number, clientAddress: string | undefined) => {
    const pending = inFlight.get(secretHash);
    if (pending !== undefined) return pending;
    // Captured before the store is asked: a token change after this makes an "unknown" stale.
    const epoch = negativeCache.epoch();
    const generation = cache.generation(); // likewise for a found token: see token-cache.ts
    counts.storeLookups++;
    const loaded =
      clientAddress === undefined
        ? loadMiss(presented, secretHash)
        : deps.lanes.run(clientAddress, () => loadMiss(presented, secretHash));
    if (!(loaded instanceof Promise)) return remember(presented, secretHash, loaded, nowMs, epoch, generation);
    const shared = loaded
      .then((token) => remember(presented, secretHash, token, nowMs, epoch, generation))
      .finally(() => inFlight.delete(secretHash));
    inFlight.set(secretHash, shared);
    return shared;
  };
  const statusAt = (token: VerifiedToken | undefined, nowMs: number) =>
    token === undefined ? UNKNOWN : checkStatus(token, nowMs);

  return (presented, nowMs = deps.clock.now().getTime(), clientAddress) => {
    const cached = cache.get(presented, nowMs);
    if (cached !== undefined) {
      counts.cacheHits++;
      return checkStatus(cached, nowMs);
    }
    const shape = checkTokenShape(presented, deps.tokenPrefix);
    if (shape !== "valid") return shape === "malformed" ? MALFORMED : BAD_CHECKSUM;
    const secretHash = deps.hashToken(presented);
    if (negativeCache.has(secretHash, nowMs)) {
      counts.negativeCacheHits++;
      return UNKNOWN;
    }
    const token = read(presented, secretHash, nowMs, clientAddress);
    return token instanceof Promise ? token.then((loaded) => statusAt(loaded, nowMs)) : statusAt(token, nowMs);
  };
}

/** The time-dependent checks, run on every verification, cached or not. */
function checkStatus(token: VerifiedToken, nowMs: number): Verification {
  const authorizationId = token.authorizationId;
  if (token.revoked) return { ok: false, reason: "revoked", authorizationId };
  if (nowMs >= token.validToMs) return { ok: false, reason: "expired", authorizationId };
  if (token.secretExpiresAtMs !== null && nowMs >= token.secretExpiresAtMs) {
    return { ok: false, reason: "secretRetired", authorizationId };
  }
  if (token.owner.isDisabled) return { ok: false, reason: "ownerDisabled", authorizationId };
  return { ok: true, token };
}
