// Stores for the expiry-sweep bench: N active tokens of one user, bulk-inserted by the database
// itself (generate_series on PostgreSQL, a recursive CTE on SQLite: no secrets are needed, the
// sweep reads only the tokens table). The same DUE tokens end within the notice window in every
// store; all others end 10–310 days after the sweep's "now", outside it. The user and organization
// are made through the CLI, which also migrates the store.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { options } from "./options.js";
import { openStore } from "./patina-internals.js";
import { patinaCli, storeEnv } from "./patina-setup.js";

/** The sweep's "now"; tokens are dated around it. */
export const SWEEP_NOW = new Date("2030-01-01T00:00:00.000Z");
/** Tokens within the 7-day window in every store. */
export const DUE = 100;

async function recreatePostgresDatabase(name) {
  const admin = new pg.Client({ connectionString: options.postgresUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

async function dropPostgresDatabase(name) {
  const admin = new pg.Client({ connectionString: options.postgresUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** SQL of the i-th token's validTo: due ones in days 1–6, the rest 10–310 days out. */
function validToSql(dialect) {
  if (dialect === "postgres") {
    return sql`to_char(timestamp '2030-01-01' + (case when i <= ${DUE} then interval '1 day' + i * interval '1 hour'
      else ((i % 300) + 10) * interval '1 day' + (i % 1440) * interval '1 minute' end), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  }
  return sql`strftime('%Y-%m-%dT%H:%M:%fZ', '2030-01-01', case when i <= ${DUE} then '+' || (24 + i) || ' hours'
      else '+' || ((i % 300) + 10) || ' days' end, '+' || (i % 1440) || ' minutes')`;
}

async function insertTokens(db, dialect, count, userId, orgId) {
  const series =
    dialect === "postgres"
      ? sql`generate_series(1, ${count}) as s(i)`
      : sql`(with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count}) select i from n) as s`;
  const id = dialect === "postgres" ? sql`'bench-' || lpad(i::text, 12, '0')` : sql`'bench-' || printf('%012d', i)`;
  await sql`insert into tokens (authorization_id, user_id, display_name, scope, all_orgs, org_id, valid_from, valid_to,
      created_at, updated_at, revoked_at, revoked_by, secret_hint, last_used_at, last_used_ips, revision)
    select ${id}, ${userId}, 'bench token', 'vso.code', 0, ${orgId}, '2029-06-01T00:00:00.000Z', ${validToSql(dialect)},
      '2029-06-01T00:00:00.000Z', '2029-06-01T00:00:00.000Z', null, null, 'patina_abcd', null, '[]', 0
    from ${series}`.execute(db);
  await sql`analyze`.execute(db);
}

/** A fresh store of `tokens` tokens on `dialect`; `close()` removes it. */
export async function expiryStore(dialect, tokens, log) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-bench-expiry-"));
  const dbName = `patina_bench_expiry_${tokens}`;
  let databaseUrl;
  if (dialect === "postgres") {
    await recreatePostgresDatabase(dbName);
    const url = new URL(options.postgresUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const env = storeEnv(dataDir, databaseUrl);
  patinaCli(["user", "add", "owner", "--email", "owner@example.com"], env);
  patinaCli(["org", "add", "expiry", "--owner", "owner"], env);
  const store = await openStore({ dataDir, databaseUrl });
  const user = await store.db
    .selectFrom("users")
    .select("id")
    .where("username", "=", "owner")
    .executeTakeFirstOrThrow();
  const org = await store.db.selectFrom("organizations").select("id").executeTakeFirstOrThrow();
  const started = performance.now();
  await insertTokens(store.db, dialect, tokens, user.id, org.id);
  log(`expiry ${dialect}: ${tokens} tokens inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return {
    tokens,
    db: store.db,
    async close() {
      await store.close();
      if (dialect === "postgres") await dropPostgresDatabase(dbName);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
