/** The scheduled job that keeps daily token usage for USAGE_RETENTION_DAYS days and deletes older days. */
import type { Logger } from "pino";
import type { Queryable } from "../db/query.js";
import { dateOfDay, dayNumberOf, USAGE_RETENTION_DAYS } from "../domain/usage-days.js";
import type { ScheduledJob } from "../jobs/scheduled-job.js";
import { deleteUsageDaysBefore, deleteUsageWriteReceiptsBefore } from "./usage.repository.js";

/** How often the pruning runs: a few times a day is plenty for a retention counted in days. */
const PRUNE_INTERVAL_MS = 6 * 60 * 60 * 1000;

/**
 * How long a usage write's receipt is kept: it is read only by the first flush after a failed
 * one, so it must outlive the longest outage a process waits out with its counts in memory.
 */
const RECEIPT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** The pruning job over a database. Safe to repeat and to run on any instance. */
export function createUsagePruneJob(db: Queryable, logger?: Logger): ScheduledJob {
  return {
    name: "usage.prune",
    intervalMs: PRUNE_INTERVAL_MS,
    async run(now) {
      // Today and the 89 days before it are kept: exactly what the usage API can show.
      const oldestKept = dateOfDay(dayNumberOf(now.getTime()) - USAGE_RETENTION_DAYS + 1);
      const deleted = await deleteUsageDaysBefore(db, oldestKept);
      if (deleted > 0) logger?.info({ job: "usage.prune", deleted, oldestKept }, "pruned daily token usage");
      await deleteUsageWriteReceiptsBefore(db, new Date(now.getTime() - RECEIPT_RETENTION_MS).toISOString());
    },
  };
}
