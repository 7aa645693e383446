/*
 * Backup and restore of a SQLite store (`patina backup` / `patina restore`; docs/deployment.md).
 *
 * A backup is a directory, not one file, because what has to be kept is more than the database:
 *
 *   PATH/patina.sqlite   the database, copied with SQLite's online backup API: one consistent
 *                        snapshot (the last committed transaction) while the server keeps
 *                        reading and writing; then checked with `pragma integrity_check`.
 *   PATH/secret          the server secret, when it lives in the data directory. Without it no
 *                        stored token hash can be matched again: every token would be invalid.
 *                        Owner-only permissions, as in the data directory.
 *   PATH/manifest.json   what the backup holds (format, time, schema, where the secret is),
 *                        written last: a directory without it is an unfinished backup.
 *
 * Git repositories (`<dataDir>/repos`) are not in it: they are plain files with their own
 * consistency (git writes objects before it moves a ref), best copied with git itself; the
 * deployment guide gives the separate step. Restore writes only into an empty or new data
 * directory, after checking the backup's integrity and that its schema is not newer than this
 * build's; the server migrates it forward on its next start, as it would the original.
 */
import fs from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { migrationsFor } from "./migrations.js";

export const BACKUP_FORMAT = "patina-backup";
export const BACKUP_FORMAT_VERSION = 1;
const DATABASE_FILE = "patina.sqlite";
const SECRET_FILE = "secret";
const MANIFEST_FILE = "manifest.json";

/** What manifest.json says. */
export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly formatVersion: number;
  readonly createdAt: string;
  readonly database: string;
  /** The applied migrations, in order: the schema the backup was taken at. */
  readonly migrations: readonly string[];
  /** `included` (PATH/secret) or `PATINA_SECRET` (kept outside the data directory and this backup). */
  readonly secret: "included" | "PATINA_SECRET";
  readonly repositories: "not included";
}

type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** What a backup run did. */
export interface BackupDone {
  readonly manifest: BackupManifest;
  /** Whether `<dataDir>/repos` holds repositories the backup does not include. */
  readonly repositoriesLeftOut: boolean;
}

