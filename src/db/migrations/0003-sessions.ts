/** 0003: web sessions and the sign-in throttle (the web UI's server side). */
import type { Kysely, Migration } from "kysely";

/** The session and sign-in throttle tables. */
export function sessionsSchema(): Migration {
  return { up: createSessionTables };
}

async function createSessionTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("sessions")
    .addColumn("id_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("csrf_token", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("last_seen_at", "varchar(32)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();
  await db.schema.createIndex("sessions_expires_idx").on("sessions").column("expires_at").execute();
  await db.schema
    .createTable("sign_in_throttle")
    .addColumn("key", "varchar(64)", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("last_failure_at", "varchar(32)", (c) => c.notNull())
    .addColumn("blocked_until", "varchar(32)")
    .addColumn("forget_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sign_in_throttle_forget_idx").on("sign_in_throttle").column("forget_at").execute();
}
