/**
 * Deleting and renaming a repository, each one conditional write whose affected-row count
 * decides the outcome (STYLE item 14), with its audit event in the same transaction.
 *
 * Deleting: the folder is first renamed aside in one atomic step, so git stops serving it at
 * once; then the row is deleted; then the folder aside is removed, outside any transaction.
 * There is no recycle bin: a deleted repository is gone. Of concurrent deletes one deletes the
 * row and the others find it gone (and remove any folder they moved aside, an orphan now). If
 * the database fails, the folder is moved back. A crash between the steps leaves at worst a
 * `…git.deleting-<uuid>` folder that nothing serves.
 *
 * Renaming: the folder is named by the row's ids (paths.ts), so a rename never touches disk. The
 * update is conditional on the name the request read: of two concurrent renames one wins and the
 * other is told the repository changed meanwhile.
 */
import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import { isUniqueViolation } from "../db/query.js";
import type { Database } from "../db/schema.js";
import { newUuid } from "../ids.js";
import { moveRepositoryAside, removeRepositoryDir } from "./bare-repository.js";
import { repositoryPath } from "./paths.js";
import {
  deleteReadyRepository,
  findReadyRepository,
  type RepositoryRow,
  renameReadyRepository,
} from "./repository.repository.js";

/** What deleting and renaming need. */
export interface ChangeDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** The repositories root folder. */
  readonly root: string;
}

/** Deletes a repository: its row, then its folder; false when another request deleted it first. */
export async function deleteRepositoryRecord(
  deps: ChangeDeps,
  actor: AuditActor,
  repository: RepositoryRow,
): Promise<boolean> {
  const dir = repositoryPath(deps.root, repository);
  // Next to the folder, so the rename stays on one file system and is atomic.
  const aside = `${dir}.deleting-${newUuid()}`;
  const moved = await moveRepositoryAside(dir, aside);
  let deleted: boolean;
  try {
    deleted = await deps.db.transaction().execute(async (trx) => {
      if (!(await deleteReadyRepository(trx, repository.id))) return false;
      await recordAuditEvent(trx, {
        eventType: "Git.RepositoryDeleted",
        actor,
        timestamp: deps.clock.now(),
        orgId: repository.orgId,
        details: { repositoryId: repository.id, name: repository.name, projectId: repository.projectId },
      });
      return true;
    });
  } catch (error) {
    // The row is still there: so must its repository be.
    if (moved) await moveRepositoryAside(aside, dir).catch(() => false);
    throw error;
  }
  // Deleted here or by another request: either way no row points at the folder any more.
  if (moved) await removeRepositoryDir(aside);
  return deleted;
}

/** How a rename ended. */
export type RenameOutcome = "renamed" | "duplicateName" | "changedMeanwhile" | "gone";

/** Renames a repository read as `repository` to `name` (already checked). */
export async function renameRepositoryRecord(
  deps: ChangeDeps,
  actor: AuditActor,
  repository: RepositoryRow,
  name: string,
): Promise<RenameOutcome> {
  let renamed: boolean;
  try {
    renamed = await deps.db.transaction().execute(async (trx) => {
      if (!(await renameReadyRepository(trx, repository.id, repository.name, name))) return false;
      await recordAuditEvent(trx, {
        eventType: "Git.RepositoryRenamed",
        actor,
        timestamp: deps.clock.now(),
        orgId: repository.orgId,
        details: { repositoryId: repository.id, oldName: repository.name, name, projectId: repository.projectId },
      });
      return true;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return "duplicateName";
    throw error;
  }
  if (renamed) return "renamed";
  return (await findReadyRepository(deps.db, repository.id)) === undefined ? "gone" : "changedMeanwhile";
}
