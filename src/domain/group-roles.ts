/**
 * The group → organization role mapping of single sign-on (PATINA_OIDC_GROUP_ROLES), pure: its
 * parsing, and what a sign-in's groups make of the memberships the mapping manages.
 *
 * The mapping manages exactly the organizations it names: in each, a signing-in user's role is
 * the strongest role any of their groups maps to there, and a user none of whose groups maps
 * there is removed from it. Organizations the mapping does not name are never touched, so
 * memberships given by hand elsewhere stay.
 */
import { isOrgRole, ORG_ROLES, type OrgRole, roleAtLeast } from "./roles.js";

/** One entry: members of `group` get `role` in organization `org` (lower case). */
export interface GroupRole {
  readonly group: string;
  readonly org: string;
  readonly role: OrgRole;
}

export type GroupRolesResult = { ok: true; entries: GroupRole[] } | { ok: false; message: string };

/** The organization name rule (domain/names.ts), loosely: the org must exist anyway. */
const ORG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Parses `group=org:role,group=org:role`; a group name may hold anything but `,` and `=`. */
export function parseGroupRoles(text: string | undefined): GroupRolesResult {
  if (text === undefined || text.trim() === "") return { ok: true, entries: [] };
  const entries: GroupRole[] = [];
  for (const raw of text.split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    const equals = item.lastIndexOf("=");
    const colon = item.lastIndexOf(":");
    const group = item.slice(0, equals).trim();
    const org = item.slice(equals + 1, colon).trim();
    const role = item.slice(colon + 1).trim();
    if (equals <= 0 || colon < equals || group === "" || !ORG.test(org)) {
      return { ok: false, message: "each entry is group=organization:role, separated by commas" };
    }
    if (!isOrgRole(role)) return { ok: false, message: `a role is one of ${ORG_ROLES.join(", ")}` };
    entries.push({ group, org: org.toLowerCase(), role });
  }
  return { ok: true, entries };
}

/** The organizations a mapping manages. */
export function managedOrgs(entries: readonly GroupRole[]): string[] {
  return [...new Set(entries.map((entry) => entry.org))];
}

/**
 * The role a user with these groups should have in each managed organization, or null where
 * they should not be a member. Group names compare exactly (identity providers' ids are case-sensitive).
 */
export function desiredRoles(entries: readonly GroupRole[], groups: readonly string[]): Map<string, OrgRole | null> {
  const held = new Set(groups);
  const desired = new Map<string, OrgRole | null>(managedOrgs(entries).map((org) => [org, null]));
  for (const entry of entries) {
    if (!held.has(entry.group)) continue;
    const current = desired.get(entry.org) ?? null;
    if (current === null || !roleAtLeast(current, entry.role)) desired.set(entry.org, entry.role);
  }
  return desired;
}

/** One change of a membership the mapping manages. */
export type MembershipChange =
  | { kind: "add"; org: string; role: OrgRole }
  | { kind: "update"; org: string; role: OrgRole; previousRole: OrgRole }
  | { kind: "remove"; org: string; previousRole: OrgRole };

/** The changes that bring a user's current roles (org → role) in the managed organizations to the desired ones. */
export function membershipChanges(
  desired: ReadonlyMap<string, OrgRole | null>,
  current: ReadonlyMap<string, OrgRole>,
): MembershipChange[] {
  const changes: MembershipChange[] = [];
  for (const [org, role] of desired) {
    const previousRole = current.get(org);
    if (role === null && previousRole !== undefined) changes.push({ kind: "remove", org, previousRole });
    else if (role !== null && previousRole === undefined) changes.push({ kind: "add", org, role });
    else if (role !== null && previousRole !== undefined && role !== previousRole) {
      changes.push({ kind: "update", org, role, previousRole });
    }
  }
  return changes;
}

/** The groups claim's value as a list of names; undefined when the claim is absent or not a list of strings. */
export function groupsOf(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) return undefined;
  return value as string[];
}
