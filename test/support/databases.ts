/**
 * The integration suite runs against every database: SQLite always, PostgreSQL when the global
 * setup found a server. Each test app gets its own fresh database (a temporary directory, or a
 * PostgreSQL database created for it and dropped afterwards).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";

export interface TestDatabase {
  readonly name: "sqlite" | "postgres";
  /** Creates a fresh, empty database; returns its settings and how to drop it. */
  create(): Promise<{ dataDir: string; databaseUrl: string | undefined; drop(): Promise<void> }>;
}

const sqlite: TestDatabase = {
  name: "sqlite",
  async create() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-test-"));
    return { dataDir, databaseUrl: undefined, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  },
};

function postgres(adminUrl: string): TestDatabase {
  return {
    name: "postgres",
    async create() {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-test-"));
      const dbName = `patina_test_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      return {
        dataDir,
        databaseUrl: url.toString(),
        async drop() {
          const client = new pg.Client({ connectionString: adminUrl });
          await client.connect();
          await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
          await client.end();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** The databases this run tests against. */
export function testDatabases(): TestDatabase[] {
  const adminUrl = inject("postgresAdminUrl");
  return adminUrl ? [sqlite, postgres(adminUrl)] : [sqlite];
}
