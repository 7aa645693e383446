/**
 * 0005: a repository's state. A row is written `pending` before `git init` runs (outside any
 * transaction) and becomes `ready` once the repository exists on disk; only ready repositories
 * are listed, found or served. Rows from before this migration are all ready.
 */
import type { Kysely, Migration } from "kysely";

/** The repositories.state column. */
export function repositoryStateSchema(): Migration {
  return { up: addRepositoryState };
}

async function addRepositoryState(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("repositories")
    .addColumn("state", "varchar(16)", (c) => c.notNull().defaultTo("ready"))
    .execute();
}
