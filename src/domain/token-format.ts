/*
 * Token format: <prefix><body><checksum>.
 *
 * - body: 43 base62 characters from a CSPRNG (43 * log2(62) ≈ 256.03 bits of entropy);
 * - checksum: CRC32 of prefix+body, 6 base62 characters.
 *
 * The checksum is not a security measure: it lets a secret scanner (and this server) tell a
 * real Patina token from a typo or a random string offline, so garbage is rejected before any
 * database access. The prefix makes leaked tokens easy to find in code and logs.
 */
import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { base62FromRandomBytes, encodeBase62Fixed, isBase62 } from "./base62.js";

export const TOKEN_BODY_LENGTH = 43;
export const TOKEN_CHECKSUM_LENGTH = 6;
/** Characters of the body kept in the non-secret display hint. */
export const TOKEN_HINT_BODY_CHARS = 4;
/** Longest prefix allowed, so that a whole token stays below 100 characters. */
/** The prefix of tokens when PATINA_TOKEN_PREFIX is unset. */
export const DEFAULT_TOKEN_PREFIX = "patina_";
export const MAX_TOKEN_PREFIX_LENGTH = 40;
/** What a configurable prefix may look like: lower-case letters, digits and `_`, starting with a letter. */
export const TOKEN_PREFIX_PATTERN = /^[a-z][a-z0-9_]*$/;

/** Computes the 6-character checksum of prefix+body. */
export function tokenChecksum(prefixAndBody: string): string {
  return encodeBase62Fixed(crc32(prefixAndBody), TOKEN_CHECKSUM_LENGTH);
}

/** Creates a new random token value with the given prefix. */
export function generateToken(prefix: string): string {
  let body = "";
  while (body.length < TOKEN_BODY_LENGTH) {
    body += base62FromRandomBytes(randomBytes(TOKEN_BODY_LENGTH));
  }
  body = body.slice(0, TOKEN_BODY_LENGTH);
  return prefix + body + tokenChecksum(prefix + body);
}

export type TokenShape = "valid" | "malformed" | "badChecksum";

/**
 * Checks that `candidate` has the shape of a token with this prefix and that its checksum
 * matches. No secret is involved, so its timing reveals nothing.
 */
export function checkTokenShape(candidate: string, prefix: string): TokenShape {
  if (candidate.length !== prefix.length + TOKEN_BODY_LENGTH + TOKEN_CHECKSUM_LENGTH) return "malformed";
  if (!candidate.startsWith(prefix)) return "malformed";
  if (!isBase62(candidate.slice(prefix.length))) return "malformed";
  const checksumStart = candidate.length - TOKEN_CHECKSUM_LENGTH;
  const matches = tokenChecksum(candidate.slice(0, checksumStart)) === candidate.slice(checksumStart);
  return matches ? "valid" : "badChecksum";
}

/** The non-secret hint shown in lists: prefix plus the first characters of the body. */
export function tokenHint(token: string, prefix: string): string {
  return token.slice(0, prefix.length + TOKEN_HINT_BODY_CHARS);
}

/** A regular expression that finds candidate tokens with this prefix in free text (for scanners). */
export function tokenSearchPattern(prefix: string): RegExp {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`${escaped}[0-9A-Za-z]{${TOKEN_BODY_LENGTH + TOKEN_CHECKSUM_LENGTH}}`, "g");
}
