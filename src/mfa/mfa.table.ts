/** Row types of the second-factor tables (camelCase; the CamelCasePlugin maps to snake_case columns). */

/** A user's TOTP authenticator: at most one, in effect once confirmed with a current code. */
export interface UserTotpTable {
  userId: string;
  /** The base32 secret sealed with AES-256-GCM under a key derived from the server secret (see security/sealed-secret.ts). */
  sealedSecret: string;
  createdAt: string;
  /** Null while enrolment waits for its first code; the factor counts only once set. */
  confirmedAt: string | null;
  /** The last accepted TOTP time step: a code of this step or earlier is a replay. */
  lastUsedStep: number | null;
}

/** One single-use recovery code, stored only as its keyed hash. */
export interface RecoveryCodeTable {
  /** HMAC-SHA-256 of the normalised code under a key derived from the server secret, base64url. */
  codeHash: string;
  userId: string;
  createdAt: string;
  /** Set by the one conditional update that uses the code. */
  usedAt: string | null;
}
