/**
 * Keyed hashing of token values. Tokens carry 256 bits of entropy, so a fast keyed hash is
 * enough: a slow password hash would cost ~1000x on every request and add nothing. The key
 * (server secret) is kept out of the database.
 */
import { createHmac } from "node:crypto";

/** A function from a token value to its storage hash (HMAC-SHA-256, base64url). */
export type TokenHasher = (token: string) => string;

/** Creates the hasher for a server secret. */
export function createTokenHasher(secret: Buffer): TokenHasher {
  return (token) => createHmac("sha256", secret).update(token).digest("base64url");
}
