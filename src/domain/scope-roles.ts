/**
 * What a scope offers only with a role: a token never does more than its owner may, so a
 * reader's token with `vso.code_write` still cannot push. The scope picker reads this to warn
 * before such a token is made. Data mirroring the route guards (`minRole`, `instanceAdmin`) and
 * the introspection rule of token-authority.ts; test/domain/scope-roles.test.ts checks that it
 * matches them. Pure, no I/O: the web UI imports it.
 */
import { ORG_ROLES, type OrgRole, roleAtLeast } from "./roles.js";
import { expandScopes } from "./scopes.js";

/** The least role an action needs: a role in the token's organization, or instance administrator. */
export type RoleNeed = OrgRole | "instanceAdmin";

/** One action a scope allows only to users with a role. */
export interface RoleRequirement {
  /** The scope the action needs; every level that includes it offers the action. */
  readonly scope: string;
  /** The action, worded to start a sentence's clause: "pushing", "creating repositories". */
  readonly action: string;
  readonly needs: RoleNeed;
}

/** Every action whose guard asks more than the reader role every member has. */
export const ROLE_REQUIREMENTS: readonly RoleRequirement[] = [
  // git/git-access.ts PUSH_REQUIREMENT
  { scope: "vso.code_write", action: "pushing", needs: "contributor" },
  // git/repository.routes.ts (POST repositories)
  { scope: "vso.code_manage", action: "creating repositories", needs: "admin" },
  // tokenadmin/*.routes.ts, policies/policy.routes.ts (organization)
  { scope: "vso.tokenadministration", action: "managing the organization's tokens and policies", needs: "admin" },
  // policies/policy.routes.ts (instance)
  { scope: "vso.tokenadministration", action: "changing the instance's policies", needs: "instanceAdmin" },
  // audit/audit.routes.ts
  { scope: "vso.auditlog", action: "reading the organization's audit log", needs: "admin" },
  { scope: "vso.auditlog", action: "reading the instance's audit log", needs: "instanceAdmin" },
  { scope: "vso.auditstreams_manage", action: "changing the audit log's settings", needs: "instanceAdmin" },
  // orgs/members.routes.ts
  { scope: "vso.memberentitlementmanagement", action: "listing the organization's members", needs: "admin" },
  { scope: "vso.memberentitlementmanagement_write", action: "changing the organization's members", needs: "admin" },
  // users/users.routes.ts
  { scope: "vso.graph", action: "listing the instance's users", needs: "instanceAdmin" },
  { scope: "vso.graph_manage", action: "creating, disabling and enabling users", needs: "instanceAdmin" },
  // metrics/metrics.routes.ts (when metrics need a token)
  { scope: "patina.metrics", action: "reading metrics", needs: "instanceAdmin" },
  // domain/token-authority.ts: the token cannot even be created (introspectionRequiresAdmin)
  { scope: "patina.introspect", action: "owning a token with Introspect", needs: "instanceAdmin" },
];

/** Who the user is where the token would work. */
export interface RoleContext {
  /** The user's role in the token's organization. */
  readonly role: OrgRole;
  readonly isInstanceAdmin: boolean;
}

/** Whether the user meets a need. Being an instance administrator adds no organization role (auth/access.ts). */
export function meetsRoleNeed(context: RoleContext, needs: RoleNeed): boolean {
  return needs === "instanceAdmin" ? context.isInstanceAdmin : roleAtLeast(context.role, needs);
}

/** The requirements a scope (a level or a separate scope) brings that the user does not meet. */
export function unmetRoleRequirements(scope: string, context: RoleContext): RoleRequirement[] {
  const granted = expandScopes([scope]);
  return ROLE_REQUIREMENTS.filter((requirement) => granted.has(requirement.scope)).filter(
    (requirement) => !meetsRoleNeed(context, requirement.needs),
  );
}

/** Narrows a role name from the session API (unknown ones count as the weakest). */
export function orgRoleOf(name: string | undefined): OrgRole {
  return (ORG_ROLES as readonly string[]).includes(name ?? "") ? (name as OrgRole) : "reader";
}
