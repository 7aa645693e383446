/**
 * Authorization of a verified credential for one request: the intersection of the credential's
 * scopes and its owner's role in the target organization. Pure.
 *
 * A token used on an organization it does not target, or whose owner is not a member there,
 * is a credential failure (401), exactly as if the token did not exist: the caller learns
 * nothing about other organizations. A valid token lacking scope or role is a 403.
 */
import { type OrgRole, roleAtLeast } from "../domain/roles.js";
import type { Membership, Subject } from "./verified-token.js";

/** What a request needs from its caller beyond a valid credential. */
export interface AccessNeeds {
  /** The scope the credential must grant; undefined means any valid credential. */
  readonly scope?: string;
  /** The least role needed in the organization (organization-scoped requests only). */
  readonly minRole?: OrgRole;
  /** True when only an instance administrator may make the request (instance policies, instance audit). */
  readonly instanceAdmin?: boolean;
}

/** The credential-failure reasons of the access decision (answered 401). */
export type AccessRejection = "notMember" | "wrongOrganization";
/** The denial reasons of the access decision (answered 403). */
export type AccessDenial = "missingScope" | "insufficientRole" | "notInstanceAdmin";

export type AccessDecision =
  | { ok: true; membership: Membership | undefined }
  | { ok: false; status: 401; reason: AccessRejection }
  | { ok: false; status: 403; reason: AccessDenial };

/** The decision of every request outside an organization that passes: shared, not allocated per request. */
const ADMITTED_OUTSIDE_ORGANIZATIONS: AccessDecision = Object.freeze({ ok: true, membership: undefined });

/** Decides whether `subject` may make a request with these needs, in `orgName` when it names one. */
export function decideAccess(subject: Subject, needs: AccessNeeds, orgName: string | undefined): AccessDecision {
  let membership: Membership | undefined;
  if (orgName !== undefined) {
    membership = subject.memberships.get(orgName.toLowerCase());
    if (membership === undefined) return { ok: false, status: 401, reason: "notMember" };
    if (!subject.allOrgs && subject.targetOrgId !== membership.orgId) {
      return { ok: false, status: 401, reason: "wrongOrganization" };
    }
  }
  if (needs.scope !== undefined && !subject.grants.has(needs.scope)) {
    return { ok: false, status: 403, reason: "missingScope" };
  }
  if (needs.minRole !== undefined && (membership === undefined || !roleAtLeast(membership.role, needs.minRole))) {
    return { ok: false, status: 403, reason: "insufficientRole" };
  }
  if (needs.instanceAdmin === true && !subject.owner.isAdmin) {
    return { ok: false, status: 403, reason: "notInstanceAdmin" };
  }
  return membership === undefined ? ADMITTED_OUTSIDE_ORGANIZATIONS : { ok: true, membership };
}
