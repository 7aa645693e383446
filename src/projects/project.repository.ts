import type { Queryable } from "../db/query.js";
import type { ProjectTable } from "../db/schema.js";

export type ProjectRow = ProjectTable;

/** Inserts a project. */
export async function insertProject(db: Queryable, project: ProjectRow): Promise<void> {
  await db.insertInto("projects").values(project).execute();
}

/** Projects of an organization, by name. */
export async function listProjects(
  db: Queryable,
  orgId: string,
  page: { skip: number; top: number },
): Promise<ProjectRow[]> {
  return db
    .selectFrom("projects")
    .selectAll()
    .where("orgId", "=", orgId)
    .orderBy("nameKey")
    .limit(page.top)
    .offset(page.skip)
    .execute();
}

/** A project of an organization by id or (case-insensitive) name. */
export async function findProject(db: Queryable, orgId: string, idOrName: string): Promise<ProjectRow | undefined> {
  return db
    .selectFrom("projects")
    .selectAll()
    .where("orgId", "=", orgId)
    .where((eb) => eb.or([eb("id", "=", idOrName.toLowerCase()), eb("nameKey", "=", idOrName.toLowerCase())]))
    .executeTakeFirst();
}
