/**
 * The audit log's retention: an instance setting (whole days; none = keep everything), stored in
 * the settings table so every instance and the CLI read the same value. Changing it is audited
 * on the instance chain with its before and after.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { type AuditActor, recordAuditEvent } from "./audit-log.js";

/** The settings key of the retention. */
export const RETENTION_SETTING = "auditRetentionDays";

/** The longest retention accepted (about a century): beyond that, "keep everything" says it better. */
export const MAX_RETENTION_DAYS = 36_500;

/** The retention in days, or null when events are kept forever. */
export async function readRetentionDays(db: Kysely<Database>): Promise<number | null> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", RETENTION_SETTING).executeTakeFirst();
  return parseRetention(row?.value);
}

function parseRetention(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  const days = Number(value);
  return days >= 1 && days <= MAX_RETENTION_DAYS ? days : null;
}

/** True for a retention this instance accepts: null (forever) or 1…MAX_RETENTION_DAYS whole days. */
export function isValidRetention(days: number | null): boolean {
  return days === null || (Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS);
}

/** Sets the retention (null: keep forever) and audits the change; returns the value before. */
export async function setRetentionDays(
  db: Kysely<Database>,
  actor: AuditActor,
  days: number | null,
  now: Date,
): Promise<{ before: number | null; after: number | null }> {
  if (!isValidRetention(days)) throw new RangeError(`retention out of range: ${days}`);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("settings")
      .select("value")
      .where("key", "=", RETENTION_SETTING)
      .executeTakeFirst();
    const before = parseRetention(row?.value);
    const value = days === null ? "" : String(days);
    await trx
      .insertInto("settings")
      .values({ key: RETENTION_SETTING, value })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
      .execute();
    await recordAuditEvent(trx, {
      eventType: "AuditLog.RetentionUpdateEvent",
      actor,
      timestamp: now,
      details: { before, after: days },
    });
    return { before, after: days };
  });
}
