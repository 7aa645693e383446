/** Organization roles, weakest first. `admin` is Azure DevOps' Project Collection Administrator. */
export const ORG_ROLES = ["reader", "contributor", "admin"] as const;

export type OrgRole = (typeof ORG_ROLES)[number];

/** True when `role` is at least `required`. */
export function roleAtLeast(role: OrgRole, required: OrgRole): boolean {
  return ORG_ROLES.indexOf(role) >= ORG_ROLES.indexOf(required);
}

/** Narrows an arbitrary string to a role. */
export function isOrgRole(value: string): value is OrgRole {
  return (ORG_ROLES as readonly string[]).includes(value);
}
