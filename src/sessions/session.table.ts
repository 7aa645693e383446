/** Row types of the web-session tables (camelCase; the CamelCasePlugin maps to snake_case columns). */

/** One signed-in browser session. The id itself is never stored, only its SHA-256. */
export interface SessionTable {
  /** SHA-256 of the session id (the cookie value), base64url. */
  idHash: string;
  userId: string;
  /** The per-session CSRF secret the web UI echoes in `X-Patina-CSRF`; useless without the cookie. */
  csrfToken: string;
  createdAt: string;
  /** Last use, written at most once a minute: the base of the idle expiry. */
  lastSeenAt: string;
  /** Absolute expiry: the session ends then however active it is. */
  expiresAt: string;
  /** When the user last proved who they are in this session (sign-in, step-up): what step-up checks. */
  authenticatedAt: string;
  /** How the session was started: `password`, `password+totp`, `password+recovery`, `sso`, `passkey`. */
  signInMethod: string;
}

/** A correct password waiting for its second factor; the id (in a cookie) is stored only as its SHA-256. */
export interface PendingSignInTable {
  idHash: string;
  userId: string;
  createdAt: string;
  /** A few minutes after creation: a pending sign-in is finished quickly or not at all. */
  expiresAt: string;
  /** Wrong codes against this pending sign-in; a few end it. */
  failures: number;
}

/** Failed sign-in attempts of one (account, address) pair, one account or one client address. */
export interface SignInThrottleTable {
  /** SHA-256 of "pair:[name, ip]", "account:<name>" or "address:<ip>", base64url, so no typed-in text is kept. */
  key: string;
  failures: number;
  lastFailureAt: string;
  /** Attempts are refused until then; null while under the free allowance. */
  blockedUntil: string | null;
  /** After this the row means nothing any more and may be purged. */
  forgetAt: string;
}
