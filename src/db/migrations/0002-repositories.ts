/** 0002: git repositories of projects. */
import type { Kysely, Migration } from "kysely";

/** The repositories table. */
export function repositoriesSchema(): Migration {
  return { up: (db) => createRepositories(db) };
}

async function createRepositories(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("repositories")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("project_id", "varchar(36)", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("name", "varchar(64)", (c) => c.notNull())
    .addColumn("name_key", "varchar(256)", (c) => c.notNull())
    .addColumn("default_branch", "varchar(256)", (c) => c.notNull())
    .addColumn("is_disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addUniqueConstraint("repositories_project_name_key", ["project_id", "name_key"])
    .execute();
  await db.schema.createIndex("repositories_org_idx").on("repositories").column("org_id").execute();
}
