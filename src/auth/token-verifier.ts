/*
 * Token verification, run on every authenticated request (SPEC section 3):
 * cache → (on a miss) shape and checksum → keyed hash → database → revoked / expired / owner
 * disabled.
 *
 * The hot path is a cache hit, answered synchronously: no hash, no promise, no allocation
 * beyond the result. The cache is keyed by the presented value itself, so a hit means this
 * exact string was verified against the store moments ago (its shape and checksum included);
 * values live there only for the cache TTL, in this process's memory, never written anywhere.
 *
 * Threats: guessing (256-bit secrets), timing (lookups are by keyed hash, not by comparing the
 * secret), enumeration (every failure gives the caller the same "no"; the reason is returned
 * for the server log only), database dumps (only keyed hashes are stored), and DoS by junk
 * (bad shape or checksum is rejected before any database access or cache growth).
 */
import type { Clock } from "../clock.js";
import { checkTokenShape } from "../domain/token-format.js";
import type { TokenHasher } from "../security/token-hash.js";
import type { TokenCache } from "./token-cache.js";
import type { VerifiedToken } from "./verified-token.js";

export type VerificationFailure =
  | "malformed"
  | "badChecksum"
  | "unknown"
  | "revoked"
  | "expired"
  | "secretRetired"
  | "ownerDisabled";

export type Verification =
  | { ok: true; token: VerifiedToken }
  | { ok: false; reason: VerificationFailure; authorizationId?: string };

/** Loads the record behind a secret hash from the store, or undefined when none. */
export type TokenRecordLoader = (secretHash: string) => Promise<VerifiedToken | undefined>;

export interface TokenVerifierDeps {
  readonly tokenPrefix: string;
  readonly hashToken: TokenHasher;
  readonly loadTokenRecord: TokenRecordLoader;
  readonly cache: TokenCache<VerifiedToken>;
  readonly clock: Clock;
}

/**
 * Verifies a presented token value: synchronously when it is cached, otherwise with a promise.
 * Callers that care about speed handle both (see http/guard.ts); others simply await.
 */
export type TokenVerifier = (presented: string) => Verification | Promise<Verification>;

/** Creates the verifier. */
export function createTokenVerifier(deps: TokenVerifierDeps): TokenVerifier {
  async function lookUp(presented: string, nowMs: number): Promise<Verification> {
    const shape = checkTokenShape(presented, deps.tokenPrefix);
    if (shape !== "valid") return { ok: false, reason: shape };
    const generation = deps.cache.generation(); // before the read: see token-cache.ts
    const token = await deps.loadTokenRecord(deps.hashToken(presented));
    if (token === undefined) return { ok: false, reason: "unknown" };
    deps.cache.set(presented, token, nowMs, generation);
    return checkStatus(token, nowMs);
  }

  return (presented) => {
    const nowMs = deps.clock.now().getTime();
    const cached = deps.cache.get(presented, nowMs);
    return cached === undefined ? lookUp(presented, nowMs) : checkStatus(cached, nowMs);
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
