/**
 * `patina audit …` on the built binary, against a real store: list, export, retention, and
 * verify, which passes on an untouched log and exits 1 naming the event after a row is edited
 * in the database behind Patina's back.
 */
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/schema.js";
import { type CliStore, createCliStore, runOk } from "../cli/run-cli.js";
import { testDatabases } from "../support/databases.js";

/** A connection to the CLI's store, for what an intruder would do. */
function openStoreBehindPatina(cli: CliStore): Kysely<Database> {
  return new Kysely<Database>({
    dialect:
      cli.databaseUrl === undefined
        ? new SqliteDialect({ database: new SqliteDatabase(path.join(cli.dataDir, "patina.sqlite")) })
        : new PostgresDialect({ pool: new pg.Pool({ connectionString: cli.databaseUrl, max: 1 }) }),
    plugins: [new CamelCasePlugin()],
  });
}

describe.each(testDatabases())("patina audit on $name", (database) => {
  let cli: CliStore;
  beforeAll(async () => {
    cli = await createCliStore(database);
    await runOk(cli, ["user", "add", "dave", "--email", "dave@example.com"]);
    await runOk(cli, ["org", "add", "acme", "--owner", "dave"]);
    for (const name of ["one", "two", "three"]) {
      await runOk(cli, ["token", "create", "--user", "dave", "--org", "acme", "--name", name, "--scope", "vso.code"]);
    }
  });
  afterAll(async () => cli?.drop());

  it("lists and exports an organization's events", async () => {
    const list = await runOk(cli, ["audit", "list", "--org", "acme"]);
    const lines = list.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^\S+Z {2}Token\.PatCreateEvent {2}patina-cli {2}- {2}Created personal access token "three"\.$/,
    );
    expect(lines.at(-1)).toContain("Organization.CreateEvent");
    const json = JSON.parse((await runOk(cli, ["audit", "list", "--org", "acme", "--json", "--limit", "2"])).stdout);
    expect(json.map((e: { actionId: string }) => e.actionId)).toEqual(["Token.PatCreateEvent", "Token.PatCreateEvent"]);
    const instance = await runOk(cli, ["audit", "list"]);
    expect(instance.stdout).toContain('Created user "dave".');
    const csv = await runOk(cli, ["audit", "export", "--org", "acme", "--format", "csv"]);
    expect(csv.stdout.split("\r\n")[0]).toMatch(/^Id,CorrelationId,/);
    const exported = JSON.parse((await runOk(cli, ["audit", "export", "--org", "acme", "--format", "json"])).stdout);
    expect(exported).toHaveLength(lines.length);
    expect((await cli.run(["audit", "export", "--format", "xml"])).code).toBe(2);
    expect((await cli.run(["audit", "list", "--since", "yesterday"])).code).toBe(2);
  });

  it("shows and sets the retention", async () => {
    expect((await runOk(cli, ["audit", "retention"])).stdout).toBe("Audit events are kept forever.\n");
    expect((await runOk(cli, ["audit", "retention", "400"])).stdout).toBe("Audit events are kept for 400 days.\n");
    expect((await runOk(cli, ["audit", "retention", "forever"])).stdout).toBe("Audit events are kept forever.\n");
    expect((await cli.run(["audit", "retention", "0"])).code).toBe(2);
  });

  it("verifies the chains, and names the event edited in the database", async () => {
    const ok = await runOk(cli, ["audit", "verify"]);
    expect(ok.stdout).toMatch(/^organization acme: ok, 4 events verified \(positions 1–4\), head [0-9a-f]{64}$/m);
    expect(ok.stdout).toMatch(/^instance: ok, \d+ events verified/m);

    const db = openStoreBehindPatina(cli);
    try {
      const victim = await db
        .selectFrom("auditEvents")
        .select(["id", "chainPosition"])
        .where("tokenDisplayName", "=", "two")
        .executeTakeFirstOrThrow();
      await db.updateTable("auditEvents").set({ tokenDisplayName: "harmless" }).where("id", "=", victim.id).execute();
      const failed = await cli.run(["audit", "verify", "--org", "acme"]);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe(
        `organization acme: FAILED at position ${victim.chainPosition}: event ${victim.id} at position ${victim.chainPosition} was changed: its hash does not match its content\n`,
      );
      expect(failed.stderr).toBe("patina: audit log verification failed: 1 chain(s) broken.\n");
      // The instance's chain is untouched.
      expect((await runOk(cli, ["audit", "list"])).code).toBe(0);
      expect((await cli.run(["audit", "verify"])).stdout).toMatch(/^instance: ok/m);
    } finally {
      await db.destroy();
    }
  });
});
