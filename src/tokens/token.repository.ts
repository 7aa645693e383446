import type { SelectQueryBuilder } from "kysely";
import type { Queryable } from "../db/query.js";
import type { Database, TokenSecretTable, TokenTable } from "../db/schema.js";
import type { TokenStatus } from "../domain/token-rules.js";

export type TokenRow = TokenTable;

/** Inserts a token and its first secret. */
export async function insertToken(db: Queryable, token: TokenRow, secret: TokenSecretTable): Promise<void> {
  await db.insertInto("tokens").values(token).execute();
  await db.insertInto("tokenSecrets").values(secret).execute();
}

/** A token by id, only if it belongs to `userId`. */
export async function findTokenOfUser(
  db: Queryable,
  userId: string,
  authorizationId: string,
): Promise<TokenRow | undefined> {
  return db
    .selectFrom("tokens")
    .selectAll()
    .where("authorizationId", "=", authorizationId)
    .where("userId", "=", userId)
    .executeTakeFirst();
}

/** Applies changes to a token's row. */
export async function updateToken(
  db: Queryable,
  authorizationId: string,
  changes: Partial<Omit<TokenRow, "authorizationId" | "userId">>,
): Promise<void> {
  await db.updateTable("tokens").set(changes).where("authorizationId", "=", authorizationId).execute();
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

export interface TokenListQuery {
  userId: string;
  filter: TokenStatus | "all";
  sortBy: TokenSortField;
  ascending: boolean;
  skip: number;
  top: number;
  now: string;
}

/** The caller's tokens filtered by status at `now`, sorted, one page. */
export async function listTokensOfUser(db: Queryable, query: TokenListQuery): Promise<TokenRow[]> {
  let select: SelectQueryBuilder<Database, "tokens", TokenRow> = db
    .selectFrom("tokens")
    .selectAll()
    .where("userId", "=", query.userId);
  if (query.filter === "active") select = select.where("revokedAt", "is", null).where("validTo", ">", query.now);
  if (query.filter === "expired") select = select.where("revokedAt", "is", null).where("validTo", "<=", query.now);
  if (query.filter === "revoked") select = select.where("revokedAt", "is not", null);
  const direction = query.ascending ? "asc" : "desc";
  if (query.sortBy === "displayName") select = select.orderBy("displayName", direction);
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
