/**
 * Reading the audit log: pages for the API (newest first, by `seq`, within one organization or
 * the instance), chain walks for verification, and the chains' heads. Events are only ever
 * appended (audit-chain.repository.ts) and pruned (audit-prune.ts).
 */
import type { Selectable } from "kysely";
import type { Queryable } from "../db/query.js";
import type { AuditEventTable } from "../db/schema.js";
import type { AuditChainTable } from "./audit-chain.table.js";

export type AuditEventRow = Selectable<AuditEventTable>;

/** Which events a page reads: one organization's, or the instance's (orgId null). */
export interface AuditScope {
  readonly orgId: string | null;
}

/** The filters of an audit page. */
export interface AuditPageQuery {
  /** Only events at or after this ISO timestamp. */
  readonly startTime?: string;
  /** Only events before this ISO timestamp. */
  readonly endTime?: string;
  /** Only events of this type (`Token.PatRevokeEvent`), or of this area (`Token`: every `Token.*`). */
  readonly actionId?: string;
  /** Only events of this actor (username, or Patina's own actor names), ignoring case. */
  readonly actor?: string;
  /** Only events with a seq below this (the continuation cursor). */
  readonly beforeSeq?: number;
  readonly limit: number;
}

/** One page of a scope's events, newest first: an indexed range read on (org_id, seq). */
export async function listAuditPage(db: Queryable, scope: AuditScope, query: AuditPageQuery): Promise<AuditEventRow[]> {
  let select = db.selectFrom("auditEvents").selectAll();
  select = scope.orgId === null ? select.where("orgId", "is", null) : select.where("orgId", "=", scope.orgId);
  if (query.beforeSeq !== undefined) select = select.where("seq", "<", query.beforeSeq);
  if (query.startTime !== undefined) select = select.where("timestamp", ">=", query.startTime);
  if (query.endTime !== undefined) select = select.where("timestamp", "<", query.endTime);
  if (query.actionId !== undefined) {
    // An area is letters only (the route's schema), so the pattern holds no wildcard but its own.
    select = query.actionId.includes(".")
      ? select.where("eventType", "=", query.actionId)
      : select.where("eventType", "like", `${query.actionId}.%`);
  }
  if (query.actor !== undefined) {
    const actor = query.actor;
    select = select.where((eb) => eb(eb.fn("lower", ["actorName"]), "=", actor.toLowerCase()));
  }
  return select.orderBy("seq", "desc").limit(query.limit).execute();
}

/** Events of a chain after a position, in chain order (the verification walk). */
export async function listChainEvents(
  db: Queryable,
  chainKey: string,
  afterPosition: number,
  limit: number,
): Promise<AuditEventRow[]> {
  return db
    .selectFrom("auditEvents")
    .selectAll()
    .where("chainKey", "=", chainKey)
    .where("chainPosition", ">", afterPosition)
    .orderBy("chainPosition")
    .limit(limit)
    .execute();
}

/** Every chain's head and anchor, or one chain's. */
export async function listChains(db: Queryable, chainKey?: string): Promise<AuditChainTable[]> {
  let select = db.selectFrom("auditChains").selectAll();
  if (chainKey !== undefined) select = select.where("chainKey", "=", chainKey);
  return select.orderBy("chainKey").execute();
}

/** Events of an authorization, oldest first. */
export async function listAuditEvents(db: Queryable, filter: { authorizationId?: string }): Promise<AuditEventRow[]> {
  let query = db.selectFrom("auditEvents").selectAll().orderBy("seq");
  if (filter.authorizationId !== undefined) query = query.where("authorizationId", "=", filter.authorizationId);
  return query.execute();
}
