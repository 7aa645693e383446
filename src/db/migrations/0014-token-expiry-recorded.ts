/**
 * 0014: `tokens.expiry_recorded`, set once the token's expiry is in the audit log
 * (`Token.PatExpiredEvent`, written by the token-expiry job), and a partial index over the
 * tokens still waiting for it, so the job reads only those, however many tokens expired before.
 */
import { type Kysely, type Migration, sql } from "kysely";

/** Adds tokens.expiry_recorded and its index. */
export function tokenExpiryRecordedSchema(): Migration {
  return { up: addExpiryRecorded };
}

async function addExpiryRecorded(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("tokens")
    .addColumn("expiry_recorded", "integer", (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex("tokens_unrecorded_expiry_idx")
    .on("tokens")
    .column("valid_to")
    .where(sql.ref("expiry_recorded"), "=", sql.lit(0))
    .execute();
}
