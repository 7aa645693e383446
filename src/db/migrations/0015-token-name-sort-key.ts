/**
 * 0015: `tokens.name_sort_key`, the display name as the token list sorts it (case-insensitive,
 * numbers as numbers: domain/name-sort-key), with an index for the list's
 * `where user_id = ? order by name_sort_key`. The key is compared bytewise: on PostgreSQL the
 * column has the "C" collation, so the order is the same as SQLite's whatever the database's
 * locale. Existing rows are backfilled here; the token repository keeps the key current on
 * create and rename. Should the key's rule ever change, a later migration recomputes it.
 */
import { type Kysely, type Migration, sql } from "kysely";
import { nameSortKey } from "../../domain/name-sort-key.js";
import type { DialectName } from "../database.js";

/** Rows read and rewritten per step of the backfill, so a large store is not read at once. */
const BATCH = 500;

/** Adds tokens.name_sort_key, fills it, and indexes it per user. */
export function tokenNameSortKeySchema(dialect: DialectName): Migration {
  return { up: (db) => addNameSortKey(db, dialect) };
}

async function addNameSortKey(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const type = dialect === "postgres" ? sql`text collate "C"` : sql`text`;
  await db.schema
    .alterTable("tokens")
    .addColumn("name_sort_key", type, (column) => column.notNull().defaultTo(""))
    .execute();
  await backfill(db as Kysely<SortKeyRows>);
  await db.schema.createIndex("tokens_user_name_sort_idx").on("tokens").columns(["user_id", "name_sort_key"]).execute();
}

/** The columns the backfill touches, camel-cased as the store's CamelCasePlugin maps them. */
interface SortKeyRows {
  tokens: { authorizationId: string; displayName: string; nameSortKey: string };
}

/** Computes the key of every existing token, in pages ordered by id. */
async function backfill(db: Kysely<SortKeyRows>): Promise<void> {
  let after = "";
  for (;;) {
    const rows = await db
      .selectFrom("tokens")
      .select(["authorizationId", "displayName"])
      .where("authorizationId", ">", after)
      .orderBy("authorizationId")
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      await db
        .updateTable("tokens")
        .set({ nameSortKey: nameSortKey(row.displayName) })
        .where("authorizationId", "=", row.authorizationId)
        .execute();
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < BATCH) return;
    after = last.authorizationId;
  }
}
