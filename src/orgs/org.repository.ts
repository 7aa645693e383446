import type { Membership } from "../auth/verified-token.js";
import type { Queryable } from "../db/query.js";
import type { OrganizationTable, OrgMemberTable } from "../db/schema.js";

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
