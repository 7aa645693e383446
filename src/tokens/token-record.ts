/**
 * Maps the store's lookup row (see db/token-lookup.ts) to the cached VerifiedToken shape: the
 * token, its owner and the owner's memberships. Synchronous when the store answers
 * synchronously (SQLite), so a cold verification there needs no promise either.
 */
import type { TokenRecordLoader } from "../auth/token-verifier.js";
import type { Membership, VerifiedToken } from "../auth/verified-token.js";
import type { TokenLookup, TokenLookupRow } from "../db/token-lookup.js";
import type { OrgRole } from "../domain/roles.js";
import { FULL_ACCESS_SCOPE } from "../domain/scope-catalog.js";
import { expandScopes } from "../domain/scopes.js";

/** Distinct scope strings whose expansion is remembered; tokens share a handful of them. */
const GRANTS_REMEMBERED = 1000;
const grantsByScope = new Map<string, ReadonlySet<string>>();

/** The grants of a scope string, expanded once per distinct string (they never change). */
function grantsOf(scope: string): ReadonlySet<string> {
  let grants = grantsByScope.get(scope);
  if (grants === undefined) {
    grants = expandScopes(scope.split(" "));
    if (grantsByScope.size >= GRANTS_REMEMBERED) grantsByScope.clear();
    grantsByScope.set(scope, grants);
  }
  return grants;
}

/** Creates the loader used by the token verifier. */
export function createTokenRecordLoader(lookup: TokenLookup): TokenRecordLoader {
  return (secretHash) => {
    const row = lookup(secretHash);
    return row instanceof Promise ? row.then(toVerifiedToken) : toVerifiedToken(row);
  };
}

function toVerifiedToken(row: TokenLookupRow | undefined): VerifiedToken | undefined {
  if (row === undefined) return undefined;
  const memberships = new Map<string, Membership>();
  for (const [orgId, orgName, role] of row.memberships) {
    // Organization names are stored lower case, the form requests are matched in.
    memberships.set(orgName, { orgId, orgName, role: role as OrgRole });
  }
  const scopes = row.scope.split(" ");
  return {
    kind: "pat",
    authorizationId: row.authorizationId,
    displayName: row.displayName,
    scopes,
    grants: grantsOf(row.scope),
    fullAccess: scopes.includes(FULL_ACCESS_SCOPE),
    allOrgs: row.allOrgs === 1,
    targetOrgId: row.orgId,
    validFromMs: Date.parse(row.validFrom),
    validToMs: Date.parse(row.validTo),
    revoked: row.revokedAt !== null,
    secretExpiresAtMs: row.secretExpiresAt === null ? null : Date.parse(row.secretExpiresAt),
    owner: {
      id: row.userId,
      username: row.username,
      displayName: row.userDisplayName,
      email: row.email,
      isAdmin: row.isAdmin === 1,
      isDisabled: row.isDisabled === 1,
    },
    memberships,
  };
}
