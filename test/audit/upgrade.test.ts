/**
 * Upgrading a database that has audit events from before the chain (migration 0010): the
 * migration chains them in order, so verification passes, and new events continue the chains.
 */
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { CLI_ACTOR, recordAuditEvent } from "../../src/audit/audit-log.js";
import { verifyAuditChains } from "../../src/audit/audit-verify.js";
import { migrateToLatest, migrationsFor } from "../../src/db/migrations.js";
import type { Database } from "../../src/db/schema.js";
import { testDatabases } from "../support/databases.js";

describe.each(testDatabases())("upgrading the audit log on $name", (database) => {
  it("chains the events written before the migration", async () => {
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
      const before = await new Migrator({ db, provider }).migrateTo("0008_sqlite_token_lookup");
      expect(before.error).toBeUndefined();
      const legacy = (n: number, orgId: string | null) => ({
        id: `evt_legacy${n}`,
        eventType: "User.CreateEvent",
        timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
        actorUserId: null,
        actorName: "patina-cli",
        clientIp: null,
        userAgent: "patina-cli",
        orgId,
        authorizationId: null,
        tokenDisplayName: null,
        details: JSON.stringify({ n }),
      });
      const orgId = "6f1d7c1e-0000-4000-8000-000000000001";
      const rows = [legacy(1, null), legacy(2, orgId), legacy(3, null), legacy(4, orgId), legacy(5, orgId)];
      // Written as the old schema knew them: no chain columns.
      for (const row of rows)
        await (db as unknown as Kysely<{ auditEvents: typeof row }>).insertInto("auditEvents").values(row).execute();

      await migrateToLatest(db as Kysely<unknown>, dialect);
      const reports = await verifyAuditChains(db);
      expect(reports.map((r) => [r.chainKey, r.verified, r.problem])).toEqual([
        [orgId, 3, undefined],
        ["instance", 2, undefined],
      ]);
      await recordAuditEvent(db, { eventType: "User.CreateEvent", actor: CLI_ACTOR, timestamp: new Date(), orgId });
      const after = await verifyAuditChains(db, { orgId });
      expect(after.map((r) => [r.verified, r.problem])).toEqual([[4, undefined]]);
    } finally {
      await db.destroy();
      await created.drop();
    }
  });
});
