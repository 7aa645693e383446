/**
 * Extracts the presented token from an Authorization header (SPEC section 3):
 * `Basic base64(anything:PAT)` first — git and curl send this, the user name is ignored — then
 * `Bearer PAT`. Pure; the reasons are for the server log only, never for the client.
 *
 * One habit of Azure DevOps and GitHub users is honoured too: the token as the user name with
 * an empty password (`curl -u $PAT:`, `git clone https://$PAT@host/…`) or as the whole Basic
 * value (`base64(PAT)`, no colon). Only a value with the token's shape and checksum counts, so
 * a real user name with an empty password is still no credential.
 *
 * Runs on every request, so the common case (`Basic ` exactly as clients write it) is parsed
 * without lower-casing or copying, failures are shared constants, and base64 is decoded with
 * `atob`. Its Latin-1 result equals the UTF-8 decoding for everything a token can contain (ASCII),
 * and the first `:` is found at the same place (UTF-8 never uses that byte inside a character), so
 * only a user name, which is ignored, can come out differently.
 */

export type CredentialFailure = "missing" | "unsupportedScheme" | "malformedBasic" | "emptyToken";

export type CredentialParse = { ok: true; token: string } | { ok: false; reason: CredentialFailure };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Longest header we bother decoding; real tokens are under 100 characters. */
const MAX_CREDENTIAL_LENGTH = 1024;

const FAILURES: Readonly<Record<CredentialFailure, CredentialParse>> = Object.freeze({
  missing: Object.freeze({ ok: false, reason: "missing" }),
  unsupportedScheme: Object.freeze({ ok: false, reason: "unsupportedScheme" }),
  malformedBasic: Object.freeze({ ok: false, reason: "malformedBasic" }),
  emptyToken: Object.freeze({ ok: false, reason: "emptyToken" }),
});

/**
 * Parses an Authorization header value into the presented token; `isTokenShaped` tells a token
 * in the user-name field from a user name (the token format's shape and checksum check).
 */
export function parseAuthorizationHeader(
  header: string | undefined,
  isTokenShaped: (candidate: string) => boolean = () => false,
): CredentialParse {
  if (header === undefined || header.length === 0) return FAILURES.missing;
  const space = header.indexOf(" ");
  if (space < 0) return FAILURES.unsupportedScheme;
  const scheme = space === 5 && header.startsWith("Basic") ? "basic" : header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (value.length > MAX_CREDENTIAL_LENGTH) return FAILURES.malformedBasic;
  if (scheme === "basic") {
    if (value.length === 0 || value.length % 4 !== 0 || !BASE64.test(value)) return FAILURES.malformedBasic;
    const decoded = atob(value);
    const colon = decoded.indexOf(":");
    if (colon < 0) return isTokenShaped(decoded) ? { ok: true, token: decoded } : FAILURES.malformedBasic;
    const token = decoded.slice(colon + 1);
    if (token.length > 0) return { ok: true, token };
    const userName = decoded.slice(0, colon);
    return isTokenShaped(userName) ? { ok: true, token: userName } : FAILURES.emptyToken;
  }
  if (scheme === "bearer") {
    return value.length > 0 ? { ok: true, token: value } : FAILURES.emptyToken;
  }
  return FAILURES.unsupportedScheme;
}
