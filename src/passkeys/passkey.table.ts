/** Row types of the passkey tables (camelCase; the CamelCasePlugin maps to snake_case columns). */
import type { ColumnType } from "kysely";

/** One WebAuthn credential (a passkey) of a local account. Nothing here is secret: the private key never leaves the authenticator. */
export interface PasskeyTable {
  /** Patina's own id (`pk_…`), the one the API, the UI and the audit trail use. */
  id: string;
  userId: string;
  /** The authenticator's credential id, base64url. */
  credentialId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The last signature counter seen; bigint, which PostgreSQL's driver reads as a string. */
  counter: ColumnType<number | string, number, number>;
  /** JSON array of the transports the browser reported (usb, internal, hybrid, …). */
  transports: string;
  /** `singleDevice` or `multiDevice` (synced). */
  deviceType: string;
  /** 1 when the authenticator says the credential is backed up (synced). */
  backedUp: number;
  /** The user's name for it: "Work laptop". */
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** A challenge handed out for one registration or sign-in ceremony; deleted when spent. */
export interface WebAuthnChallengeTable {
  /** SHA-256 of the challenge, base64url: the challenge itself is never stored. */
  challengeHash: string;
  /** `registration`, `signIn` (usernameless) or `secondFactor`. */
  purpose: string;
  /** The user the ceremony is for; null for a usernameless sign-in. */
  userId: string | null;
  expiresAt: string;
}
