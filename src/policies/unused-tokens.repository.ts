/**
 * The unused-token revocation's read: active tokens whose last activity (lastUsedAt, or validFrom
 * when never used: creation or the last regeneration) is before a cutoff. Filters on the
 * expression of the partial index `tokens_last_activity_idx` (migration 0009), so the scan reads
 * only the stale part of the active tokens, however many tokens there are.
 */
import { sql } from "kysely";
import type { Queryable } from "../db/query.js";
import { administeredBy } from "../tokens/revocation.repository.js";

export interface UnusedTokenQuery {
  /** Tokens last active before this instant (ISO 8601). */
  readonly cutoff: string;
  /** Expired tokens are left alone: they no longer work anyway. */
  readonly now: string;
  /** Only the organization's tokens and its members' global tokens; null: every token. */
  readonly orgId: string | null;
  readonly limit: number;
}

/** Ids of active tokens unused since before the cutoff, stalest first. */
export async function findUnusedTokens(db: Queryable, query: UnusedTokenQuery): Promise<string[]> {
  const lastActivity = sql<string>`coalesce(${sql.ref("lastUsedAt")}, ${sql.ref("validFrom")})`;
  let select = db
    .selectFrom("tokens")
    .select("authorizationId")
    .where("revokedAt", "is", null)
    .where(lastActivity, "<", query.cutoff)
    .where("validTo", ">", query.now);
  const orgId = query.orgId;
  if (orgId !== null) {
    // The organization's tokens and its members' global ones: what its administrators govern.
    select = select.where(administeredBy({ kind: "organization", orgId }));
  }
  const rows = await select.orderBy(lastActivity).limit(query.limit).execute();
  return rows.map((row) => row.authorizationId);
}
