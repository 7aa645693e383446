/**
 * Revoking tokens of any user in one conditional statement: `update … where revoked_at is null
 * and <who may> and <what matches> returning …`. The returned rows are exactly the tokens this
 * call revoked, so concurrent revocations (here or on another instance) each audit only what they
 * won, and nothing is read before it is written. Also the query twin of the administration rule
 * (domain/token-authority's isAdministered).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { Queryable } from "../db/query.js";
import type { Database } from "../db/schema.js";
import type { AdministeredTokens, VisibleTokens } from "../domain/token-authority.js";
import { visibleTo } from "./token.repository.js";

type TokenCondition = (eb: ExpressionBuilder<Database, "tokens">) => Expression<SqlBool>;

/** The condition "governed by `governed`" (the query twin of isAdministered). */
export function administeredBy(governed: AdministeredTokens): TokenCondition {
  return (eb) => {
    if (governed.kind === "everything") return sql<SqlBool>`1 = 1`;
    if (governed.kind === "none") return sql<SqlBool>`1 = 0`;
    const members = eb
      .selectFrom("orgMembers")
      .select("orgMembers.userId")
      .where("orgMembers.orgId", "=", governed.orgId);
    return eb.or([
      eb.and([eb("tokens.allOrgs", "=", 0), eb("tokens.orgId", "=", governed.orgId)]),
      eb.and([eb("tokens.allOrgs", "=", 1), eb("tokens.userId", "in", members)]),
    ]);
  };
}

/** The condition "names at least one of these scope strings" (exact names, not substrings). */
export function namesAnyScope(scopes: readonly string[]): TokenCondition {
  return (eb) => {
    if (scopes.length === 0) return sql<SqlBool>`1 = 0`;
    // Scope names may hold `_`, a LIKE wildcard: escaped, so vso.code_write never matches vso.codeXwrite.
    const padded = sql`(' ' || ${sql.ref("tokens.scope")} || ' ')`;
    return eb.or(
      scopes.map((scope) => sql<SqlBool>`${padded} like ${`% ${scope.replace(/[\\%_]/g, "\\$&")} %`} escape '\\'`),
    );
  };
}

/** Which tokens a revocation covers: who may (one of governed/owner) and what matches (all given). */
export interface RevocationMatch {
  /** An administrator's or the system's reach. */
  readonly governed?: AdministeredTokens;
  /** The owner themself, bounded by what their credential sees. */
  readonly owner?: { readonly userId: string; readonly visible: VisibleTokens };
  readonly authorizationIds?: readonly string[];
  readonly userId?: string;
  /** Scope strings of which the token must name at least one. */
  readonly scopesAny?: readonly string[];
  /** Only tokens created strictly before this instant. */
  readonly createdBefore?: string;
}

/** A token as it is after this call revoked it. */
export interface RevokedToken {
  readonly authorizationId: string;
  readonly userId: string;
  readonly displayName: string;
  readonly orgId: string | null;
  readonly revision: number;
}

/** Revokes every not yet revoked token that `match` covers; returns exactly those this statement revoked. */
export async function revokeMatching(
  db: Queryable,
  match: RevocationMatch,
  revocation: { revokedAt: string; revokedBy: string | null },
): Promise<RevokedToken[]> {
  if (match.governed === undefined && match.owner === undefined) throw new Error("a revocation without a bound");
  if (match.authorizationIds !== undefined && match.authorizationIds.length === 0) return [];
  let update = db
    .updateTable("tokens")
    .set((eb) => ({ ...revocation, updatedAt: revocation.revokedAt, revision: eb("revision", "+", 1) }))
    .where("tokens.revokedAt", "is", null);
  if (match.governed !== undefined) update = update.where(administeredBy(match.governed));
  if (match.owner !== undefined) {
    update = update.where("tokens.userId", "=", match.owner.userId).where(visibleTo(match.owner.visible));
  }
  if (match.authorizationIds !== undefined)
    update = update.where("tokens.authorizationId", "in", [...match.authorizationIds]);
  if (match.userId !== undefined) update = update.where("tokens.userId", "=", match.userId);
  if (match.scopesAny !== undefined) update = update.where(namesAnyScope(match.scopesAny));
  if (match.createdBefore !== undefined) update = update.where("tokens.createdAt", "<", match.createdBefore);
  return update.returning(["authorizationId", "userId", "displayName", "orgId", "revision"]).execute();
}
