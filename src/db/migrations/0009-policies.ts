/**
 * 0009: token policies (SPEC section 7). One row per level: the instance's (`policy_id`
 * "instance") and one per organization (`policy_id` "org:" + its id). The document holds only the
 * keys an administrator set (JSON); a revision makes every change a compare-and-set. Also the
 * index the unused-token revocation reads: active tokens by their last use (or validFrom).
 */
import { type Kysely, type Migration, sql } from "kysely";

/** Creates the policies table and the last-use index of active tokens. */
export function policiesSchema(): Migration {
  return { up: createPolicies };
}

async function createPolicies(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("policies")
    .addColumn("policy_id", "varchar(64)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(36)", (c) => c.references("organizations.id").onDelete("cascade"))
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_by", "varchar(64)")
    .execute();
  // The same expression the revocation query filters on; partial, so revoked tokens cost nothing.
  await db.schema
    .createIndex("tokens_last_activity_idx")
    .on("tokens")
    .expression(sql`coalesce(last_used_at, valid_from)`)
    .where(sql.ref("revoked_at"), "is", null)
    .execute();
}
