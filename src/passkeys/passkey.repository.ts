/** Passkeys as plain functions over the query builder. */
import type { Selectable } from "kysely";
import type { Queryable } from "../db/query.js";
import type { PasskeyTable } from "./passkey.table.js";

/** A stored passkey, its counter read as a number. */
export interface PasskeyRow extends Omit<Selectable<PasskeyTable>, "counter"> {
  readonly counter: number;
}

function toRow(row: Selectable<PasskeyTable>): PasskeyRow {
  return { ...row, counter: Number(row.counter) };
}

/** Inserts a passkey; false when the credential id is already registered (to anyone). */
export async function insertPasskey(db: Queryable, passkey: PasskeyRow): Promise<boolean> {
  const result = await db
    .insertInto("passkeys")
    .values(passkey)
    .onConflict((oc) => oc.column("credentialId").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** A user's passkeys, oldest first. */
export async function listPasskeysOfUser(db: Queryable, userId: string): Promise<PasskeyRow[]> {
  const rows = await db
    .selectFrom("passkeys")
    .selectAll()
    .where("userId", "=", userId)
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
  return rows.map(toRow);
}

/** The passkey with an authenticator's credential id, whoever owns it. */
export async function findPasskeyByCredentialId(db: Queryable, credentialId: string): Promise<PasskeyRow | undefined> {
  const row = await db.selectFrom("passkeys").selectAll().where("credentialId", "=", credentialId).executeTakeFirst();
  return row && toRow(row);
}

/** One of a user's passkeys by Patina's id; someone else's is as absent as an unknown one. */
export async function findPasskeyOfUser(db: Queryable, userId: string, id: string): Promise<PasskeyRow | undefined> {
  const row = await db
    .selectFrom("passkeys")
    .selectAll()
    .where("id", "=", id)
    .where("userId", "=", userId)
    .executeTakeFirst();
  return row && toRow(row);
}

/** True when the user has at least one passkey. */
export async function userHasPasskeys(db: Queryable, userId: string): Promise<boolean> {
  const row = await db.selectFrom("passkeys").select("id").where("userId", "=", userId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Renames one of a user's passkeys; false when the user has no such passkey. */
export async function renamePasskey(db: Queryable, userId: string, id: string, name: string): Promise<boolean> {
  const result = await db
    .updateTable("passkeys")
    .set({ name })
    .where("id", "=", id)
    .where("userId", "=", userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes one of a user's passkeys; false when the user has no such passkey. */
export async function deletePasskey(db: Queryable, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom("passkeys").where("id", "=", id).where("userId", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Records a use: the new counter, backup state and time, only if the counter is still the one
 * the assertion was checked against. False means another sign-in with the same credential got
 * there first (a cloned authenticator, or a replay racing the original): the caller refuses.
 */
export async function recordPasskeyUse(
  db: Queryable,
  passkey: PasskeyRow,
  use: { counter: number; backedUp: boolean; usedAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable("passkeys")
    .set({ counter: use.counter, backedUp: use.backedUp ? 1 : 0, lastUsedAt: use.usedAt })
    .where("id", "=", passkey.id)
    .where("counter", "=", passkey.counter)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
