import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

/** A query target: the database or an open transaction. Repositories take it first. */
export type Queryable = Kysely<Database> | Transaction<Database>;

/** True when a database error is a unique-constraint violation, on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE" || e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
