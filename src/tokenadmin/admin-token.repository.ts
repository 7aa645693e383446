/**
 * Reading the tokens an administrator governs: every token of the organization with its owner,
 * filtered and paged. The reach is the same condition the revocations apply
 * (tokens/revocation.repository.ts), so what an administrator lists is what they may revoke.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { Queryable } from "../db/query.js";
import type { Database } from "../db/schema.js";
import type { AdministeredTokens } from "../domain/token-authority.js";
import type { TokenStatus } from "../domain/token-rules.js";
import { administeredBy, namesAnyScope } from "../tokens/revocation.repository.js";
import type { TokenRow } from "../tokens/token.repository.js";

/** A token with its owner's names. */
export interface AdministeredTokenRow extends TokenRow {
  readonly ownerUsername: string;
  readonly ownerDisplayName: string;
}

/** The filters of the list (and of its total count). */
export interface AdministeredTokenFilter {
  readonly governed: AdministeredTokens;
  readonly userId?: string;
  readonly status: TokenStatus | "all";
  /** Scope strings of which a token must name at least one. */
  readonly scopesAny?: readonly string[];
  /** Only active tokens whose validTo is at or before this instant. */
  readonly expiringBy?: string;
  /** Text the token's display name or its owner's username contains, in any letter case. */
  readonly search?: string;
  readonly now: string;
}

export interface AdministeredTokenQuery extends AdministeredTokenFilter {
  readonly skip: number;
  readonly top: number;
}

/** `text` as a LIKE pattern matching it anywhere, its own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, "\\$&")}%`;
}

/** The filters as one condition over tokens joined with their owners. */
function matching(query: AdministeredTokenFilter) {
  return (eb: ExpressionBuilder<Database, "tokens" | "users">): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [administeredBy(query.governed)(eb)];
    if (query.userId !== undefined) conditions.push(eb("tokens.userId", "=", query.userId));
    const active = query.status === "active" || query.expiringBy !== undefined;
    if (active) conditions.push(eb("tokens.revokedAt", "is", null), eb("tokens.validTo", ">", query.now));
    if (query.status === "expired") {
      conditions.push(eb("tokens.revokedAt", "is", null), eb("tokens.validTo", "<=", query.now));
    }
    if (query.status === "revoked") conditions.push(eb("tokens.revokedAt", "is not", null));
    if (query.expiringBy !== undefined) conditions.push(eb("tokens.validTo", "<=", query.expiringBy));
    if (query.scopesAny !== undefined) conditions.push(namesAnyScope(query.scopesAny)(eb));
    if (query.search !== undefined) {
      // lower() on both sides: LIKE is case-sensitive on PostgreSQL and only ASCII-insensitive on SQLite.
      const pattern = containsPattern(query.search);
      conditions.push(
        sql<SqlBool>`(lower(${sql.ref("tokens.displayName")}) like ${pattern} escape '\\' or lower(${sql.ref("users.username")}) like ${pattern} escape '\\')`,
      );
    }
    return eb.and(conditions);
  };
}

function joined(db: Queryable) {
  return db.selectFrom("tokens").innerJoin("users", "users.id", "tokens.userId");
}

/** One page of governed tokens, newest first. */
export async function listAdministeredTokens(
  db: Queryable,
  query: AdministeredTokenQuery,
): Promise<AdministeredTokenRow[]> {
  const select = joined(db)
    .selectAll("tokens")
    .select(["users.username as ownerUsername", "users.displayName as ownerDisplayName"]);
  return select
    .where(matching(query))
    .orderBy("tokens.createdAt", "desc")
    .orderBy("tokens.authorizationId", "desc")
    .limit(query.top)
    .offset(query.skip)
    .execute();
}

/** How many governed tokens the filters match, over every page. */
export async function countAdministeredTokens(db: Queryable, filter: AdministeredTokenFilter): Promise<number> {
  const select = joined(db).select((eb) => eb.fn.countAll().as("count"));
  const row = await select.where(matching(filter)).executeTakeFirst();
  // PostgreSQL answers count(*) as a bigint string, SQLite as a number.
  return Number(row?.count ?? 0);
}
