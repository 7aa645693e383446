/**
 * `patina backup` / `patina restore` as real processes. On SQLite: a backup taken while a live
 * server writes restores to a consistent store, and a server started on it verifies the tokens
 * over real HTTP; without the server secret (PATINA_SECRET kept outside the backup) the same
 * tokens are refused, which is why the secret has to be kept. Restore refuses a non-empty data
 * directory, a damaged backup and one from a newer schema. On PostgreSQL both commands refuse
 * and name pg_dump.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findOrganizationByName } from "../../src/orgs/org.repository.js";
import { operatorContext } from "../../src/tokens/lifecycle-requests.js";
import { findUserByUsername } from "../../src/users/user.repository.js";
import { type TestDatabase, testDatabases } from "../support/databases.js";
import { type LiveServer, startLiveServer } from "./live-server.js";
import { type CliStore, createCliStore, runCli, runOk } from "./run-cli.js";

const [first, postgres] = testDatabases();
if (first === undefined) throw new Error("SQLite is always tested");
const sqlite: TestDatabase = first;
const SECRET = "a-secret-kept-outside-the-data-directory";
const DAY_MS = 24 * 60 * 60 * 1000;

/** A fresh temporary directory, removed after the file. */
const scratch: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-backup-"));
  scratch.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

/** Alice (administrator), acme, and one token of hers made with the CLI. */
async function seed(cli: CliStore, env: Record<string, string> = {}): Promise<string> {
  const run = (args: string[]) => runCli(args, { ...cli.env, ...env });
  for (const args of [
    ["user", "add", "alice", "--email", "alice@example.com", "--admin"],
    ["org", "add", "acme", "--owner", "alice"],
    ["user", "add", "bob", "--email", "bob@example.com"],
    ["org", "member", "add", "acme", "bob", "--role", "reader"],
  ]) {
    const result = await run(args);
    if (result.code !== 0) throw new Error(result.stderr);
  }
  const created = await run([
    "token",
    "create",
    "--user",
    "alice",
    "--org",
    "acme",
    "--name",
    "ci",
    "--scope",
    "vso.pats",
  ]);
  if (created.code !== 0) throw new Error(created.stderr);
  return created.stdout.trim();
}

/** A store (as the CLI sees it) on a restored data directory. */
function restoredStore(dataDir: string): CliStore {
  return {
    dataDir,
    databaseUrl: undefined,
    env: { PATINA_DATA_DIR: dataDir },
    history: [],
    run: () => {
      throw new Error("not used");
    },
    drop: async () => {},
  };
}

