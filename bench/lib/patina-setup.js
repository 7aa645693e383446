// Sets Patina up the way an operator does, through the `patina` CLI (its public surface), and
// starts `patina serve`. Nothing here depends on Patina's internals.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { root, startProcess } from "../support.js";

/** Runs `patina …` against a store and returns its stdout; fails with its stderr. */
export function patinaCli(args, env) {
  const result = spawnSync(process.execPath, ["bin/patina.js", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`patina ${args.slice(0, 2).join(" ")}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** The env that points the CLI and the server at a store (SQLite in dataDir, or PostgreSQL). */
export function storeEnv(dataDir, databaseUrl) {
  return databaseUrl === undefined
    ? { PATINA_DATA_DIR: dataDir }
    : { PATINA_DATA_DIR: dataDir, PATINA_DATABASE_URL: databaseUrl };
}

/** Adds an instance administrator `username` and an organization `org` it owns. */
export function addOwner(env, username, org) {
  patinaCli(["user", "add", username, "--email", `${username}@example.com`, "--admin"], env);
  patinaCli(["org", "add", org, "--owner", username], env);
}

/** Creates a token through the CLI and returns its value. */
export function createToken(env, { user, org, name, scope, days = 30 }) {
  return patinaCli(
    ["token", "create", "--user", user, "--org", org, "--name", name, "--scope", scope, "--days", String(days)],
    env,
  );
}

/**
 * A fresh SQLite store for the HTTP benchmarks: an instance administrator who owns organization
 * `bench`, with a profile token (connectionData and the introspected token), an introspection
 * token, and two more profile tokens for the flood (the legitimate client's and the valid flood's).
 */
export function prepareServerStore() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-bench-"));
  const env = storeEnv(dataDir);
  addOwner(env, "bench", "bench");
  const profile = (name) => createToken(env, { user: "bench", org: "bench", name, scope: "vso.profile" });
  const tokens = {
    profile: profile("connectionData"),
    introspector: createToken(env, { user: "bench", org: "bench", name: "introspector", scope: "patina.introspect" }),
    legitimate: profile("legitimate client"),
    flood: profile("valid flood"),
  };
  return { dataDir, tokens };
}

/** Starts `patina serve` on a free port, logging (at the default level, info) into `logFile`. */
export function startPatina(dataDir, logFile, env = {}) {
  return startProcess(
    ["bin/patina.js", "serve"],
    { PATINA_DATA_DIR: dataDir, PATINA_PORT: "0", PATINA_LOG_LEVEL: "info", ...env },
    { logFile },
  );
}
