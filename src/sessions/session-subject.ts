/**
 * The Subject of a web session: the signed-in user acting through the web UI. A session is the
 * user themself, not a delegation, so it grants every scope (the Tokens area included, which
 * full-access tokens lack) in every organization the user belongs to; what it may do is then
 * bounded by the user's role there, exactly as for a token.
 */
import type { Membership, Subject, TokenOwner } from "../auth/verified-token.js";
import type { UserTable } from "../db/schema.js";
import { expandScopes, KNOWN_SCOPES } from "../domain/scopes.js";

/** Everything a session grants, computed once. */
const SESSION_GRANTS: ReadonlySet<string> = expandScopes([...KNOWN_SCOPES]);

/** The owner fields of a user row. */
export function ownerOf(user: UserTable): TokenOwner {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    isAdmin: user.isAdmin === 1,
    isDisabled: user.isDisabled === 1,
  };
}

/** The subject of a session of `user` with these memberships, last authenticated at `authenticatedAtMs`. */
export function sessionSubject(
  user: UserTable,
  memberships: readonly Membership[],
  authenticatedAtMs: number,
): Subject {
  return {
    kind: "session",
    owner: ownerOf(user),
    grants: SESSION_GRANTS,
    fullAccess: true,
    allOrgs: true,
    targetOrgId: null,
    memberships: new Map(memberships.map((m) => [m.orgName.toLowerCase(), m])),
    authorizationId: null,
    authenticatedAtMs,
  };
}
