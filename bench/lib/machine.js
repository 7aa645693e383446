// What the report says about the machine and the software versions, so a figure is never
// read without its conditions.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import pg from "pg";
import { root } from "../support.js";
import { options, postgresWanted } from "./options.js";
import { wrkVersion } from "./wrk.js";

function packageVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return "not installed";
  }
}

function command(file, args) {
  try {
    return execFileSync(file, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

async function postgresVersion() {
  if (!postgresWanted()) return "PostgreSQL not measured";
  const client = new pg.Client({ connectionString: options.postgresUrl });
  try {
    await client.connect();
    return `PostgreSQL ${(await client.query("show server_version")).rows[0].server_version}`;
  } catch {
    return "PostgreSQL unreachable";
  } finally {
    await client.end().catch(() => {});
  }
}

/** One Markdown paragraph describing the machine, the versions and the load when the run started. */
export async function describeMachine() {
  const memory = new SqliteDatabase(":memory:");
  const sqlite = memory.prepare("select sqlite_version() as version").get().version;
  memory.close();
  const commit = command("git", ["rev-parse", "--short", "HEAD"]);
  const dirty = command("git", ["status", "--porcelain"]) === "" ? "" : " with local changes";
  const cpus = os.cpus();
  const load = os.loadavg().map((value) => value.toFixed(2));
  return [
    `${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${os.release()};`,
    `Node ${process.version}, ${await wrkVersion()}, ${command("git", ["--version"])}, SQLite ${sqlite}`,
    `(better-sqlite3 ${packageVersion("better-sqlite3")}), ${await postgresVersion()}, Fastify ${packageVersion("fastify")},`,
    `oidc-provider ${packageVersion("oidc-provider")}; Patina ${commit}${dirty}; load average at start ${load.join(" ")}.`,
  ].join(" ");
}
