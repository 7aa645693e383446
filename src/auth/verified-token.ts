import type { OrgRole } from "../domain/roles.js";

/** A user's membership in one organization. */
export interface Membership {
  readonly orgId: string;
  readonly orgName: string;
  readonly role: OrgRole;
}

/** The owner of a token, as verification needs it. */
export interface TokenOwner {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly isAdmin: boolean;
  readonly isDisabled: boolean;
}

/**
 * Who is calling and what they may do, whatever the credential: a personal access token, or
 * (for the web UI) a session. Authorization decisions work on this.
 */
export interface Subject {
  readonly kind: "pat" | "session";
  readonly owner: TokenOwner;
  /** Scopes granted, implications expanded, for O(1) checks. A session grants every scope. */
  readonly grants: ReadonlySet<string>;
  /** True for Full access (`app_token`), and for a session (the user themself). */
  readonly fullAccess: boolean;
  /** True when the credential works in every organization the owner belongs to. */
  readonly allOrgs: boolean;
  /** The one organization a non-global credential works in. */
  readonly targetOrgId: string | null;
  /** The owner's memberships by lower-case organization name. */
  readonly memberships: ReadonlyMap<string, Membership>;
  /** The token's id (for logs, usage and audit); null for a session. */
  readonly authorizationId: string | null;
  /** Sessions only: when the user last proved who they are (sign-in or step-up), for step-up checks. */
  readonly authenticatedAtMs?: number;
}

/** Everything verification and authorization need about one token secret; cached. */
export interface VerifiedToken extends Subject {
  readonly kind: "pat";
  readonly authorizationId: string;
  readonly displayName: string;
  readonly scopes: readonly string[];
  readonly validFromMs: number;
  readonly validToMs: number;
  readonly revoked: boolean;
  /** When this particular secret retires early (old secret during a regeneration grace period). */
  readonly secretExpiresAtMs: number | null;
}

/** True when the subject is a verified token (not a web session). */
export function isVerifiedToken(subject: Subject): subject is VerifiedToken {
  return subject.kind === "pat";
}
