/**
 * Authorization of a verified token for one request: the intersection of the token's scopes
 * and its owner's role in the target organization. Pure.
 *
 * A token used on an organization it does not target, or whose owner is not a member there,
 * is a credential failure (401), exactly as if the token did not exist: the caller learns
 * nothing about other organizations. A valid token lacking scope or role is a 403.
 */
import { type OrgRole, roleAtLeast } from "../domain/roles.js";
import type { Membership, Subject } from "./verified-token.js";

/** What a route needs from the caller. */
export interface AccessRequirement {
  /** The organization named in the URL, if the route is organization-scoped. */
  readonly orgName?: string;
  /** The scope the token must grant; undefined means any valid token. */
  readonly scope?: string;
  /** The least role needed in the organization (organization-scoped routes only). */
  readonly minRole?: OrgRole;
}

export type AccessDecision =
  | { ok: true; membership: Membership | undefined }
  | { ok: false; status: 401; reason: "notMember" | "wrongOrganization" }
  | { ok: false; status: 403; reason: "missingScope" | "insufficientRole" };

/** Decides whether `subject` may make a request with this requirement. */
export function decideAccess(subject: Subject, requirement: AccessRequirement): AccessDecision {
  let membership: Membership | undefined;
  if (requirement.orgName !== undefined) {
    membership = subject.memberships.get(requirement.orgName.toLowerCase());
    if (membership === undefined) return { ok: false, status: 401, reason: "notMember" };
    if (!subject.allOrgs && subject.targetOrgId !== membership.orgId) {
      return { ok: false, status: 401, reason: "wrongOrganization" };
    }
  }
  if (requirement.scope !== undefined && !subject.grants.has(requirement.scope)) {
    return { ok: false, status: 403, reason: "missingScope" };
  }
  if (
    requirement.minRole !== undefined &&
    (membership === undefined || !roleAtLeast(membership.role, requirement.minRole))
  ) {
    return { ok: false, status: 403, reason: "insufficientRole" };
  }
  return { ok: true, membership };
}
