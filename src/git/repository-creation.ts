/**
 * Creating a repository without holding the database while git works (STYLE item 14): the row
 * is written `pending` (which takes the name), `git init` runs outside any transaction, then
 * one conditional update marks the row `ready` together with its audit event. If init fails the
 * row and the folder are removed. A pending row that a crash left behind does not hold its name
 * forever: once it is older than any init could take, the next create of that name clears it.
 */
import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import { isUniqueViolation } from "../db/query.js";
import type { Database } from "../db/schema.js";
import { initBareRepository, removeRepositoryDir } from "./bare-repository.js";
import { repositoryPath } from "./paths.js";
import {
  deletePendingRepository,
  findPendingByName,
  insertRepository,
  markRepositoryReady,
  type RepositoryRow,
} from "./repository.repository.js";

/**
 * How old a pending row must be before it counts as a crash's leftover: well beyond the longest
 * `git init` (30 s), with room for clock differences between instances.
 */
export const STALE_PENDING_MS = 5 * 60_000;

/** What creation needs. */
export interface CreationDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** The repositories root folder. */
  readonly root: string;
}

/** Creates `repository` (a new row, `ready` is set here) with its bare repository; false when the name is taken. */
export async function createRepositoryRecord(
  deps: CreationDeps,
  actor: AuditActor,
  repository: RepositoryRow,
  defaultBranch: string,
): Promise<boolean> {
  const { db } = deps;
  const pending: RepositoryRow = { ...repository, state: "pending" };
  if (!(await reserveName(deps, pending))) return false;
  const dir = repositoryPath(deps.root, pending);
  let ready = false;
  try {
    await initBareRepository(dir, defaultBranch);
    ready = await db.transaction().execute(async (trx) => {
      if (!(await markRepositoryReady(trx, pending.id))) return false;
      await recordAuditEvent(trx, {
        eventType: "Git.RepositoryCreateEvent",
        actor,
        timestamp: new Date(pending.createdAt),
        orgId: pending.orgId,
        details: { repositoryId: pending.id, name: pending.name, projectId: pending.projectId },
      });
      return true;
    });
  } finally {
    if (!ready) {
      await deletePendingRepository(db, pending.id).catch(() => false);
      await removeRepositoryDir(dir);
    }
  }
  // Only a pending row cleared as stale by another create can be missing: this init took too long.
  if (!ready) throw new Error("the pending repository row was removed while git init ran");
  return true;
}

/** Inserts the pending row; on a taken name, clears a stale pending holder once and tries again. */
async function reserveName(deps: CreationDeps, pending: RepositoryRow): Promise<boolean> {
  if (await tryInsert(deps.db, pending)) return true;
  const cutoff = new Date(deps.clock.now().getTime() - STALE_PENDING_MS).toISOString();
  const holder = await findPendingByName(deps.db, pending.projectId, pending.nameKey);
  if (holder === undefined || holder.createdAt >= cutoff) return false;
  // Conditional: of several creates racing for the leftover, one deletes it; the insert decides.
  if (await deletePendingRepository(deps.db, holder.id, cutoff)) {
    await removeRepositoryDir(repositoryPath(deps.root, holder));
  }
  return tryInsert(deps.db, pending);
}

async function tryInsert(db: Kysely<Database>, row: RepositoryRow): Promise<boolean> {
  try {
    await insertRepository(db, row);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
