/**
 * Appending to an audit chain, race-free across processes and instances: the append locks its
 * chain's head row with an update (`head_position = head_position + 1`: a row lock until commit
 * on PostgreSQL, the write lock on SQLite) before it reads the previous hash, and sets the new
 * head hash with an update conditional on that position. The caller's transaction holds the
 * lock until it commits, so two appends to one chain never read the same head, and a rolled
 * back change takes its event and its head move with it.
 */
import type { Transaction } from "kysely";
import type { AuditEventTable, Database } from "../db/schema.js";
import { chainKeyOf, eventHash, GENESIS_HASH } from "../domain/audit-chain.js";

/** An event as recordAuditEvent builds it, before the chain fields. */
export type UnchainedEvent = Omit<AuditEventTable, "seq" | "chainKey" | "chainPosition" | "prevHash" | "hash">;

/** Appends one event to its chain inside `trx`. */
export async function appendChainedEvent(trx: Transaction<Database>, event: UnchainedEvent): Promise<void> {
  const chainKey = chainKeyOf(event.orgId);
  const head = (await advanceHead(trx, chainKey)) ?? (await createChain(trx, chainKey));
  const hash = eventHash({ ...event, chainKey }, head.headHash);
  await trx
    .insertInto("auditEvents")
    .values({ ...event, chainKey, chainPosition: head.headPosition, prevHash: head.headHash, hash })
    .execute();
  const moved = await trx
    .updateTable("auditChains")
    .set({ headHash: hash })
    .where("chainKey", "=", chainKey)
    .where("headPosition", "=", head.headPosition)
    .executeTakeFirst();
  // We hold the head's lock: anything else is a bug, and the transaction must not commit.
  if (moved.numUpdatedRows !== 1n) throw new Error(`audit chain ${chainKey} moved while locked`);
}

interface Head {
  /** The position the new event takes. */
  headPosition: number;
  /** The hash of the event before it. */
  headHash: string;
}

/** Takes the next position of an existing chain (locking its head); undefined when there is no chain yet. */
async function advanceHead(trx: Transaction<Database>, chainKey: string): Promise<Head | undefined> {
  return trx
    .updateTable("auditChains")
    .set((eb) => ({ headPosition: eb("headPosition", "+", 1) }))
    .where("chainKey", "=", chainKey)
    .returning(["headPosition", "headHash"])
    .executeTakeFirst();
}

/** Creates an empty chain (or finds the one a concurrent append just created), then advances it. */
async function createChain(trx: Transaction<Database>, chainKey: string): Promise<Head> {
  await trx
    .insertInto("auditChains")
    .values({
      chainKey,
      headPosition: 0,
      headHash: GENESIS_HASH,
      anchorPosition: 0,
      anchorHash: GENESIS_HASH,
      anchorSeq: 0,
    })
    .onConflict((oc) => oc.column("chainKey").doNothing())
    .execute();
  const head = await advanceHead(trx, chainKey);
  if (head === undefined) throw new Error(`audit chain ${chainKey} could not be created`);
  return head;
}
