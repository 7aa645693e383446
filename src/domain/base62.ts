/** Base62 alphabet: digits, upper case, lower case — safe in URLs, headers and shells. */
export const BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const BASE62_TEXT = /^[0-9A-Za-z]*$/;

/**
 * Encodes a non-negative integer as base62, left-padded with "0" to `width` characters.
 * Used for the token checksum, whose value always fits in 6 characters (62^6 > 2^32).
 */
export function encodeBase62Fixed(value: number, width: number): string {
  let remaining = value;
  let out = "";
  for (let i = 0; i < width; i++) {
    out = BASE62_ALPHABET[remaining % 62] + out;
    remaining = Math.floor(remaining / 62);
  }
  return out;
}

/** True when every character of `text` is in the base62 alphabet. */
export function isBase62(text: string): boolean {
  return BASE62_TEXT.test(text);
}

/**
 * Maps random bytes to base62 characters without modulo bias: bytes >= 248 (4 * 62) are
 * discarded, so each kept byte is uniform over the alphabet. Returns the characters produced
 * (possibly fewer than bytes given); the caller asks for more bytes until it has enough.
 */
export function base62FromRandomBytes(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) {
    if (byte < 248) out += BASE62_ALPHABET[byte % 62];
  }
  return out;
}