/** Backs the store in `dataDir` up into `target` (absent or an empty directory). */
export async function backupSqliteStore(
  dataDir: string,
  target: string,
  secretFromEnvironment: boolean,
  now: Date,
): Promise<Outcome<BackupDone>> {
  const source = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(source)) return { ok: false, message: `There is no Patina database at ${source}.` };
  const secretFile = path.join(dataDir, SECRET_FILE);
  if (!secretFromEnvironment && !fs.existsSync(secretFile)) {
    return { ok: false, message: `The server secret ${secretFile} is missing: without it the backup is useless.` };
  }
  if (!isEmptyOrAbsent(target)) return { ok: false, message: `${target} exists and is not empty.` };
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });

  const database = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  try {
    database.pragma("busy_timeout = 5000");
    // Every step after the first copies all remaining pages: one snapshot, never restarted by
    // the server's writes between steps.
    await database.backup(path.join(target, DATABASE_FILE), { progress: () => 0x7fffffff });
  } finally {
    database.close();
  }
  // The copy inherits the source's WAL mode; a backup is one self-contained file instead (the
  // server turns WAL on again when it opens the restored store).
  const copy = new SqliteDatabase(path.join(target, DATABASE_FILE), { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
  fs.chmodSync(path.join(target, DATABASE_FILE), 0o600);
  const checked = inspectDatabase(path.join(target, DATABASE_FILE));
  if (!checked.ok) return checked;
  if (!secretFromEnvironment) {
    fs.copyFileSync(secretFile, path.join(target, SECRET_FILE));
    fs.chmodSync(path.join(target, SECRET_FILE), 0o600);
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: now.toISOString(),
    database: DATABASE_FILE,
    migrations: checked.value,
    secret: secretFromEnvironment ? "PATINA_SECRET" : "included",
    repositories: "not included",
  };
  fs.writeFileSync(path.join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  const repos = path.join(dataDir, "repos");
  return { ok: true, value: { manifest, repositoriesLeftOut: !isEmptyOrAbsent(repos) } };
}

/** Restores the backup in `source` into `dataDir`, which must be absent or empty. */
export function restoreSqliteStore(source: string, dataDir: string): Outcome<BackupManifest> {
  const manifest = readManifest(source);
  if (!manifest.ok) return manifest;
  if (!isEmptyOrAbsent(dataDir)) {
    return {
      ok: false,
      message: `The data directory ${dataDir} is not empty: restore only into a new or empty one (move the old one away first).`,
    };
  }
  const backupFile = path.join(source, DATABASE_FILE);
  const checked = inspectDatabase(backupFile);
  if (!checked.ok) return checked;
  const secretFile = path.join(source, SECRET_FILE);
  if (manifest.value.secret === "included" && !fs.existsSync(secretFile)) {
    return { ok: false, message: `The backup says it includes the server secret, but ${secretFile} is missing.` };
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Copied under a temporary name and renamed: a half-copied file is never taken for a database.
  const partial = path.join(dataDir, `${DATABASE_FILE}.restoring`);
  fs.copyFileSync(backupFile, partial);
  if (manifest.value.secret === "included") {
    fs.copyFileSync(secretFile, path.join(dataDir, SECRET_FILE));
    fs.chmodSync(path.join(dataDir, SECRET_FILE), 0o600);
  }
  fs.renameSync(partial, path.join(dataDir, DATABASE_FILE));
  return manifest;
}

function readManifest(source: string): Outcome<BackupManifest> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(path.join(source, MANIFEST_FILE), "utf8"));
  } catch {
    return { ok: false, message: `${source} is not a complete Patina backup (no readable ${MANIFEST_FILE}).` };
  }
  const manifest = parsed as Partial<BackupManifest> | null;
  if (manifest?.format !== BACKUP_FORMAT || typeof manifest.formatVersion !== "number") {
    return { ok: false, message: `${source} is not a Patina backup (${MANIFEST_FILE} has another format).` };
  }
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) {
    return { ok: false, message: `The backup's format ${manifest.formatVersion} is newer than this Patina reads.` };
  }
  if (manifest.secret !== "included" && manifest.secret !== "PATINA_SECRET") {
    return { ok: false, message: `${MANIFEST_FILE} does not say where the server secret is.` };
  }
  return { ok: true, value: manifest as BackupManifest };
}

/** Checks a backed-up database: readable, intact, and at a schema this build knows. */
function inspectDatabase(file: string): Outcome<string[]> {
  let database: SqliteDatabase.Database;
  try {
    database = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ok: false, message: `The backup's database cannot be opened: ${describe(error)}.` };
  }
  try {
    const problems = database.pragma("integrity_check", { simple: false }) as Array<{ integrity_check: string }>;
    const first = problems[0]?.integrity_check;
    if (first !== "ok") return { ok: false, message: `The backup's database is damaged (integrity check: ${first}).` };
    const applied = database
      .prepare<[], { name: string }>("select name from kysely_migration order by name")
      .all()
      .map((row) => row.name);
    const known = new Set(Object.keys(migrationsFor("sqlite")));
    const unknown = applied.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      return {
        ok: false,
        message: `The backup's schema is newer than this Patina (unknown migrations: ${unknown.join(", ")}): restore it with the version that made it, or a newer one.`,
      };
    }
    return { ok: true, value: applied };
  } catch (error) {
    return { ok: false, message: `The backup's database cannot be read: ${describe(error)}.` };
  } finally {
    database.close();
  }
}

function isEmptyOrAbsent(directory: string): boolean {
  try {
    return fs.readdirSync(directory).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    // A file where a directory should be, or one we cannot read: not a place to write into.
    return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
