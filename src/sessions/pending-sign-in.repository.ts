import type { Queryable } from "../db/query.js";
import type { PendingSignInTable } from "./session.table.js";

/** Stores a pending sign-in (and sweeps expired ones: these are rare writes). */
export async function insertPendingSignIn(db: Queryable, row: PendingSignInTable): Promise<void> {
  await db.deleteFrom("pendingSignIns").where("expiresAt", "<=", row.createdAt).execute();
  await db.insertInto("pendingSignIns").values(row).execute();
}

/** The pending sign-in with this id hash, if it has not expired at `now`. */
export async function findPendingSignIn(db: Queryable, idHash: string, now: string) {
  return db
    .selectFrom("pendingSignIns")
    .selectAll()
    .where("idHash", "=", idHash)
    .where("expiresAt", ">", now)
    .executeTakeFirst();
}

/** Counts a wrong code; the new count, or undefined when the pending sign-in is gone. */
export async function countPendingFailure(db: Queryable, idHash: string): Promise<number | undefined> {
  await db
    .updateTable("pendingSignIns")
    .set((eb) => ({ failures: eb("failures", "+", 1) }))
    .where("idHash", "=", idHash)
    .execute();
  const row = await db.selectFrom("pendingSignIns").select("failures").where("idHash", "=", idHash).executeTakeFirst();
  return row?.failures;
}

/** Ends a pending sign-in; true for the one caller that ended it (of two parallel finishes, one wins). */
export async function deletePendingSignIn(db: Queryable, idHash: string, now: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom("pendingSignIns")
    .where("idHash", "=", idHash)
    .where("expiresAt", ">", now)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}
