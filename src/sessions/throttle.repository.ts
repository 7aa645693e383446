import type { Queryable } from "../db/query.js";
import type { SignInThrottleTable } from "./session.table.js";

/** A stored throttle state. */
export type ThrottleRow = SignInThrottleTable;

/** The throttle rows of some keys. */
export async function findThrottleRows(db: Queryable, keys: readonly string[]): Promise<ThrottleRow[]> {
  return db.selectFrom("signInThrottle").selectAll().where("key", "in", keys).execute();
}

/**
 * Writes a key's new state only if the row is still as it was read (`previous`; undefined when
 * there was none), so two instances counting the same key at once cannot lose a failure: the
 * loser sees false and retries from a fresh read.
 */
export async function replaceThrottleRow(
  db: Queryable,
  row: ThrottleRow,
  previous: ThrottleRow | undefined,
): Promise<boolean> {
  if (previous === undefined) {
    const inserted = await db
      .insertInto("signInThrottle")
      .values(row)
      .onConflict((oc) => oc.column("key").doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
  const updated = await db
    .updateTable("signInThrottle")
    .set({
      failures: row.failures,
      lastFailureAt: row.lastFailureAt,
      blockedUntil: row.blockedUntil,
      forgetAt: row.forgetAt,
    })
    .where("key", "=", row.key)
    .where("failures", "=", previous.failures)
    .where("lastFailureAt", "=", previous.lastFailureAt)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Forgets a key (an account after a successful sign-in). */
export async function deleteThrottleRow(db: Queryable, key: string): Promise<void> {
  await db.deleteFrom("signInThrottle").where("key", "=", key).execute();
}

/** Deletes rows that no longer mean anything. */
export async function purgeThrottleRows(db: Queryable, now: string): Promise<void> {
  await db.deleteFrom("signInThrottle").where("forgetAt", "<=", now).execute();
}
