/** Queries on the repositories table: plain functions taking the database first. */
import type { Queryable } from "../db/query.js";
import type { RepositoryTable } from "./repository.table.js";

/** A row of the repositories table. */
export type RepositoryRow = RepositoryTable;

/** Inserts a repository. */
export async function insertRepository(db: Queryable, repository: RepositoryRow): Promise<void> {
  await db.insertInto("repositories").values(repository).execute();
}

/** The repositories of one project, by name. */
export async function listRepositoriesOfProject(db: Queryable, projectId: string): Promise<RepositoryRow[]> {
  return db.selectFrom("repositories").selectAll().where("projectId", "=", projectId).orderBy("nameKey").execute();
}

/** The repositories of every project of an organization, by name. */
export async function listRepositoriesOfOrg(db: Queryable, orgId: string): Promise<RepositoryRow[]> {
  return db
    .selectFrom("repositories")
    .selectAll()
    .where("orgId", "=", orgId)
    .orderBy("nameKey")
    .orderBy("projectId")
    .execute();
}

/** A repository of a project by id or (case-insensitive) name. */
export async function findRepositoryInProject(
  db: Queryable,
  projectId: string,
  idOrName: string,
): Promise<RepositoryRow | undefined> {
  const key = idOrName.toLowerCase();
  return db
    .selectFrom("repositories")
    .selectAll()
    .where("projectId", "=", projectId)
    .where((eb) => eb.or([eb("id", "=", key), eb("nameKey", "=", key)]))
    .executeTakeFirst();
}

/** A repository of an organization by id. */
export async function findRepositoryInOrg(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<RepositoryRow | undefined> {
  return db
    .selectFrom("repositories")
    .selectAll()
    .where("orgId", "=", orgId)
    .where("id", "=", id.toLowerCase())
    .executeTakeFirst();
}
