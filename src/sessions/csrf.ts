/**
 * CSRF defence for requests authenticated by the session cookie. A browser attaches the cookie
 * to cross-site requests too (SameSite=Lax still allows top-level navigations, and some older
 * browsers ignore it), but another site cannot read this session's CSRF secret nor set a custom
 * header on a cross-site request without a CORS preflight Patina never grants. So every
 * state-changing request with a session must echo the secret in `X-Patina-CSRF`. PAT requests
 * need none: a browser never attaches an Authorization header on its own.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** The header the web UI sends the CSRF secret in (lower case, as Node presents headers). */
export const CSRF_HEADER = "x-patina-csrf";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A new per-session CSRF secret. */
export function newCsrfToken(): string {
  return randomBytes(32).toString("base64url");
}

/** True for methods that change state and therefore need the CSRF header with a session. */
export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

/** True when the presented header value is the session's secret. */
export function csrfMatches(presented: string | string[] | undefined, expected: string): boolean {
  if (typeof presented !== "string" || presented.length === 0) return false;
  // Hashing first gives equal lengths, so the comparison is constant-time and leaks no length.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
