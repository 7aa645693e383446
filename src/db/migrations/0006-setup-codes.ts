/** 0006: first-run setup codes in the store (hashes only) and the one claim that completes setup. */
import type { Kysely, Migration } from "kysely";

/** The setup_codes and first_run_setup tables. */
export function setupCodesSchema(): Migration {
  return { up: createSetupTables };
}

async function createSetupTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("setup_codes")
    .addColumn("code_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("issued_at", "varchar(32)", (c) => c.notNull())
    .execute();
  // At most one row, ever (its primary key is a constant): inserting it is what completes setup.
  await db.schema
    .createTable("first_run_setup")
    .addColumn("id", "varchar(16)", (c) => c.primaryKey())
    .addColumn("code_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("started_at", "varchar(32)", (c) => c.notNull())
    .execute();
}
