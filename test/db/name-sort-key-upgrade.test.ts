/**
 * Upgrading a database whose tokens predate the name sort key (migration 0015): the migration
 * computes the key of every existing token, so the list sorts them as new ones.
 */
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrateToLatest, migrationsFor } from "../../src/db/migrations.js";
import type { Database } from "../../src/db/schema.js";
import { nameSortKey } from "../../src/domain/name-sort-key.js";
import { testDatabases } from "../support/databases.js";

describe.each(testDatabases())("upgrading tokens to the name sort key on $name", (database) => {
  it("backfills the key of the tokens written before the migration", async () => {
    const created = await database.create();
    const dialect = created.databaseUrl === undefined ? "sqlite" : "postgres";
    const db = new Kysely<Database>({
      dialect:
        created.databaseUrl === undefined
          ? new SqliteDialect({ database: new SqliteDatabase(path.join(created.dataDir, "patina.sqlite")) })
          : new PostgresDialect({ pool: new pg.Pool({ connectionString: created.databaseUrl, max: 2 }) }),
      plugins: [new CamelCasePlugin()],
    });
    try {
      const provider = { getMigrations: async () => migrationsFor(dialect) };
      const before = await new Migrator({ db, provider }).migrateTo("0014_token_expiry_recorded");
      expect(before.error).toBeUndefined();
      const now = new Date().toISOString();
      const userId = "6f1d7c1e-0000-4000-8000-0000000000aa";
      await db
        .insertInto("users")
        .values({
          id: userId,
          username: "old",
          displayName: "Old",
          email: "old@example.com",
          passwordHash: null,
          isAdmin: 0,
          isDisabled: 0,
          createdAt: now,
        })
        .execute();
      const names = ["Token-10", "token-9", "Build"];
      for (const [n, displayName] of names.entries()) {
        const row = {
          authorizationId: `6f1d7c1e-0000-4000-8000-00000000000${n}`,
          userId,
          displayName,
          scope: "vso.code",
          allOrgs: 1,
          orgId: null,
          validFrom: now,
          validTo: now,
          createdAt: now,
          updatedAt: now,
          revokedAt: null,
          revokedBy: null,
          secretHint: "patina_abc",
          lastUsedAt: null,
          lastUsedIps: "[]",
          revision: 0,
          expiryRecorded: 0,
        };
        // Written as the old schema knew them: no sort key.
        await (db as unknown as Kysely<{ tokens: typeof row }>).insertInto("tokens").values(row).execute();
      }

      await migrateToLatest(db as Kysely<unknown>, dialect);
      const rows = await db
        .selectFrom("tokens")
        .select(["displayName", "nameSortKey"])
        .orderBy("nameSortKey")
        .execute();
      expect(rows.map((r) => r.displayName)).toEqual(["Build", "token-9", "Token-10"]);
      for (const row of rows) expect(row.nameSortKey).toBe(nameSortKey(row.displayName));
    } finally {
      await db.destroy();
      await created.drop();
    }
  });
});
