/**
 * 0007: a revision counter on tokens. Every change of a token's definition (update, regenerate,
 * revoke) is one conditional update `… where revision = ?` that also increments it, so two
 * changes computed from the same state can never both commit (compare-and-set).
 */
import type { Kysely, Migration } from "kysely";

/** Adds tokens.revision (0 for existing tokens). */
export function tokenRevisionSchema(): Migration {
  return { up: addTokenRevision };
}

async function addTokenRevision(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("tokens")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}
