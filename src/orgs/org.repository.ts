import type { ExpressionBuilder } from "kysely";
import type { Membership } from "../auth/verified-token.js";
import type { Queryable } from "../db/query.js";
import type { Database, OrganizationTable, OrgMemberTable } from "../db/schema.js";
import type { OrgRole } from "../domain/roles.js";
import { anyColumnContains } from "../users/text-search.js";

export type OrganizationRow = OrganizationTable;

/** Inserts an organization. */
export async function insertOrganization(db: Queryable, org: OrganizationRow): Promise<void> {
  await db.insertInto("organizations").values(org).execute();
}

/** Finds an organization by (case-insensitive) name. */
export async function findOrganizationByName(db: Queryable, name: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom("organizations").selectAll().where("name", "=", name.toLowerCase()).executeTakeFirst();
}

/** Adds a member, or changes the role of an existing one. */
export async function upsertMember(db: Queryable, member: OrgMemberTable): Promise<void> {
  await db
    .insertInto("orgMembers")
    .values(member)
    .onConflict((oc) => oc.columns(["orgId", "userId"]).doUpdateSet({ role: member.role }))
    .execute();
}

/** Every organization a user belongs to, with the role there. */
export async function findMembershipsOfUser(db: Queryable, userId: string): Promise<Membership[]> {
  return db
    .selectFrom("orgMembers")
    .innerJoin("organizations", "organizations.id", "orgMembers.orgId")
    .select(["organizations.id as orgId", "organizations.name as orgName", "orgMembers.role as role"])
    .where("orgMembers.userId", "=", userId)
    .orderBy("organizations.name")
    .execute();
}

/** A member of an organization with the user's directory fields. */
export interface MemberRow {
  userId: string;
  username: string;
  displayName: string;
  email: string;
  role: OrgRole;
  isDisabled: number;
  addedAt: string;
}

/** The filters and page of a member list. */
export interface MemberListQuery {
  /** Text found in the username, display name or e-mail address, ignoring case. */
  readonly search?: string;
  readonly skip: number;
  readonly limit: number;
}

function selectMembers(db: Queryable, orgId: string) {
  return db
    .selectFrom("orgMembers")
    .innerJoin("users", "users.id", "orgMembers.userId")
    .select([
      "users.id as userId",
      "users.username as username",
      "users.displayName as displayName",
      "users.email as email",
      "orgMembers.role as role",
      "users.isDisabled as isDisabled",
      "orgMembers.createdAt as addedAt",
    ])
    .where("orgMembers.orgId", "=", orgId);
}

/** A page of an organization's members, by username. */
export async function listMembers(db: Queryable, orgId: string, query: MemberListQuery): Promise<MemberRow[]> {
  let select = selectMembers(db, orgId);
  if (query.search !== undefined && query.search !== "") {
    select = select.where(anyColumnContains(["users.username", "users.displayName", "users.email"], query.search));
  }
  return select.orderBy("users.username").offset(query.skip).limit(query.limit).execute();
}

/** One member of an organization, if the user is one. */
export async function findMember(db: Queryable, orgId: string, userId: string): Promise<MemberRow | undefined> {
  return selectMembers(db, orgId).where("orgMembers.userId", "=", userId).executeTakeFirst();
}

/** Adds a member unless the user already is one; true when added. */
export async function insertMemberIfAbsent(db: Queryable, member: OrgMemberTable): Promise<boolean> {
  const result = await db
    .insertInto("orgMembers")
    .values(member)
    .onConflict((oc) => oc.columns(["orgId", "userId"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * Locks an organization's row until the transaction ends (a no-op update: a row lock on
 * PostgreSQL, the write lock on SQLite), so that membership changes of one organization run one
 * after the other and the "another admin remains" conditions below see each other's commits.
 * Without it, two admins demoting each other at once would each see the other still admin.
 */
export async function lockOrganization(db: Queryable, orgId: string): Promise<void> {
  await db
    .updateTable("organizations")
    .set((eb) => ({ name: eb.ref("name") }))
    .where("id", "=", orgId)
    .execute();
}

/** True where the organization keeps another admin than `userId`. */
function anotherAdminRemains(orgId: string, userId: string) {
  return (eb: ExpressionBuilder<Database, "orgMembers">) =>
    eb.exists(
      eb
        .selectFrom("orgMembers as others")
        .select("others.userId")
        .where("others.orgId", "=", orgId)
        .where("others.role", "=", "admin")
        .where("others.userId", "<>", userId),
    );
}

/**
 * Changes a member's role unless that would leave the organization without an admin; true when
 * changed. Run it after lockOrganization, in the same transaction.
 */
export async function updateMemberRoleKeepingAnAdmin(
  db: Queryable,
  orgId: string,
  userId: string,
  role: OrgRole,
): Promise<boolean> {
  const result = await db
    .updateTable("orgMembers")
    .set({ role })
    .where("orgId", "=", orgId)
    .where("userId", "=", userId)
    .where((eb) =>
      role === "admin" ? eb.lit(true) : eb.or([eb("role", "<>", "admin"), anotherAdminRemains(orgId, userId)(eb)]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Removes a member unless they are the organization's last admin; true when removed. Run it after lockOrganization. */
export async function deleteMemberKeepingAnAdmin(db: Queryable, orgId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("orgMembers")
    .where("orgId", "=", orgId)
    .where("userId", "=", userId)
    .where((eb) => eb.or([eb("role", "<>", "admin"), anotherAdminRemains(orgId, userId)(eb)]))
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}
