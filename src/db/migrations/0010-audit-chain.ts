/**
 * 0010: the audit log's hash chain (see domain/audit-chain.ts). Each event gets its chain, its
 * position in it, the previous event's hash and its own; each chain a head row that appends
 * lock. Events written before this migration are chained here, in `seq` order, so that
 * `patina audit verify` passes on an upgraded database. Also the index an audit page reads.
 */
import type { Kysely, Migration } from "kysely";
import { type ChainedFields, chainKeyOf, eventHash, GENESIS_HASH } from "../../domain/audit-chain.js";

const BATCH = 500;

/** Adds the chain columns and table, and chains the existing events. */
export function auditChainSchema(): Migration {
  return { up: addAuditChain };
}

async function addAuditChain(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  for (const [column, type] of [
    ["chain_key", "varchar(40)"],
    ["chain_position", "integer"],
    ["prev_hash", "varchar(64)"],
    ["hash", "varchar(64)"],
  ] as const) {
    await db.schema.alterTable("audit_events").addColumn(column, type).execute();
  }
  await db.schema
    .createTable("audit_chains")
    .addColumn("chain_key", "varchar(40)", (c) => c.primaryKey())
    .addColumn("head_position", "integer", (c) => c.notNull())
    .addColumn("head_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("anchor_position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("anchor_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("anchor_seq", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await chainExistingEvents(db);
  await db.schema
    .createIndex("audit_events_chain_idx")
    .on("audit_events")
    .columns(["chain_key", "chain_position"])
    .unique()
    .execute();
  // An organization's audit page: newest first by seq, within one organization (or none).
  await db.schema.createIndex("audit_events_org_seq_idx").on("audit_events").columns(["org_id", "seq"]).execute();
}

interface LegacyEvent extends Omit<ChainedFields, "chainKey"> {
  seq: number;
}

/** Chains the events that predate the chain, oldest first, and writes each chain's head. */
async function chainExistingEvents(db: Kysely<unknown>): Promise<void> {
  // The untyped builder (the schema types describe the latest schema, not this step's).
  const events = db as unknown as Kysely<{ audit_events: Record<string, unknown> }>;
  const heads = new Map<string, { position: number; hash: string }>();
  let after = 0;
  while (true) {
    const rows = (await events
      .selectFrom("audit_events")
      .selectAll()
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(BATCH)
      .execute()) as unknown as LegacyEvent[];
    for (const row of rows) {
      const chainKey = chainKeyOf(row.orgId);
      const head = heads.get(chainKey) ?? { position: 0, hash: GENESIS_HASH };
      const hash = eventHash({ ...row, chainKey }, head.hash);
      await events
        .updateTable("audit_events")
        .set({ chain_key: chainKey, chain_position: head.position + 1, prev_hash: head.hash, hash })
        .where("seq", "=", row.seq)
        .execute();
      heads.set(chainKey, { position: head.position + 1, hash });
    }
    const last = rows.at(-1);
    if (last === undefined) break;
    after = last.seq;
  }
  // Every organization has a chain from now on, even one without events yet: verification
  // treats an organization without one as a chain that was deleted.
  const orgs = db as unknown as Kysely<{ organizations: { id: string } }>;
  for (const org of await orgs.selectFrom("organizations").select("id").execute()) {
    if (!heads.has(org.id)) heads.set(org.id, { position: 0, hash: GENESIS_HASH });
  }
  const chains = db as unknown as Kysely<{ audit_chains: Record<string, unknown> }>;
  for (const [chainKey, head] of heads) {
    await chains
      .insertInto("audit_chains")
      .values({
        chain_key: chainKey,
        head_position: head.position,
        head_hash: head.hash,
        anchor_position: 0,
        anchor_hash: GENESIS_HASH,
        anchor_seq: 0,
      })
      .execute();
  }
}