describe("patina backup and restore on sqlite", () => {
  const servers: LiveServer[] = [];
  const stores: CliStore[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    for (const store of stores.splice(0)) await store.drop();
  });
  async function newStore() {
    const cli = await createCliStore(sqlite);
    stores.push(cli);
    return cli;
  }
  async function serve(cli: CliStore, env: Record<string, string> = {}) {
    const server = await startLiveServer(cli, env);
    servers.push(server);
    return server;
  }

  it("backs up while the server writes, and restores a consistent store whose tokens verify", async () => {
    const cli = await newStore();
    const first = await seed(cli);
    const live = await serve(cli);
    expect((await live.listPats(first)).status).toBe(200);

    // The server process writes tokens, one after another, until the backup has finished.
    const { tokens, store } = live.app.services;
    const alice = await findUserByUsername(store.db, "alice");
    const acme = await findOrganizationByName(store.db, "acme");
    if (alice === undefined || acme === undefined) throw new Error("seed missing");
    const written: string[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const created = await tokens.create(operatorContext(alice, acme.id), {
          displayName: `written ${written.length}`,
          scope: "vso.pats",
          validTo: new Date(Date.now() + 30 * DAY_MS).toISOString(),
        });
        if (!created.ok) throw new Error(created.message);
        written.push(created.value.token ?? "");
        await live.listPats(written.at(-1) ?? ""); // and records its use
      }
    })();
    while (written.length < 5) await new Promise((resolve) => setTimeout(resolve, 10));
    const target = path.join(tempDir(), "backup");
    const backup = await runCli(["backup", target], cli.env);
    writing = false;
    await writer;
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`to ${target}`);
    expect(fs.readdirSync(target).sort()).toEqual(["manifest.json", "patina.sqlite", "secret"]);
    expect(JSON.parse(fs.readFileSync(path.join(target, "manifest.json"), "utf8"))).toMatchObject({
      format: "patina-backup",
      secret: "included",
      repositories: "not included",
    });

    const dataDir = path.join(tempDir(), "restored");
    const restore = await runCli(["restore", target], { PATINA_DATA_DIR: dataDir });
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);

    // Consistent: intact, and every token has its secret and its verification index row.
    const restoredDb = new SqliteDatabase(path.join(dataDir, "patina.sqlite"), { readonly: true });
    const count = (table: string) =>
      (restoredDb.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    expect(restoredDb.pragma("integrity_check", { simple: true })).toBe("ok");
    const restoredTokens = count("tokens");
    expect(count("token_secrets")).toBe(restoredTokens);
    expect(count("token_lookup")).toBe(restoredTokens);
    restoredDb.close();
    expect(restoredTokens).toBeGreaterThanOrEqual(1 + 5);
    expect(restoredTokens).toBeLessThanOrEqual(1 + written.length);

    // A server on the restored store: the tokens in the snapshot verify, those written after it do not.
    const restored = await serve(restoredStore(dataDir));
    expect((await restored.listPats(first)).status).toBe(200);
    const statuses: number[] = [];
    for (const token of written) statuses.push((await restored.listPats(token)).status);
    const inSnapshot = restoredTokens - 1;
    expect(statuses).toEqual(written.map((_, i) => (i < inSnapshot ? 200 : 401)));
  });

  it("warns that a PATINA_SECRET is not in the backup; restored without it, no token verifies", async () => {
    const cli = await newStore();
    const token = await seed(cli, { PATINA_SECRET: SECRET });
    const target = path.join(tempDir(), "backup");
    const backup = await runCli(["backup", target], { ...cli.env, PATINA_SECRET: SECRET });
    expect(backup.code).toBe(0);
    expect(backup.stderr).toContain("WARNING: THE SERVER SECRET IS NOT IN THIS BACKUP");
    expect(backup.stderr).not.toContain(SECRET);
    expect(fs.readdirSync(target).sort()).toEqual(["manifest.json", "patina.sqlite"]);

    const withoutSecret = path.join(tempDir(), "no-secret");
    const restore = await runCli(["restore", target], { PATINA_DATA_DIR: withoutSecret });
    expect(restore.code).toBe(0);
    expect(restore.stderr).toContain("Set PATINA_SECRET to that same secret");
    const lost = await serve(restoredStore(withoutSecret));
    expect((await lost.listPats(token)).status).toBe(401);

    const withSecret = path.join(tempDir(), "with-secret");
    const again = await runCli(["restore", target], { PATINA_DATA_DIR: withSecret, PATINA_SECRET: SECRET });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe("");
    const kept = await serve(restoredStore(withSecret), { PATINA_SECRET: SECRET });
    expect((await kept.listPats(token)).status).toBe(200);
  });

  it("refuses to restore into a non-empty data directory, and leaves it alone", async () => {
    const cli = await newStore();
    await seed(cli);
    const target = path.join(tempDir(), "backup");
    await runOk(cli, ["backup", target]);
    const before = fs.readFileSync(path.join(cli.dataDir, "secret"));
    const restore = await runCli(["restore", target], cli.env);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/^patina: The data directory .* is not empty: restore only into a new or empty one/);
    expect(fs.readFileSync(path.join(cli.dataDir, "secret"))).toEqual(before);
    // And a backup never goes into a non-empty directory either.
    const into = await runCli(["backup", target], cli.env);
    expect(into.code).toBe(1);
    expect(into.stderr).toContain("exists and is not empty");
  });

  it("refuses a damaged backup, one from a newer schema, and a directory that is no backup", async () => {
    const cli = await newStore();
    await seed(cli);
    const newer = path.join(tempDir(), "newer");
    await runOk(cli, ["backup", newer]);
    const db = new SqliteDatabase(path.join(newer, "patina.sqlite"));
    db.prepare("insert into kysely_migration (name, timestamp) values (?, ?)").run("9999_from_the_future", "x");
    db.close();
    const fresh = () => ({ PATINA_DATA_DIR: path.join(tempDir(), "data") });
    const fromNewer = await runCli(["restore", newer], fresh());
    expect(fromNewer.code).toBe(1);
    expect(fromNewer.stderr).toContain("newer than this Patina (unknown migrations: 9999_from_the_future)");

    const damaged = path.join(tempDir(), "damaged");
    await runOk(cli, ["backup", damaged]);
    const file = path.join(damaged, "patina.sqlite");
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 4096, bytes.length); // every page after the first overwritten
    fs.writeFileSync(file, bytes);
    const fromDamaged = await runCli(["restore", damaged], fresh());
    expect(fromDamaged.code).toBe(1);
    expect(fromDamaged.stderr).toMatch(/^patina: The backup's database (is damaged|cannot be read)/);

    const notBackup = await runCli(["restore", tempDir()], fresh());
    expect(notBackup.code).toBe(1);
    expect(notBackup.stderr).toContain("is not a complete Patina backup");
  });
});

describe.runIf(postgres !== undefined)("patina backup and restore on postgres", () => {
  let cli: CliStore;
  beforeAll(async () => {
    if (postgres !== undefined) cli = await createCliStore(postgres);
  });
  afterAll(async () => cli?.drop());

  it("refuses both and points to pg_dump", async () => {
    for (const command of ["backup", "restore"]) {
      const result = await cli.run([command, path.join(tempDir(), "x")]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("back PostgreSQL up with its own tools, e.g. pg_dump --format=custom");
      expect(result.stderr).not.toContain(cli.databaseUrl ?? "never");
    }
  });
});
