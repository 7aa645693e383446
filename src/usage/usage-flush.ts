/**
 * Writes a token's pending days (one merge-upsert per token-day per flush). A pending day is
 * marked written only by the counts its write carried, and only after the write committed:
 * a failed write leaves it for the next flush (nothing lost), a committed one is never written
 * again (nothing doubled), and uses that land during the write stay pending.
 *
 * "Committed" must hold even when the answer to COMMIT is lost (the connection drops at that
 * moment, as in a database outage): each write carries a fresh id and inserts a receipt with
 * that id in its own transaction. A write that failed is remembered with its id; the next flush
 * asks for the receipt first and, if it is there, marks the counts written instead of writing
 * them again.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { mergeUsageDays, type UsageDay } from "../domain/usage-days.js";
import { newUuid } from "../ids.js";
import { hasUnwritten, markWritten, type PendingDay, pendingUsageDay } from "./pending-day.js";
import {
  hasUsageWriteReceipt,
  NO_ROW_REVISION,
  readUsageDays,
  recordUsageWriteReceipt,
  type StoredUsageDay,
  writeUsageDay,
} from "./usage.repository.js";

/** How often a day is merged again when other instances keep writing it first. */
const MAX_ATTEMPTS = 5;

/** Writes every pending day of a token that has unwritten requests, at `writtenAt` (ISO 8601); throws if a write fails. */
export async function writePendingDays(
  db: Kysely<Database>,
  authorizationId: string,
  days: readonly PendingDay[],
  writtenAt: string,
) {
  for (const pending of days) await settleUnconfirmed(db, pending);
  const due = days.filter(hasUnwritten);
  if (due.length === 0) return;
  const snapshots = due.map(pendingUsageDay);
  const dates = snapshots.map((day) => day.date).sort();
  const stored = await readUsageDays(db, authorizationId, dates[0] ?? "", dates[dates.length - 1] ?? "");
  const storedByDate = new Map(stored.map((day) => [day.date, day]));
  for (const [index, snapshot] of snapshots.entries()) {
    const pending = due[index];
    const writeId = newUuid();
    try {
      await writeDay(db, authorizationId, snapshot, storedByDate.get(snapshot.date), writeId, writtenAt);
    } catch (error) {
      if (pending !== undefined) pending.unconfirmed = { writeId, written: snapshot };
      throw error;
    }
    if (pending !== undefined) markWritten(pending, snapshot);
  }
}

/** Resolves a write in doubt: its counts are marked written if its receipt is there, else written again. */
async function settleUnconfirmed(db: Kysely<Database>, pending: PendingDay): Promise<void> {
  const doubt = pending.unconfirmed;
  if (doubt === undefined) return;
  // A throw here keeps the doubt for the next flush; nothing has been written meanwhile.
  if (await hasUsageWriteReceipt(db, doubt.writeId)) markWritten(pending, doubt.written);
  pending.unconfirmed = undefined;
}

async function writeDay(
  db: Kysely<Database>,
  authorizationId: string,
  day: UsageDay,
  stored: StoredUsageDay | undefined,
  writeId: string,
  writtenAt: string,
) {
  let current = stored;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const merged = current === undefined ? day : mergeUsageDays(current, day);
    const revision = current?.revision ?? NO_ROW_REVISION;
    const written = await db.transaction().execute(async (trx) => {
      if (!(await writeUsageDay(trx, authorizationId, merged, revision))) return false;
      await recordUsageWriteReceipt(trx, writeId, writtenAt);
      return true;
    });
    if (written) return;
    // Another instance wrote this day since it was read: merge with what it wrote.
    [current] = await readUsageDays(db, authorizationId, day.date, day.date);
  }
  throw new Error(`the usage of ${authorizationId} on ${day.date} kept changing during the flush`);
}
