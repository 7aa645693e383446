/** Setup codes (hashes) and the setup claim, as plain functions over the query builder. */
import type { Queryable } from "../db/query.js";
import type { FirstRunSetupTable } from "./setup-code.table.js";

/** The primary key of the one claim row. */
const CLAIM_ID = "setup";

/** Stores the hash of a newly printed code. */
export async function insertSetupCode(db: Queryable, codeHash: string, issuedAt: string): Promise<void> {
  await db.insertInto("setupCodes").values({ codeHash, issuedAt }).execute();
}

/** True when the hash is of a code some instance printed and setup has not voided. */
export async function setupCodeExists(db: Queryable, codeHash: string): Promise<boolean> {
  const row = await db.selectFrom("setupCodes").select("codeHash").where("codeHash", "=", codeHash).executeTakeFirst();
  return row !== undefined;
}

/** Voids one code (its instance shuts down). */
export async function deleteSetupCode(db: Queryable, codeHash: string): Promise<void> {
  await db.deleteFrom("setupCodes").where("codeHash", "=", codeHash).execute();
}

/** Voids every code (setup is done). */
export async function deleteAllSetupCodes(db: Queryable): Promise<void> {
  await db.deleteFrom("setupCodes").execute();
}

/**
 * Spends a code: inserts the one claim row, only if the code is live. One statement whose
 * affected-row count decides, so of any number of instances racing with any valid codes exactly
 * one gets true (the primary key admits one row; the loser's insert does nothing).
 */
export async function claimSetup(db: Queryable, codeHash: string, startedAt: string): Promise<boolean> {
  const result = await db
    .insertInto("firstRunSetup")
    .columns(["id", "codeHash", "startedAt"])
    .expression((eb) =>
      eb
        .selectFrom("setupCodes")
        .select([eb.val(CLAIM_ID).as("id"), "codeHash", eb.val(startedAt).as("startedAt")])
        .where("codeHash", "=", codeHash),
    )
    .onConflict((oc) => oc.column("id").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** The claim, if setup was completed (or is being completed) by some instance. */
export async function findSetupClaim(db: Queryable): Promise<FirstRunSetupTable | undefined> {
  return db.selectFrom("firstRunSetup").selectAll().where("id", "=", CLAIM_ID).executeTakeFirst();
}

/** Withdraws a claim, only the very one given (a failed setup, or one that died with its instance). */
export async function releaseSetupClaim(db: Queryable, claim: Omit<FirstRunSetupTable, "id">): Promise<void> {
  await db
    .deleteFrom("firstRunSetup")
    .where("id", "=", CLAIM_ID)
    .where("codeHash", "=", claim.codeHash)
    .where("startedAt", "=", claim.startedAt)
    .execute();
}
