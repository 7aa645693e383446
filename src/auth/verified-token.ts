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

/** Everything verification and authorization need about one token secret; cached. */
export interface VerifiedToken {
  readonly authorizationId: string;
  readonly displayName: string;
  readonly scopes: readonly string[];
  /** The scopes with their implications expanded, for O(1) checks. */
  readonly grants: ReadonlySet<string>;
  readonly allOrgs: boolean;
  readonly targetOrgId: string | null;
  readonly validFromMs: number;
  readonly validToMs: number;
  readonly revoked: boolean;
  /** When this particular secret retires early (old secret during a regeneration grace period). */
  readonly secretExpiresAtMs: number | null;
  readonly owner: TokenOwner;
  /** The owner's memberships by lower-case organization name. */
  readonly memberships: ReadonlyMap<string, Membership>;
}
