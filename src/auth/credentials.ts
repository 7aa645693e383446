/**
 * Extracts the presented token from an Authorization header (SPEC section 3):
 * `Basic base64(anything:PAT)` first — git and curl send this, the user name is ignored — then
 * `Bearer PAT`. Pure; the reasons are for the server log only, never for the client.
 */

export type CredentialParse =
  | { ok: true; token: string }
  | { ok: false; reason: "missing" | "unsupportedScheme" | "malformedBasic" | "emptyToken" };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Longest header we bother decoding; real tokens are under 100 characters. */
const MAX_CREDENTIAL_LENGTH = 1024;

/** Parses an Authorization header value into the presented token. */
export function parseAuthorizationHeader(header: string | undefined): CredentialParse {
  if (header === undefined || header.length === 0) return { ok: false, reason: "missing" };
  const space = header.indexOf(" ");
  if (space < 0) return { ok: false, reason: "unsupportedScheme" };
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (value.length > MAX_CREDENTIAL_LENGTH) return { ok: false, reason: "malformedBasic" };
  if (scheme === "basic") {
    if (value.length === 0 || value.length % 4 !== 0 || !BASE64.test(value)) {
      return { ok: false, reason: "malformedBasic" };
    }
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return { ok: false, reason: "malformedBasic" };
    const token = decoded.slice(colon + 1);
    return token.length > 0 ? { ok: true, token } : { ok: false, reason: "emptyToken" };
  }
  if (scheme === "bearer") {
    return value.length > 0 ? { ok: true, token: value } : { ok: false, reason: "emptyToken" };
  }
  return { ok: false, reason: "unsupportedScheme" };
}
