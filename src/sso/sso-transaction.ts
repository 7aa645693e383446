/**
 * The per-login transaction of single sign-on (state, nonce, PKCE code verifier, return path),
 * kept in the browser as a short-lived sealed cookie so that any instance behind the load
 * balancer can finish a login another one started, with nothing stored.
 *
 * Threats and defences: reading or forging it (AES-256-GCM with a key derived by HKDF from the
 * server secret and a purpose label, so no other Patina secret or cookie can stand in for it;
 * the cookie name is bound in as associated data), replaying an old one (it carries its expiry,
 * ten minutes, checked on open; and the provider spends each code once), and login CSRF (the
 * callback's `state` must equal the cookie's, so a code obtained by someone else cannot be
 * pushed into this browser). HttpOnly, SameSite=Lax (the provider's redirect back is a top-level
 * GET, which Lax lets through) and Secure on https, scoped to the callback's path.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/** The cookie's name. */
export const SSO_TRANSACTION_COOKIE = "patina_sso";
/** How long a login may take at the provider. */
export const SSO_TRANSACTION_MS = 10 * 60 * 1000;
/** The cookie is only sent to the single sign-on routes. */
const COOKIE_PATH = "/_signin/oidc";
const PURPOSE = "patina sso transaction v1";

/** What a login must remember between the redirect to the provider and the way back. */
export interface SsoTransaction {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** A path on this site to land on afterwards. */
  readonly returnTo: string;
  /** Epoch ms after which the transaction is void. */
  readonly expiresAtMs: number;
}

/** Seals and opens transactions with a key of their own. */
export function createTransactionSealer(serverSecret: Buffer) {
  const key = Buffer.from(hkdfSync("sha256", serverSecret, Buffer.alloc(0), PURPOSE, 32));
  const aad = Buffer.from(SSO_TRANSACTION_COOKIE);
  return {
    /** The cookie value: base64url of iv ‖ ciphertext ‖ tag. */
    seal(transaction: SsoTransaction): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(aad);
      const body = Buffer.concat([cipher.update(JSON.stringify(transaction), "utf8"), cipher.final()]);
      return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
    },

    /** The transaction in a cookie value, or undefined when it is not one of ours, damaged or expired. */
    open(value: string | undefined, nowMs: number): SsoTransaction | undefined {
      if (value === undefined || value.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
      const raw = Buffer.from(value, "base64url");
      if (raw.length < 12 + 16 + 2) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12)).setAAD(aad);
        decipher.setAuthTag(raw.subarray(raw.length - 16));
        const text = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString();
        const parsed = JSON.parse(text) as SsoTransaction;
        return parsed.expiresAtMs > nowMs ? parsed : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export type TransactionSealer = ReturnType<typeof createTransactionSealer>;

/** The Set-Cookie value that stores a sealed transaction. */
export function transactionCookie(value: string, secure: boolean): string {
  const maxAge = SSO_TRANSACTION_MS / 1000;
  return `${SSO_TRANSACTION_COOKIE}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The Set-Cookie value that removes it (a transaction is used once). */
export function clearedTransactionCookie(secure: boolean): string {
  return `${SSO_TRANSACTION_COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The transaction cookie's value in a Cookie header. */
export function readTransactionCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const equals = part.indexOf("=");
    if (equals > 0 && part.slice(0, equals).trim() === SSO_TRANSACTION_COOKIE) return part.slice(equals + 1).trim();
  }
  return undefined;
}

/**
 * The page to land on after sign-in: a path on this site only (no open redirect through the
 * login), and never the sign-in page itself.
 */
export function safeReturnPath(value: unknown): string {
  const fallback = "/_usersSettings/tokens";
  if (typeof value !== "string" || value.length > 1024 || !value.startsWith("/")) return fallback;
  if (value.startsWith("//") || value.startsWith("/\\") || /[\p{Cc}\\]/u.test(value)) return fallback;
  const url = new URL(value, "http://patina.invalid");
  if (url.origin !== "http://patina.invalid" || url.pathname.startsWith("/_signin")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
