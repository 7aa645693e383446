// Token values for the benchmarks: derived ones (token i of a seeded store can be computed
// again on a later run, so the store need not keep a list of 1,000,000 secrets) and forged
// ones (well-formed, correct checksum, in no store).
import { createHash, randomBytes } from "node:crypto";
import { TOKEN_BODY_LENGTH, wellFormedToken } from "./patina-internals.js";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// A slight modulo bias does not matter here: these are test values, not secrets.
function base62Body(bytes) {
  let body = "";
  for (let i = 0; i < TOKEN_BODY_LENGTH; i++) body += ALPHABET[bytes[i] % 62];
  return body;
}

/** Token number `index` of a seeded store whose seed tag is `seedTag`. */
export function derivedToken(seedTag, index) {
  return wellFormedToken(base62Body(createHash("sha512").update(`${seedTag}:${index}`).digest()));
}

/** A fresh forged token: well-formed with a correct checksum, but in no store. */
export function forgedToken() {
  return wellFormedToken(base62Body(randomBytes(64)));
}

/** The Authorization header value of a PAT, as Azure DevOps clients send it. */
export function basicAuthorization(token) {
  return `Basic ${Buffer.from(`:${token}`).toString("base64")}`;
}
