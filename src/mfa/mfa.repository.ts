import type { Queryable } from "../db/query.js";
import type { RecoveryCodeTable, UserTotpTable } from "./mfa.table.js";

/** The user's TOTP row, confirmed or not. */
export async function findTotp(db: Queryable, userId: string): Promise<UserTotpTable | undefined> {
  return db.selectFrom("userTotp").selectAll().where("userId", "=", userId).executeTakeFirst();
}

/**
 * Stores a new unconfirmed secret, replacing an earlier unconfirmed one; false when a confirmed
 * one exists (it must be removed first, so enrolment cannot silently replace a working factor).
 */
export async function putUnconfirmedTotp(db: Queryable, row: UserTotpTable): Promise<boolean> {
  await db.deleteFrom("userTotp").where("userId", "=", row.userId).where("confirmedAt", "is", null).execute();
  const result = await db
    .insertInto("userTotp")
    .values(row)
    .onConflict((c) => c.column("userId").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Confirms an unconfirmed secret with the step of its first code; false when there was none to confirm. */
export async function confirmTotp(db: Queryable, userId: string, confirmedAt: string, step: number): Promise<boolean> {
  const updated = await db
    .updateTable("userTotp")
    .set({ confirmedAt, lastUsedStep: step })
    .where("userId", "=", userId)
    .where("confirmedAt", "is", null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * Accepts a code's time step once: only if it is later than every step accepted before. Two
 * parallel uses of one code cannot both win, and an older code cannot follow a newer one.
 */
export async function claimTotpStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const updated = await db
    .updateTable("userTotp")
    .set({ lastUsedStep: step })
    .where("userId", "=", userId)
    .where("confirmedAt", "is not", null)
    .where((eb) => eb.or([eb("lastUsedStep", "is", null), eb("lastUsedStep", "<", step)]))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Removes the user's TOTP; true when there was a confirmed one. */
export async function deleteTotp(db: Queryable, userId: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom("userTotp")
    .where("userId", "=", userId)
    .where("confirmedAt", "is not", null)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}

/** Replaces the user's recovery codes with a new set (hashes). */
export async function replaceRecoveryCodes(
  db: Queryable,
  userId: string,
  hashes: readonly string[],
  createdAt: string,
) {
  await db.deleteFrom("recoveryCodes").where("userId", "=", userId).execute();
  const rows: RecoveryCodeTable[] = hashes.map((codeHash) => ({ codeHash, userId, createdAt, usedAt: null }));
  if (rows.length > 0) await db.insertInto("recoveryCodes").values(rows).execute();
}

/** Deletes every recovery code of a user. */
export async function deleteRecoveryCodes(db: Queryable, userId: string): Promise<void> {
  await db.deleteFrom("recoveryCodes").where("userId", "=", userId).execute();
}

/** Uses one code: the one conditional update decides, so of two parallel uses only one wins. */
export async function useRecoveryCode(
  db: Queryable,
  userId: string,
  codeHash: string,
  usedAt: string,
): Promise<boolean> {
  const updated = await db
    .updateTable("recoveryCodes")
    .set({ usedAt })
    .where("codeHash", "=", codeHash)
    .where("userId", "=", userId)
    .where("usedAt", "is", null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** How many unused recovery codes the user has left. */
export async function countUnusedRecoveryCodes(db: Queryable, userId: string): Promise<number> {
  const row = await db
    .selectFrom("recoveryCodes")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where("userId", "=", userId)
    .where("usedAt", "is", null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
