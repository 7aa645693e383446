/*
 * The one query on the verification path (a token cache miss): a secret hash in, the token, its
 * owner and the owner's memberships out, in one statement. Written per dialect because this is
 * the store's hottest read and the query builder's generic path costs more than the lookup:
 *
 * - SQLite: a better-sqlite3 prepared statement, run synchronously on a read-only connection of
 *   its own. Synchronous, because a point lookup takes microseconds and a promise chain would
 *   cost more; its own connection, because the query builder's connection may be inside an open
 *   transaction, and a verification must never see uncommitted rows (WAL gives this reader the
 *   last committed snapshot).
 * - PostgreSQL: a named prepared statement through the pool (parsed and planned once per
 *   connection), one round trip.
 *
 * Threat: the input is a keyed hash computed by the verifier, never the presented value, and it
 * is always bound as a parameter.
 */
import type SqliteDatabase from "better-sqlite3";
import type pg from "pg";
import { asStoreError } from "./postgres-pool.js";

/** One membership of the owner: organization id, organization name, role. */
export type MembershipTuple = readonly [orgId: string, orgName: string, role: string];

/** What verification needs about one secret hash (flags are 0/1, timestamps ISO 8601). */
export interface TokenLookupRow {
  readonly authorizationId: string;
  readonly displayName: string;
  readonly scope: string;
  readonly allOrgs: number;
  readonly orgId: string | null;
  readonly validFrom: string;
  readonly validTo: string;
  readonly revokedAt: string | null;
  readonly secretExpiresAt: string | null;
  readonly userId: string;
  readonly username: string;
  readonly userDisplayName: string;
  readonly email: string;
  readonly isAdmin: number;
  readonly isDisabled: number;
  readonly memberships: readonly MembershipTuple[];
}

/** Looks a secret hash up: synchronously on SQLite, with a promise on PostgreSQL. */
export type TokenLookup = (secretHash: string) => TokenLookupRow | undefined | Promise<TokenLookupRow | undefined>;

const COLUMNS = `t.authorization_id as "authorizationId", t.display_name as "displayName", t.scope as "scope",
  t.all_orgs as "allOrgs", t.org_id as "orgId", t.valid_from as "validFrom", t.valid_to as "validTo",
  t.revoked_at as "revokedAt", s.expires_at as "secretExpiresAt", u.id as "userId", u.username as "username",
  u.display_name as "userDisplayName", u.email as "email", u.is_admin as "isAdmin", u.is_disabled as "isDisabled"`;
const FROM = `from token_secrets s
  join tokens t on t.authorization_id = s.authorization_id
  join users u on u.id = t.user_id
  where s.secret_hash = `;
const MEMBERSHIPS = `from org_members m join organizations o on o.id = m.org_id where m.user_id = u.id`;

/**
 * SQLite reads its own index of exactly these columns, one search by hash (migration 0008,
 * kept by triggers): the same answer as the join, without the large-store penalty of two
 * million-row B-trees. Memberships in organization-name order, as the rest of Patina lists them.
 */
const SQLITE_QUERY = `select t.authorization_id as "authorizationId", t.display_name as "displayName",
  t.scope as "scope", t.all_orgs as "allOrgs", t.org_id as "orgId", t.valid_from as "validFrom",
  t.valid_to as "validTo", t.revoked_at as "revokedAt", t.secret_expires_at as "secretExpiresAt",
  u.id as "userId", u.username as "username", u.display_name as "userDisplayName", u.email as "email",
  u.is_admin as "isAdmin", u.is_disabled as "isDisabled",
  (select json_group_array(json_array(id, name, role))
    from (select o.id, o.name, m.role ${MEMBERSHIPS} order by o.name)) as "memberships"
  from token_lookup t join users u on u.id = t.user_id
  where t.secret_hash = ?`;
const POSTGRES_QUERY = `select ${COLUMNS},
  coalesce((select json_agg(json_build_array(o.id, o.name, m.role) order by o.name) ${MEMBERSHIPS}), '[]'::json)
    as "memberships"
  ${FROM} $1`;

/** Per-connection page cache of the lookup connection (KiB, SQLite's negative form). */
const SQLITE_CACHE_KIB = 32 * 1024;
/**
 * Memory-mapped reads: a page found in the operating system's cache costs a memory access
 * instead of a read() call, which keeps lookups in a large store near the speed of a small one.
 */
const SQLITE_MMAP_BYTES = 1024 * 1024 * 1024;

type SqliteRow = Omit<TokenLookupRow, "memberships"> & { memberships: string };

/** A SQLite lookup on its own read-only connection, opened on first use (after migrations). */
export function createSqliteTokenLookup(file: string, open: (file: string) => SqliteDatabase.Database) {
  let connection: SqliteDatabase.Database | undefined;
  let statement: SqliteDatabase.Statement<[string], SqliteRow> | undefined;
  const lookup: TokenLookup = (secretHash) => {
    if (statement === undefined) {
      connection = open(file);
      connection.pragma("busy_timeout = 5000");
      connection.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
      connection.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
      statement = connection.prepare<[string], SqliteRow>(SQLITE_QUERY);
    }
    const row = statement.get(secretHash);
    if (row === undefined) return undefined;
    // The row is this call's own object: parse the memberships in place rather than copy it.
    const parsed = row as unknown as { memberships: unknown };
    parsed.memberships = JSON.parse(row.memberships);
    return parsed as unknown as TokenLookupRow;
  };
  return {
    lookup,
    close() {
      connection?.close();
      connection = undefined;
      statement = undefined;
    },
  };
}

/** A PostgreSQL lookup: a named prepared statement on the shared pool. */
export function createPostgresTokenLookup(pool: pg.Pool): TokenLookup {
  const query = { name: "patina_token_by_secret_hash", text: POSTGRES_QUERY };
  return async (secretHash) => {
    try {
      const result = await pool.query<TokenLookupRow>({ ...query, values: [secretHash] });
      return result.rows[0];
    } catch (error) {
      // An outage must reach the caller as one (a 503), never as "no such token" (a 401).
      throw asStoreError(error);
    }
  };
}
