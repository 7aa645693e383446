/**
 * Reads and writes of daily token usage. A day's row is merged, never overwritten: the flush
 * reads it, adds its own counts and sets, and writes back only if nobody wrote in between (a
 * compare-and-set on `revision`), so instances sharing a database never lose or double a count.
 */
import type { Queryable } from "../db/query.js";
import type { UsageDay } from "../domain/usage-days.js";
import { parseIpList } from "../tokens/ip-list.js";
import type { TokenUsageDayTable } from "./usage.table.js";

/** A stored day with the revision its next write must find. */
export interface StoredUsageDay extends UsageDay {
  readonly revision: number;
}

/** No row yet: the write must insert one (and finds a conflict if another instance just did). */
export const NO_ROW_REVISION = -1;

/** The stored days of a token from `fromDate` to `toDate` (inclusive, `YYYY-MM-DD`), oldest first. */
export async function readUsageDays(
  db: Queryable,
  authorizationId: string,
  fromDate: string,
  toDate: string,
): Promise<StoredUsageDay[]> {
  const rows = await db
    .selectFrom("tokenUsageDays")
    .selectAll()
    .where("authorizationId", "=", authorizationId)
    .where("day", ">=", fromDate)
    .where("day", "<=", toDate)
    .orderBy("day")
    .execute();
  return rows.map(toUsageDay);
}

/**
 * Writes `day` (the merged counts) if the stored row still has `expectedRevision` (or, for
 * NO_ROW_REVISION, if there is still no row). One statement on both databases; false when
 * another write came first (read again and merge again).
 */
export async function writeUsageDay(
  db: Queryable,
  authorizationId: string,
  day: UsageDay,
  expectedRevision: number,
): Promise<boolean> {
  const values = {
    requests: day.requests,
    scopes: JSON.stringify(day.scopes),
    clientAddresses: JSON.stringify(day.clientAddresses),
    userAgents: JSON.stringify(day.userAgents),
    revision: expectedRevision + 1,
  };
  const result = await db
    .insertInto("tokenUsageDays")
    .values({ authorizationId, day: day.date, ...values, revision: 0 })
    .onConflict((conflict) =>
      conflict
        .columns(["authorizationId", "day"])
        .doUpdateSet(values)
        .where("tokenUsageDays.revision", "=", expectedRevision),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Inside a usage write's transaction: the receipt that says this write committed. */
export async function recordUsageWriteReceipt(trx: Queryable, writeId: string, writtenAt: string): Promise<void> {
  await trx.insertInto("usageWriteReceipts").values({ writeId, writtenAt }).execute();
}

/** True when the usage write `writeId` committed. */
export async function hasUsageWriteReceipt(db: Queryable, writeId: string): Promise<boolean> {
  const row = await db
    .selectFrom("usageWriteReceipts")
    .select("writeId")
    .where("writeId", "=", writeId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes receipts written before `before` (ISO 8601); returns how many. */
export async function deleteUsageWriteReceiptsBefore(db: Queryable, before: string): Promise<number> {
  const result = await db.deleteFrom("usageWriteReceipts").where("writtenAt", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes every day before `beforeDate` (`YYYY-MM-DD`); returns how many. */
export async function deleteUsageDaysBefore(db: Queryable, beforeDate: string): Promise<number> {
  const result = await db.deleteFrom("tokenUsageDays").where("day", "<", beforeDate).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toUsageDay(row: TokenUsageDayTable): StoredUsageDay {
  return {
    date: row.day,
    requests: row.requests,
    scopes: parseScopeCounts(row.scopes),
    clientAddresses: parseIpList(row.clientAddresses),
    userAgents: parseIpList(row.userAgents),
    revision: row.revision,
  };
}

function parseScopeCounts(json: string): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
    const counts: Record<string, number> = {};
    for (const [scope, count] of Object.entries(parsed)) if (typeof count === "number") counts[scope] = count;
    return counts;
  } catch {
    return {};
  }
}
