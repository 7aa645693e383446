/**
 * `patina backup PATH` and `patina restore PATH` for the SQLite store (db/sqlite-backup.ts).
 * PostgreSQL has its own tools for this (pg_dump, pg_restore), which Patina does not wrap: the
 * commands refuse there and name them. Neither command opens the services: backup must not
 * create a secret or migrate the store it copies, and restore writes into a directory no
 * server uses yet.
 */
import path from "node:path";
import type { Command } from "commander";
import { backupSqliteStore, restoreSqliteStore } from "../db/sqlite-backup.js";
import { CliError } from "./cli-error.js";
import type { CliIo, ConfigSource } from "./main.js";

const PG_DUMP_HINT =
  'PATINA_DATABASE_URL is set: back PostgreSQL up with its own tools, e.g. pg_dump --format=custom --file=patina.dump "$PATINA_DATABASE_URL" and pg_restore --no-owner --dbname=NEW_DATABASE patina.dump (docs/deployment.md). Keep the server secret too.';

/** `patina backup` and `patina restore`. */
export function registerBackupCommands(program: Command, getConfig: ConfigSource, io: CliIo) {
  const warn = (lines: readonly string[]) => {
    for (const line of lines) io.stderr.write(`patina: WARNING: ${line}\n`);
  };

  program
    .command("backup")
    .description("Back the SQLite store up into a new directory (consistent while the server runs)")
    .argument("<path>", "a new or empty directory for the backup")
    .action(async (target: string) => {
      const config = getConfig();
      if (config.databaseUrl !== undefined) throw new CliError(PG_DUMP_HINT);
      const destination = path.resolve(target);
      const secretFromEnvironment = config.secret !== undefined;
      const done = await backupSqliteStore(config.dataDir, destination, secretFromEnvironment, new Date());
      if (!done.ok) throw new CliError(done.message);
      io.stdout.write(
        `Backed up ${path.join(config.dataDir, done.value.manifest.database)} to ${destination} (schema ${done.value.manifest.migrations.at(-1) ?? "empty"}).\n`,
      );
      if (secretFromEnvironment) {
        warn([
          "THE SERVER SECRET IS NOT IN THIS BACKUP: it comes from PATINA_SECRET.",
          "Keep that secret safe, apart from the backup: without it no token in this backup will ever verify again.",
        ]);
      }
      if (done.value.repositoriesLeftOut) {
        io.stderr.write(
          `patina: note: git repositories (${path.join(config.dataDir, "repos")}) are not in the backup; copy them separately (docs/deployment.md).\n`,
        );
      }
    });

  program
    .command("restore")
    .description("Restore a backup into a new or empty data directory (PATINA_DATA_DIR)")
    .argument("<path>", "a directory made by patina backup")
    .action(async (source: string) => {
      const config = getConfig();
      if (config.databaseUrl !== undefined) throw new CliError(PG_DUMP_HINT);
      const restored = restoreSqliteStore(path.resolve(source), config.dataDir);
      if (!restored.ok) throw new CliError(restored.message);
      io.stdout.write(`Restored the backup of ${restored.value.createdAt} into ${config.dataDir}.\n`);
      if (restored.value.secret === "PATINA_SECRET" && config.secret === undefined) {
        warn([
          "THIS BACKUP HOLDS NO SERVER SECRET (the backed-up server used PATINA_SECRET).",
          "Set PATINA_SECRET to that same secret before starting Patina: without it a new secret is generated and NO existing token verifies.",
        ]);
      } else if (restored.value.secret === "included" && config.secret !== undefined) {
        warn([
          "PATINA_SECRET is set, so the server will use it, not the restored secret file: tokens verify only if it is the secret the backed-up server used.",
        ]);
      }
    });
}
