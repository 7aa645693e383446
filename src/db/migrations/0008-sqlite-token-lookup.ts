/**
 * 0008 (SQLite only): `token_lookup`, the verification path's own index. A cold verification
 * needs a token's secret, its definition and its owner; read through `token_secrets` and
 * `tokens`, that is two searches of million-row B-trees (four on rowid tables), and in a large
 * store each one misses the CPU caches. This table holds, per secret hash, exactly the columns
 * verification reads, clustered on the hash (WITHOUT ROWID), so a lookup is one search however
 * many tokens there are. It is a covering index SQLite cannot express across two tables, so
 * triggers keep it: every insert, update and delete of a secret, and every change of a token's
 * verified columns, rewrites its rows in the same statement (and so the same transaction) as the
 * change itself. Nothing else writes or reads it but db/token-lookup.ts. PostgreSQL reads the
 * join itself, where the large-store penalty is small (see docs/benchmarks.md).
 */
import { type Kysely, type Migration, sql } from "kysely";
import type { DialectName } from "../database.js";

/** The token_lookup table and its triggers, on SQLite. */
export function sqliteTokenLookupSchema(dialect: DialectName): Migration {
  return { up: (db) => (dialect === "sqlite" ? createTokenLookup(db) : Promise.resolve()) };
}

/** The verified columns of a token, as the lookup stores them, from `t` (tokens). */
const TOKEN_COLUMNS =
  "t.user_id, t.display_name, t.scope, t.all_orgs, t.org_id, t.valid_from, t.valid_to, t.revoked_at";

const STATEMENTS = [
  `create table token_lookup (
    secret_hash varchar(64) primary key,
    authorization_id varchar(36) not null,
    secret_expires_at varchar(32),
    user_id varchar(36) not null,
    display_name varchar(256) not null,
    scope text not null,
    all_orgs integer not null,
    org_id varchar(36),
    valid_from varchar(32) not null,
    valid_to varchar(32) not null,
    revoked_at varchar(32)
  ) without rowid`,
  "create index token_lookup_authorization_idx on token_lookup (authorization_id)",
  `insert into token_lookup
    select s.secret_hash, s.authorization_id, s.expires_at, ${TOKEN_COLUMNS}
    from token_secrets s join tokens t on t.authorization_id = s.authorization_id`,
  `create trigger token_lookup_secret_inserted after insert on token_secrets begin
    insert into token_lookup
      select new.secret_hash, new.authorization_id, new.expires_at, ${TOKEN_COLUMNS}
      from tokens t where t.authorization_id = new.authorization_id;
  end`,
  `create trigger token_lookup_secret_updated after update on token_secrets begin
    delete from token_lookup where secret_hash = old.secret_hash;
    insert into token_lookup
      select new.secret_hash, new.authorization_id, new.expires_at, ${TOKEN_COLUMNS}
      from tokens t where t.authorization_id = new.authorization_id;
  end`,
  // Also fires for the secrets a token's deletion cascades to.
  `create trigger token_lookup_secret_deleted after delete on token_secrets begin
    delete from token_lookup where secret_hash = old.secret_hash;
  end`,
  `create trigger token_lookup_token_updated
    after update of user_id, display_name, scope, all_orgs, org_id, valid_from, valid_to, revoked_at on tokens
  begin
    update token_lookup set user_id = new.user_id, display_name = new.display_name, scope = new.scope,
      all_orgs = new.all_orgs, org_id = new.org_id, valid_from = new.valid_from, valid_to = new.valid_to,
      revoked_at = new.revoked_at
    where authorization_id = new.authorization_id;
  end`,
];

async function createTokenLookup(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
