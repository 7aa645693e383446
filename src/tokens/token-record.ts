/**
 * Loads what verification needs about a secret hash: the token, its owner and the owner's
 * memberships, mapped to the cached VerifiedToken shape.
 */
import type { TokenRecordLoader } from "../auth/token-verifier.js";
import type { Membership } from "../auth/verified-token.js";
import type { Queryable } from "../db/query.js";
import { FULL_ACCESS_SCOPE } from "../domain/scope-catalog.js";
import { expandScopes } from "../domain/scopes.js";
import { findMembershipsOfUser } from "../orgs/org.repository.js";
import { findTokenBySecretHash } from "./token.repository.js";

/** Creates the loader used by the token verifier. */
export function createTokenRecordLoader(db: Queryable): TokenRecordLoader {
  return async (secretHash) => {
    const row = await findTokenBySecretHash(db, secretHash);
    if (row === undefined) return undefined;
    const memberships = new Map<string, Membership>();
    for (const membership of await findMembershipsOfUser(db, row.userId)) {
      memberships.set(membership.orgName, membership);
    }
    const scopes = row.scope.split(" ");
    return {
      kind: "pat",
      authorizationId: row.authorizationId,
      displayName: row.displayName,
      scopes,
      grants: expandScopes(scopes),
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
  };
}
