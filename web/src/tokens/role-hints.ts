/**
 * The scope picker's role hints: a token never does more than its owner may, so a level whose
 * actions need a role the user lacks in the token's organization gets a sentence saying so.
 * The requirements are the server's data (src/domain/scope-roles.ts), checked against its guards.
 */
import type { OrgRole } from "../../../src/domain/roles.ts";
import { orgRoleOf, type RoleRequirement, unmetRoleRequirements } from "../../../src/domain/scope-roles.ts";
import type { SessionOrganization } from "../api/session.ts";

/** Role names as Azure DevOps users know them. */
export const ROLE_WORDS: Readonly<Record<OrgRole, string>> = {
  reader: "Reader",
  contributor: "Contributor",
  admin: "Administrator",
};

/** Where the token would work, and who the user is there. */
export interface RoleScope {
  /** The token's organizations: one, or every one of the user's for all organizations. */
  readonly organizations: readonly SessionOrganization[];
  readonly isInstanceAdmin: boolean;
}

/**
 * The clauses for one scope (a chosen level or separate scope), each to follow "Code: Read & write —";
 * empty when the user's role allows all it offers.
 */
export function roleHints(scope: string, where: RoleScope): string[] {
  const shortOf = new Map<RoleRequirement, SessionOrganization[]>();
  for (const organization of where.organizations) {
    const context = { role: orgRoleOf(organization.role), isInstanceAdmin: where.isInstanceAdmin };
    for (const requirement of unmetRoleRequirements(scope, context)) {
      shortOf.set(requirement, [...(shortOf.get(requirement) ?? []), organization]);
    }
  }
  return [...shortOf].map(([requirement, organizations]) => {
    if (requirement.needs === "instanceAdmin") {
      return `${requirement.action} is only for instance administrators.`;
    }
    const roles = organizations.map(
      (organization) =>
        `${article(organization.role)} ${ROLE_WORDS[orgRoleOf(organization.role)]} in ${organization.name}`,
    );
    return `${requirement.action} also needs the ${ROLE_WORDS[requirement.needs]} role; you are ${roles.join(", ")}.`;
  });
}

function article(role: string): string {
  return orgRoleOf(role) === "admin" ? "an" : "a";
}
