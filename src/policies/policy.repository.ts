/**
 * Persistence of policy documents. A change is one conditional statement: an insert that only
 * succeeds when the level has no row yet, or an update that only succeeds at the revision the
 * change was computed from; the affected-row count is the outcome.
 */
import type { Queryable } from "../db/query.js";
import type { PolicyTable } from "./policy.table.js";

export type PolicyRow = PolicyTable;

/** The policy id of the instance. */
export const INSTANCE_POLICY_ID = "instance";

/** The policy id of an organization. */
export function orgPolicyId(orgId: string): string {
  return `org:${orgId}`;
}

/** One level's row, if it was ever set. */
export async function findPolicy(db: Queryable, policyId: string): Promise<PolicyRow | undefined> {
  return db.selectFrom("policies").selectAll().where("policyId", "=", policyId).executeTakeFirst();
}

/** Every stored policy with its organization's name (null for the instance): what the snapshot holds. */
export async function listPolicies(db: Queryable) {
  return db
    .selectFrom("policies")
    .leftJoin("organizations", "organizations.id", "policies.orgId")
    .select(["policies.policyId", "policies.orgId", "policies.document", "policies.revision", "organizations.name"])
    .execute();
}

/** Writes `row` if its level is still at `expectedRevision` (0: no row yet); false when another change came first. */
export async function writePolicyIfRevision(db: Queryable, row: PolicyRow, expectedRevision: number): Promise<boolean> {
  if (expectedRevision === 0) {
    const inserted = await db
      .insertInto("policies")
      .values(row)
      .onConflict((oc) => oc.column("policyId").doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const updated = await db
    .updateTable("policies")
    .set({ document: row.document, revision: row.revision, updatedAt: row.updatedAt, updatedBy: row.updatedBy })
    .where("policyId", "=", row.policyId)
    .where("revision", "=", expectedRevision)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** User names of these ids (ids of users that no longer exist are left out). */
export async function usernamesOf(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "username"]).where("id", "in", ids).execute();
  return new Map(rows.map((row) => [row.id, row.username]));
}

/** Users named by user name or id, found by either. */
export async function findUsersByReference(db: Queryable, references: readonly string[]) {
  if (references.length === 0) return [];
  const lower = references.map((reference) => reference.toLowerCase());
  return db
    .selectFrom("users")
    .select(["id", "username"])
    .where((eb) => eb.or([eb("username", "in", lower), eb("id", "in", lower)]))
    .execute();
}
