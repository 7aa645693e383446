/**
 * Writes a token's pending days (one merge-upsert per token-day per flush). A pending day is
 * marked written only by the counts its write carried, and only after the write committed:
 * a failed write leaves it for the next flush (nothing lost), a committed one is never written
 * again (nothing doubled), and uses that land during the write stay pending.
 */
import type { Queryable } from "../db/query.js";
import { mergeUsageDays, type UsageDay } from "../domain/usage-days.js";
import { hasUnwritten, markWritten, type PendingDay, pendingUsageDay } from "./pending-day.js";
import { NO_ROW_REVISION, readUsageDays, type StoredUsageDay, writeUsageDay } from "./usage.repository.js";

/** How often a day is merged again when other instances keep writing it first. */
const MAX_ATTEMPTS = 5;

/** Writes every pending day of a token that has unwritten requests; throws if a write fails. */
export async function writePendingDays(db: Queryable, authorizationId: string, days: readonly PendingDay[]) {
  const due = days.filter(hasUnwritten);
  if (due.length === 0) return;
  const snapshots = due.map(pendingUsageDay);
  const dates = snapshots.map((day) => day.date).sort();
  const stored = await readUsageDays(db, authorizationId, dates[0] ?? "", dates[dates.length - 1] ?? "");
  const storedByDate = new Map(stored.map((day) => [day.date, day]));
  for (const [index, snapshot] of snapshots.entries()) {
    await writeDay(db, authorizationId, snapshot, storedByDate.get(snapshot.date));
    const pending = due[index];
    if (pending !== undefined) markWritten(pending, snapshot);
  }
}

async function writeDay(db: Queryable, authorizationId: string, day: UsageDay, stored: StoredUsageDay | undefined) {
  let current = stored;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const merged = current === undefined ? day : mergeUsageDays(current, day);
    if (await writeUsageDay(db, authorizationId, merged, current?.revision ?? NO_ROW_REVISION)) return;
    // Another instance wrote this day since it was read: merge with what it wrote.
    [current] = await readUsageDays(db, authorizationId, day.date, day.date);
  }
  throw new Error(`the usage of ${authorizationId} on ${day.date} kept changing during the flush`);
}
