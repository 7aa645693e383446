/*
 * Token verification, run on every authenticated request (SPEC section 3):
 * shape and checksum → keyed hash → cached lookup → revoked / expired / owner disabled.
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

/** Verifies presented token values. */
export type TokenVerifier = (presented: string) => Promise<Verification>;

/** Creates the verifier. */
export function createTokenVerifier(deps: TokenVerifierDeps): TokenVerifier {
  return async (presented) => {
    const shape = checkTokenShape(presented, deps.tokenPrefix);
    if (shape !== "valid") return { ok: false, reason: shape };
    const secretHash = deps.hashToken(presented);
    const nowMs = deps.clock.now().getTime();
    let token = deps.cache.get(secretHash, nowMs);
    if (token === undefined) {
      token = await deps.loadTokenRecord(secretHash);
      if (token === undefined) return { ok: false, reason: "unknown" };
      deps.cache.set(secretHash, token, nowMs);
    }
    const authorizationId = token.authorizationId;
    if (token.revoked) return { ok: false, reason: "revoked", authorizationId };
    if (nowMs >= token.validToMs) return { ok: false, reason: "expired", authorizationId };
    if (token.secretExpiresAtMs !== null && nowMs >= token.secretExpiresAtMs) {
      return { ok: false, reason: "secretRetired", authorizationId };
    }
    if (token.owner.isDisabled) return { ok: false, reason: "ownerDisabled", authorizationId };
    return { ok: true, token };
  };
}
