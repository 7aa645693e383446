/**
 * The session cookie. Model: the cookie carries a 256-bit random id from the CSPRNG; the store
 * keeps only its SHA-256, so a database dump yields no usable session (a fast hash suffices for
 * a random 256-bit value, as for tokens). Threats and defences: script access (HttpOnly),
 * cross-site requests (SameSite=Lax, plus the CSRF header for writes), interception (Secure when
 * the public URL is https), lingering (Max-Age no longer than the absolute expiry).
 */
import { createHash, randomBytes } from "node:crypto";

/** The cookie's name. */
export const SESSION_COOKIE = "patina_session";

/** 32 random bytes in base64url. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** A new session id (the cookie value). */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

/** The stored form of a session id. */
export function hashSessionId(id: string): string {
  return createHash("sha256").update(id).digest("base64url");
}

/** Cheap pre-check for the request hot path: does the Cookie header name our cookie at all? */
export function mentionsSessionCookie(header: string | undefined): boolean {
  return header?.includes(`${SESSION_COOKIE}=`) === true;
}

/** The session id from a Cookie header, if present and well formed. */
export function readSessionCookie(header: string | undefined): string | undefined {
  if (!mentionsSessionCookie(header)) return undefined;
  return readIdCookie(header, SESSION_COOKIE);
}

/**
 * The pending sign-in cookie: a correct password waiting for its second factor. Sent only to the
 * session routes, SameSite=Strict, and for as long as the pending sign-in lives.
 */
export const PENDING_SIGN_IN_COOKIE = "patina_pending_sign_in";
const PENDING_PATH = "/_apis/patina/session";

/** The pending sign-in id from a Cookie header, if present and well formed. */
export function readPendingSignInCookie(header: string | undefined): string | undefined {
  return readIdCookie(header, PENDING_SIGN_IN_COOKIE);
}

/** The Set-Cookie value that stores a pending sign-in id (an empty id and 0 remove it). */
export function pendingSignInCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return `${PENDING_SIGN_IN_COOKIE}=${id}; Path=${PENDING_PATH}; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

function readIdCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const equals = part.indexOf("=");
    if (equals < 0 || part.slice(0, equals).trim() !== name) continue;
    const value = part.slice(equals + 1).trim();
    // The first cookie of that name wins; a malformed one is no session rather than a guess.
    return SESSION_ID.test(value) ? value : undefined;
  }
  return undefined;
}

/** The Set-Cookie value that stores a session id in the browser. */
export function sessionCookie(id: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie("", 0, secure);
}
