/** 0004: the change log, through which a SQLite server hears of changes made by other processes (the CLI). */
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../database.js";

/** The change_log table. */
export function changeLogSchema(dialect: DialectName): Migration {
  return { up: (db) => createChangeLog(db, dialect) };
}

async function createChangeLog(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable("change_log")
    // AUTOINCREMENT on SQLite: a sequence number is never reused, even after pruning has emptied
    // the table, so a reader's "seq > last seen" cannot skip a new change.
    .addColumn("seq", "integer", (c) =>
      dialect === "postgres" ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("origin", "varchar(36)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("change_log_created_idx").on("change_log").column("created_at").execute();
}
