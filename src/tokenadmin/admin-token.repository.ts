/**
 * Reading the tokens an administrator governs: every token of the organization with its owner,
 * filtered and paged. The reach is the same condition the revocations apply
 * (tokens/revocation.repository.ts), so what an administrator lists is what they may revoke.
 */
import type { Queryable } from "../db/query.js";
import type { AdministeredTokens } from "../domain/token-authority.js";
import type { TokenStatus } from "../domain/token-rules.js";
import { administeredBy, namesAnyScope } from "../tokens/revocation.repository.js";
import type { TokenRow } from "../tokens/token.repository.js";

/** A token with its owner's names. */
export interface AdministeredTokenRow extends TokenRow {
  readonly ownerUsername: string;
  readonly ownerDisplayName: string;
}

export interface AdministeredTokenQuery {
  readonly governed: AdministeredTokens;
  readonly userId?: string;
  readonly status: TokenStatus | "all";
  /** Scope strings of which a token must name at least one. */
  readonly scopesAny?: readonly string[];
  /** Only active tokens whose validTo is at or before this instant. */
  readonly expiringBy?: string;
  readonly now: string;
  readonly skip: number;
  readonly top: number;
}

/** One page of governed tokens, newest first. */
export async function listAdministeredTokens(
  db: Queryable,
  query: AdministeredTokenQuery,
): Promise<AdministeredTokenRow[]> {
  let select = db
    .selectFrom("tokens")
    .innerJoin("users", "users.id", "tokens.userId")
    .selectAll("tokens")
    .select(["users.username as ownerUsername", "users.displayName as ownerDisplayName"])
    .where(administeredBy(query.governed));
  if (query.userId !== undefined) select = select.where("tokens.userId", "=", query.userId);
  const active = query.status === "active" || query.expiringBy !== undefined;
  if (active) select = select.where("tokens.revokedAt", "is", null).where("tokens.validTo", ">", query.now);
  if (query.status === "expired") {
    select = select.where("tokens.revokedAt", "is", null).where("tokens.validTo", "<=", query.now);
  }
  if (query.status === "revoked") select = select.where("tokens.revokedAt", "is not", null);
  if (query.expiringBy !== undefined) select = select.where("tokens.validTo", "<=", query.expiringBy);
  if (query.scopesAny !== undefined) select = select.where(namesAnyScope(query.scopesAny));
  return select
    .orderBy("tokens.createdAt", "desc")
    .orderBy("tokens.authorizationId", "desc")
    .limit(query.top)
    .offset(query.skip)
    .execute();
}
