/**
 * Persistence of tokens and their secrets. Changes of a token's definition are conditional
 * statements whose affected-row count is the outcome (compare-and-set on `revision`), so
 * concurrent changes of one token, in this process or another, serialize without locks held
 * across awaits. Usage writes leave the revision alone: use never conflicts with a change.
 */
import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from "kysely";
import type { Queryable } from "../db/query.js";
import type { Database, TokenSecretTable, TokenTable } from "../db/schema.js";
import { nameSortKey } from "../domain/name-sort-key.js";
import type { VisibleTokens } from "../domain/token-authority.js";
import type { TokenStatus } from "../domain/token-rules.js";

/** A stored token. Its name's sort key is derived, so only this repository writes it. */
export type TokenRow = Omit<TokenTable, "nameSortKey">;

/** The fields a change may set; identity, owner and revision are the repository's. */
export type TokenChanges = Partial<Omit<TokenRow, "authorizationId" | "userId" | "revision">>;

type TokenSelect = SelectQueryBuilder<Database, "tokens", TokenRow>;

/** The condition "within `visible`" (the query twin of isVisible in domain/token-authority). */
export function visibleTo(visible: VisibleTokens) {
  return (eb: ExpressionBuilder<Database, "tokens">): Expression<SqlBool> => {
    if (visible.kind === "all") return sql<SqlBool>`1 = 1`;
    if (visible.kind === "none") return sql<SqlBool>`1 = 0`;
    return eb.and([eb("allOrgs", "=", 0), eb("orgId", "=", visible.orgId)]);
  };
}

/** Inserts a token and its first secret. */
export async function insertToken(db: Queryable, token: TokenRow, secret: TokenSecretTable): Promise<void> {
  await db
    .insertInto("tokens")
    .values({ ...token, nameSortKey: nameSortKey(token.displayName) })
    .execute();
  await db.insertInto("tokenSecrets").values(secret).execute();
}

/** A token by id, only if it belongs to `userId` and is within `visible`. */
export async function findTokenOfUser(
  db: Queryable,
  userId: string,
  authorizationId: string,
  visible: VisibleTokens,
): Promise<TokenRow | undefined> {
  return db
    .selectFrom("tokens")
    .selectAll()
    .where("authorizationId", "=", authorizationId)
    .where("userId", "=", userId)
    .where(visibleTo(visible))
    .executeTakeFirst();
}

/**
 * Applies changes to an active token only if it is still exactly as read (`expected.revision`),
 * not revoked and not expired at `now`; increments the revision. False when it was not: another
 * change came first, or the token was revoked or expired meanwhile.
 */
