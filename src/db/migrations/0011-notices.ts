/**
 * 0011: notices (mail to a token's owner), each sent exactly once. The unique key names the
 * notice (`event:<auditEventId>`, `expiry:<authorizationId>:<validTo>:<days>`), so whoever
 * inserts it first owns it; the status and next attempt time drive sending and retries. Plus the
 * indexes that keep the event window and the expiry sweep indexed queries.
 */
import type { Kysely, Migration } from "kysely";
import { sql } from "kysely";

/** The notices table and the indexes of the queries that fill it. */
export function noticesSchema(): Migration {
  return { up: createNotices };
}

async function createNotices(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("notices")
    .addColumn("key", "varchar(200)", (c) => c.primaryKey())
    .addColumn("kind", "varchar(16)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull())
    .addColumn("authorization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("audit_event_id", "varchar(40)")
    .addColumn("valid_to", "varchar(32)")
    .addColumn("threshold_days", "integer")
    .addColumn("facts", "text", (c) => c.notNull())
    .addColumn("status", "varchar(16)", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "varchar(32)", (c) => c.notNull())
    .addColumn("last_error", "varchar(512)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("sent_at", "varchar(32)")
    .execute();
  // The delivery loop: due pending notices, oldest first.
  await db.schema.createIndex("notices_due_idx").on("notices").columns(["status", "next_attempt_at"]).execute();
  // The anti-joins that find what has no notice yet.
  await db.schema.createIndex("notices_event_idx").on("notices").column("audit_event_id").execute();
  await db.schema
    .createIndex("notices_expiry_idx")
    .on("notices")
    .columns(["authorization_id", "valid_to", "threshold_days"])
    .execute();
  // The event window: recent events of the notified types.
  await db.schema
    .createIndex("audit_events_notice_idx")
    .on("audit_events")
    .columns(["event_type", "timestamp"])
    .execute();
  // The expiry sweep: active tokens by end of validity (a partial index, on both databases).
  await db.schema
    .createIndex("tokens_active_valid_to_idx")
    .on("tokens")
    .column("valid_to")
    .where(sql.ref("revoked_at"), "is", null)
    .execute();
}
