/**
 * Queries on the repositories table: plain functions taking the database first. Reads see only
 * `ready` repositories; a `pending` row (its `git init` still running) only reserves its name.
 */
import type { Queryable } from "../db/query.js";
import type { RepositoryTable } from "./repository.table.js";

/** A row of the repositories table. */
export type RepositoryRow = RepositoryTable;

/** Inserts a repository; a duplicate name in the project (pending or ready) is a unique violation. */
export async function insertRepository(db: Queryable, repository: RepositoryRow): Promise<void> {
  await db.insertInto("repositories").values(repository).execute();
}

/** Marks a pending repository ready; false when it is no longer pending (or gone). */
export async function markRepositoryReady(db: Queryable, id: string): Promise<boolean> {
  const updated = await db
    .updateTable("repositories")
    .set({ state: "ready" })
    .where("id", "=", id)
    .where("state", "=", "pending")
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Deletes a repository row if it is still pending and was created before `createdBefore` (any time when undefined). */
export async function deletePendingRepository(db: Queryable, id: string, createdBefore?: string): Promise<boolean> {
  let query = db.deleteFrom("repositories").where("id", "=", id).where("state", "=", "pending");
  if (createdBefore !== undefined) query = query.where("createdAt", "<", createdBefore);
  const deleted = await query.executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}

/** The pending row holding a name in a project, if any. */
export async function findPendingByName(
  db: Queryable,
  projectId: string,
  nameKey: string,
): Promise<RepositoryRow | undefined> {
  return db
    .selectFrom("repositories")
    .selectAll()
    .where("projectId", "=", projectId)
    .where("nameKey", "=", nameKey)
    .where("state", "=", "pending")
    .executeTakeFirst();
}

/** The ready repositories of one project, by name. */
export async function listRepositoriesOfProject(db: Queryable, projectId: string): Promise<RepositoryRow[]> {
  return db
    .selectFrom("repositories")
    .selectAll()
    .where("projectId", "=", projectId)
    .where("state", "=", "ready")
    .orderBy("nameKey")
    .execute();
}

/** The ready repositories of every project of an organization, by name. */
export async function listRepositoriesOfOrg(db: Queryable, orgId: string): Promise<RepositoryRow[]> {
  return db
    .selectFrom("repositories")
    .selectAll()
    .where("orgId", "=", orgId)
    .where("state", "=", "ready")
    .orderBy("nameKey")
    .orderBy("projectId")
    .execute();
}

/** A ready repository of a project by id or (case-insensitive) name. */
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
    .where("state", "=", "ready")
    .where((eb) => eb.or([eb("id", "=", key), eb("nameKey", "=", key)]))
    .executeTakeFirst();
}

/** A ready repository of an organization by id. */
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
    .where("state", "=", "ready")
    .executeTakeFirst();
}

/** Deletes a ready repository; false when it is gone already (another delete won). */
export async function deleteReadyRepository(db: Queryable, id: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom("repositories")
    .where("id", "=", id)
    .where("state", "=", "ready")
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}

/**
 * Renames a ready repository if it still has the name it was read with; false when it does not
 * (renamed or deleted meanwhile). A name taken in the project is a unique violation.
 */
export async function renameReadyRepository(
  db: Queryable,
  id: string,
  expectedName: string,
  name: string,
): Promise<boolean> {
  const updated = await db
    .updateTable("repositories")
    .set({ name, nameKey: name.toLowerCase() })
    .where("id", "=", id)
    .where("state", "=", "ready")
    .where("name", "=", expectedName)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** A ready repository by id alone (to tell a concurrent rename from a delete). */
export async function findReadyRepository(db: Queryable, id: string): Promise<RepositoryRow | undefined> {
  return db.selectFrom("repositories").selectAll().where("id", "=", id).where("state", "=", "ready").executeTakeFirst();
}