export async function updateActiveToken(
  db: Queryable,
  expected: { authorizationId: string; revision: number },
  now: string,
  changes: TokenChanges,
): Promise<boolean> {
  const updated = await db
    .updateTable("tokens")
    .set((eb) => ({
      ...changes,
      // A rename moves the token in the name order.
      ...(changes.displayName === undefined ? {} : { nameSortKey: nameSortKey(changes.displayName) }),
      revision: eb("revision", "+", 1),
    }))
    .where("authorizationId", "=", expected.authorizationId)
    .where("revision", "=", expected.revision)
    .where("revokedAt", "is", null)
    .where("validTo", ">", now)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * Revokes a token of `userId` within `visible` if it is not revoked yet; increments the
 * revision. True only for the one call that revoked it, so concurrent revokes audit once.
 */
export async function revokeTokenOnce(
  db: Queryable,
  target: { authorizationId: string; userId: string; visible: VisibleTokens },
  revocation: { revokedAt: string; revokedBy: string | null },
): Promise<boolean> {
  const updated = await db
    .updateTable("tokens")
    .set((eb) => ({ ...revocation, updatedAt: revocation.revokedAt, revision: eb("revision", "+", 1) }))
    .where("authorizationId", "=", target.authorizationId)
    .where("userId", "=", target.userId)
    .where("revokedAt", "is", null)
    .where(visibleTo(target.visible))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Replaces the secrets of a token: old ones are deleted, or kept until `graceUntil`. */
export async function replaceTokenSecret(
  db: Queryable,
  authorizationId: string,
  secret: TokenSecretTable,
  graceUntil: string | null,
): Promise<void> {
  if (graceUntil === null) {
    await db.deleteFrom("tokenSecrets").where("authorizationId", "=", authorizationId).execute();
  } else {
    // An older grace secret may exist from a previous regeneration; it never outlives the new grace.
    await db
      .updateTable("tokenSecrets")
      .set({ expiresAt: graceUntil })
      .where("authorizationId", "=", authorizationId)
      .where((eb) => eb.or([eb("expiresAt", "is", null), eb("expiresAt", ">", graceUntil)]))
      .execute();
  }
  await db.insertInto("tokenSecrets").values(secret).execute();
}

/**
 * Replaces a stored secret hash by another (server secret rotation), only if `from` is still
 * stored: of several instances doing it at once, one changes the row. True when this call did.
 * On SQLite the token_lookup trigger moves the verification index's row in the same statement.
 */
export async function replaceSecretHash(db: Queryable, from: string, to: string): Promise<boolean> {
  const result = await db
    .updateTable("tokenSecrets")
    .set({ secretHash: to })
    .where("secretHash", "=", from)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Joins a secret hash to its token and owner: what verification needs. */
export async function findTokenBySecretHash(db: Queryable, secretHash: string) {
  return db
    .selectFrom("tokenSecrets")
    .innerJoin("tokens", "tokens.authorizationId", "tokenSecrets.authorizationId")
    .innerJoin("users", "users.id", "tokens.userId")
    .select([
      "tokens.authorizationId",
      "tokens.displayName",
      "tokens.scope",
      "tokens.allOrgs",
      "tokens.orgId",
      "tokens.validFrom",
      "tokens.validTo",
      "tokens.revokedAt",
      "tokenSecrets.expiresAt as secretExpiresAt",
      "users.id as userId",
      "users.username",
      "users.displayName as userDisplayName",
      "users.email",
      "users.isAdmin",
      "users.isDisabled",
    ])
    .where("tokenSecrets.secretHash", "=", secretHash)
    .executeTakeFirst();
}

export type TokenSortField = "displayName" | "displayDate" | "status";

export interface TokenListFilter {
  userId: string;
  /** The tokens the acting credential may see. */
  visible: VisibleTokens;
  filter: TokenStatus | "all";
  /** Only names containing this, in any case; null for every name. */
  search: string | null;
  now: string;
}

export interface TokenListQuery extends TokenListFilter {
  sortBy: TokenSortField;
  ascending: boolean;
  skip: number;
  top: number;
}

/** `%`, `_` and the escape character itself match literally in a LIKE pattern once escaped. */
function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (special) => `\\${special}`)}%`;
}

/** The caller's visible tokens with the status (at `now`) and name of `query`. */
function selectListed(db: Queryable, query: TokenListFilter): TokenSelect {
  let select: TokenSelect = db
    .selectFrom("tokens")
    .selectAll()
    .where("userId", "=", query.userId)
    .where(visibleTo(query.visible));
  if (query.filter === "active") select = select.where("revokedAt", "is", null).where("validTo", ">", query.now);
  if (query.filter === "expired") select = select.where("revokedAt", "is", null).where("validTo", "<=", query.now);
  if (query.filter === "revoked") select = select.where("revokedAt", "is not", null);
  if (query.search !== null) {
    // lower() on both sides: LIKE is case-insensitive on SQLite but not on PostgreSQL.
    const pattern = likePattern(query.search);
    select = select.where(sql<SqlBool>`lower(${sql.ref("displayName")}) like ${pattern} escape '\\'`);
  }
  return select;
}

/** The caller's visible tokens filtered by status at `now` and by name, sorted, one page. */
export async function listTokensOfUser(db: Queryable, query: TokenListQuery): Promise<TokenRow[]> {
  let select = selectListed(db, query);
  const direction = query.ascending ? "asc" : "desc";
  if (query.sortBy === "displayName") {
    // The key ties for names that differ only in case or leading zeros; the name orders those.
    select = select.orderBy("nameSortKey", direction).orderBy("displayName", direction);
  }
  if (query.sortBy === "displayDate") select = select.orderBy("validTo", direction);
  if (query.sortBy === "status") {
    select = select.orderBy(
      (eb) =>
        eb.case().when("revokedAt", "is not", null).then(2).when("validTo", "<=", query.now).then(1).else(0).end(),
      direction,
    );
  }
  return select.orderBy("authorizationId", direction).limit(query.top).offset(query.skip).execute();
}

/** How many tokens the list of `query` has over all its pages. */
export async function countTokensOfUser(db: Queryable, query: TokenListFilter): Promise<number> {
  const row = await selectListed(db, query)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number | string | bigint>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Writes batched usage data for one token. */
export async function writeTokenUsage(
  db: Queryable,
  authorizationId: string,
  lastUsedAt: string,
  lastUsedIps: readonly string[],
): Promise<void> {
  await db
    .updateTable("tokens")
    .set({ lastUsedAt, lastUsedIps: JSON.stringify(lastUsedIps) })
    .where("authorizationId", "=", authorizationId)
    .execute();
}
