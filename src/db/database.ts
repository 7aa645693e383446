/**
 * Opens the store: SQLite (better-sqlite3) in the data directory by default, PostgreSQL (pg)
 * when a database URL is configured. Everything above this folder sees one Kysely<Database>.
 */
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from "kysely";
import { migrateToLatest } from "./migrations.js";
import { createPostgresPool, kyselyPool } from "./postgres-pool.js";
import type { Database } from "./schema.js";
import { createPostgresTokenLookup, createSqliteTokenLookup, type TokenLookup } from "./token-lookup.js";

export type DialectName = "sqlite" | "postgres";

/** An open store: the query builder plus what the adapters need to know about it. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the store lives, for logs: a file path or the PostgreSQL host/database (no password). */
  readonly location: string;
  /** The PostgreSQL connection string, for listeners that need their own connection. */
  readonly postgresUrl: string | undefined;
  /** The verification path's prepared lookup of a secret hash (see token-lookup.ts). */
  readonly lookupToken: TokenLookup;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
  databaseUrl: string | undefined;
}

/** Opens (and migrates) the configured store. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl ? openPostgres(options.databaseUrl) : openSqlite(options.dataDir);
  await migrateToLatest(store.db as Kysely<unknown>, store.dialect);
  return store;
}

function openSqlite(dataDir: string): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "patina.sqlite");
  const sqlite = new SqliteDatabase(file);
  // WAL lets the CLI write while the server reads; busy_timeout makes concurrent writers wait
  // instead of failing.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin()],
  });
  const tokens = createSqliteTokenLookup(file, (name) => new SqliteDatabase(name, { readonly: true }));
  const close = async () => {
    tokens.close();
    await db.destroy();
  };
  return { db, dialect: "sqlite", location: file, postgresUrl: undefined, lookupToken: tokens.lookup, close };
}

function openPostgres(url: string): Store {
  const pool = createPostgresPool(url);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: kyselyPool(pool) }),
    plugins: [new CamelCasePlugin()],
  });
  const parsed = new URL(url);
  return {
    db,
    dialect: "postgres",
    location: `postgres://${parsed.host}${parsed.pathname}`,
    postgresUrl: url,
    lookupToken: createPostgresTokenLookup(pool),
    close: () => db.destroy(),
  };
}
