/**
 * `patina audit verify`: walks each audit chain from its anchor (the last pruned event, or the
 * start) to its head and reports the first event that was changed, removed or reordered (the
 * checks themselves are domain/audit-chain.ts). Reads in batches along the (chain_key,
 * chain_position) index, so memory stays flat however long the chain.
 */

import type { Kysely } from "kysely";
import type { Queryable } from "../db/query.js";
import type { Database } from "../db/schema.js";
import {
  anchorState,
  type ChainProblem,
  chainKeyOf,
  checkHead,
  checkNext,
  INSTANCE_CHAIN,
  type WalkState,
} from "../domain/audit-chain.js";
import { listChainEvents, listChains } from "./audit.repository.js";
import type { AuditChainTable } from "./audit-chain.table.js";

const BATCH = 1000;

/** What verification found for one chain. */
export interface ChainReport {
  readonly chainKey: string;
  /** The organization's name, or null for the instance chain (or an organization since deleted). */
  readonly orgName: string | null;
  /** Events checked (up to the first problem). */
  readonly verified: number;
  readonly anchorPosition: number;
  readonly headPosition: number;
  readonly headHash: string;
  /** The first problem, if any. */
  readonly problem: ChainProblem | undefined;
}

/**
 * Verifies every chain, or only the chain of one organization (`orgId`) or the instance (null),
 * in one repeatable-read transaction: appends and prunes meanwhile cannot look like tampering.
 */
export async function verifyAuditChains(db: Kysely<Database>, only?: { orgId: string | null }): Promise<ChainReport[]> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute((trx) => verifyInSnapshot(trx, only));
}

async function verifyInSnapshot(db: Queryable, only?: { orgId: string | null }): Promise<ChainReport[]> {
  const wanted = only === undefined ? undefined : chainKeyOf(only.orgId);
  const chains = await listChains(db, wanted);
  const names = new Map(
    (await db.selectFrom("organizations").select(["id", "name"]).execute()).map((o) => [o.id, o.name]),
  );
  const reports: ChainReport[] = [];
  for (const chain of chains) reports.push(await verifyChain(db, chain, names.get(chain.chainKey) ?? null));
  // Events whose chain has no head row (deleted with it) or no chain at all cannot be walked,
  // and every organization has a chain (it has at least its creation event): a missing one is
  // itself evidence of tampering.
  const known = new Set(chains.map((chain) => chain.chainKey));
  const candidates = wanted === undefined ? [INSTANCE_CHAIN, ...names.keys(), null] : [wanted];
  for (const chainKey of candidates) {
    if (chainKey !== null && known.has(chainKey)) continue;
    const problem = await missingChainProblem(db, chainKey, chainKey !== null && names.has(chainKey));
    if (problem === undefined) continue;
    reports.push({
      chainKey: chainKey ?? "(none)",
      orgName: chainKey === null ? null : (names.get(chainKey) ?? null),
      verified: 0,
      anchorPosition: 0,
      headPosition: 0,
      headHash: "",
      problem,
    });
  }
  return reports;
}

/** The problem of a chain that has no head row: events outside any chain, or an organization's chain gone. */
async function missingChainProblem(
  db: Queryable,
  chainKey: string | null,
  isOrganization: boolean,
): Promise<ChainProblem | undefined> {
  const select = db.selectFrom("auditEvents").select(["id", "chainPosition"]);
  const orphan = await (chainKey === null
    ? select.where("chainKey", "is", null)
    : select.where("chainKey", "=", chainKey)
  )
    .orderBy("seq")
    .limit(1)
    .executeTakeFirst();
  if (orphan !== undefined) {
    return {
      eventId: orphan.id,
      position: orphan.chainPosition ?? 0,
      problem: "unchained",
      message: `event ${orphan.id} belongs to no chain head (the chain's head row was removed, or the event was never chained)`,
    };
  }
  if (!isOrganization) return undefined;
  return {
    eventId: null,
    position: 1,
    problem: "removed",
    message: "the organization has no audit chain: its events and its chain's head were removed",
  };
}

async function verifyChain(db: Queryable, chain: AuditChainTable, orgName: string | null): Promise<ChainReport> {
  let state: WalkState = { ...anchorState(chain.anchorPosition, chain.anchorHash), seq: chain.anchorSeq };
  let verified = 0;
  let problem: ChainProblem | undefined;
  walk: while (true) {
    const rows = await listChainEvents(db, chain.chainKey, state.position, BATCH);
    for (const row of rows) {
      // Only what the head (read in the same snapshot) covers.
      if (row.chainPosition !== null && row.chainPosition > chain.headPosition) break walk;
      const next = checkNext(state, { ...row, chainKey: chain.chainKey });
      if ("problem" in next) {
        problem = next;
        break walk;
      }
      state = next;
      verified++;
    }
    if (rows.length < BATCH) break;
  }
  problem ??= checkHead(state, chain.headPosition, chain.headHash);
  return {
    chainKey: chain.chainKey,
    orgName,
    verified,
    anchorPosition: chain.anchorPosition,
    headPosition: chain.headPosition,
    headHash: chain.headHash,
    problem,
  };
}
