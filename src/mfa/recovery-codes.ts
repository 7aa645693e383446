/**
 * Recovery codes: ten single-use codes shown once, for when the authenticator is lost. Each is
 * 60 random bits (12 base32 characters, shown as xxxx-xxxx-xxxx); only a keyed hash (HMAC-SHA-256
 * under a key derived from the server secret, bound to the user id) is stored, so a database dump
 * alone cannot be used to test guesses. A fast hash suffices: the codes are random, not chosen,
 * and guessing online is throttled like passwords.
 */
import { createHmac, hkdfSync, randomBytes } from "node:crypto";

/** How many codes a set holds. */
export const RECOVERY_CODE_COUNT = 10;

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** A new set of codes, as shown to the user. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((byte) => ALPHABET[byte & 31]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** A typed code without case, spaces and dashes, or undefined when it cannot be one. */
export function normaliseRecoveryCode(typed: string): string | undefined {
  const code = typed.toLowerCase().replace(/[\s-]+/g, "");
  return /^[a-z2-7]{12}$/.test(code) ? code : undefined;
}

/** Hashes codes of one user with a key derived from the server secret. */
export function createRecoveryCodeHasher(serverSecret: Buffer) {
  const key = Buffer.from(hkdfSync("sha256", serverSecret, Buffer.alloc(0), "patina recovery-code v1", 32));
  return (userId: string, normalised: string): string =>
    createHmac("sha256", key).update(`${userId}:${normalised}`).digest("base64url");
}
