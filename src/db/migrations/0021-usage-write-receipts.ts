/**
 * 0021: receipts of usage writes (issue 11, database outages). A flush whose commit may have
 * happened although its answer was lost (the connection dropped at COMMIT) looks for its
 * receipt on the next flush instead of writing its counts again, so a count is never doubled.
 * Pruned by the usage pruning job.
 */
import type { Kysely, Migration } from "kysely";

/** The usage_write_receipts table. */
export function usageWriteReceiptsSchema(): Migration {
  return { up: createUsageWriteReceipts };
}

async function createUsageWriteReceipts(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("usage_write_receipts")
    .addColumn("write_id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("written_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("usage_write_receipts_written_at")
    .on("usage_write_receipts")
    .column("written_at")
    .execute();
}
