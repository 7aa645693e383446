/**
 * The audit pruning job: deletes events older than the retention, chain by chain, and keeps
 * each chain verifiable by moving its anchor to the last pruned event (its position, hash and
 * seq), so verification starts there. Only a prefix of a chain is ever pruned (an old event
 * after a newer one waits), in batches along the (chain_key, chain_position) index, each batch
 * one transaction whose anchor update is conditional on the anchor it read. Every prune that
 * deleted something is itself an audit event on the chain it pruned.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { INSTANCE_CHAIN } from "../domain/audit-chain.js";
import type { ScheduledJob } from "../jobs/scheduled-job.js";
import { listChains } from "./audit.repository.js";
import { recordAuditEvent, SYSTEM_ACTOR } from "./audit-log.js";
import { readRetentionDays } from "./audit-retention.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 1000;

/** The actor of what Patina does by itself (scheduled jobs). */

/** The job: hourly, deletes what the retention no longer keeps. */
export function createAuditPruneJob(deps: { db: Kysely<Database> }): ScheduledJob {
  return {
    name: "audit-prune",
    intervalMs: 60 * 60 * 1000,
    run: (now) => pruneAuditLog(deps.db, now).then(() => undefined),
  };
}

/** Prunes every chain at `now`; returns how many events were deleted per chain. */
export async function pruneAuditLog(db: Kysely<Database>, now: Date): Promise<Map<string, number>> {
  const deleted = new Map<string, number>();
  const days = await readRetentionDays(db);
  if (days === null) return deleted;
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  for (const chain of await listChains(db)) {
    let total = 0;
    let through: { position: number; hash: string } | undefined;
    while (true) {
      const batch = await pruneBatch(db, chain.chainKey, cutoff);
      if (batch === undefined) break;
      total += batch.count;
      through = batch.through;
      if (!batch.more) break;
    }
    if (total === 0 || through === undefined) continue;
    deleted.set(chain.chainKey, total);
    await recordAuditEvent(db, {
      eventType: "AuditLog.PruneEvent",
      actor: SYSTEM_ACTOR,
      timestamp: now,
      orgId: chain.chainKey === INSTANCE_CHAIN ? null : chain.chainKey,
      details: {
        deletedEvents: total,
        olderThan: cutoff,
        retentionDays: days,
        anchorPosition: through.position,
        anchorHash: through.hash,
      },
    });
  }
  return deleted;
}

interface BatchResult {
  count: number;
  through: { position: number; hash: string };
  /** True when the whole batch was old enough: the next one may be too. */
  more: boolean;
}

/** Deletes up to one batch of the chain's oldest events; undefined when nothing was old enough. */
async function pruneBatch(db: Kysely<Database>, chainKey: string, cutoff: string): Promise<BatchResult | undefined> {
  return db.transaction().execute(async (trx) => {
    const chain = await trx.selectFrom("auditChains").selectAll().where("chainKey", "=", chainKey).executeTakeFirst();
    if (chain === undefined) return undefined;
    const rows = await trx
      .selectFrom("auditEvents")
      .select(["seq", "chainPosition", "hash", "timestamp"])
      .where("chainKey", "=", chainKey)
      .where("chainPosition", ">", chain.anchorPosition)
      .orderBy("chainPosition")
      .limit(BATCH)
      .execute();
    const old = rows.findIndex((row) => row.timestamp >= cutoff);
    const prefix = old === -1 ? rows : rows.slice(0, old);
    const last = prefix.at(-1);
    if (last === undefined || last.chainPosition === null || last.hash === null) return undefined;
    const removed = await trx
      .deleteFrom("auditEvents")
      .where("chainKey", "=", chainKey)
      .where("chainPosition", ">", chain.anchorPosition)
      .where("chainPosition", "<=", last.chainPosition)
      .executeTakeFirst();
    const moved = await trx
      .updateTable("auditChains")
      .set({ anchorPosition: last.chainPosition, anchorHash: last.hash, anchorSeq: last.seq })
      .where("chainKey", "=", chainKey)
      .where("anchorPosition", "=", chain.anchorPosition)
      .executeTakeFirst();
    // Another pruner moved the anchor meanwhile: roll this batch back, the other one did it.
    if (moved.numUpdatedRows !== 1n) throw new Error(`audit chain ${chainKey}: anchor moved during pruning`);
    return {
      count: Number(removed.numDeletedRows),
      through: { position: last.chainPosition, hash: last.hash },
      more: prefix.length === rows.length && rows.length === BATCH,
    };
  });
}
