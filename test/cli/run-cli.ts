/**
 * Runs the built `patina` binary (bin/patina.js → dist/) as a real child process against one
 * store, the way an operator would. The child sees only PATH and the store's settings, so the
 * developer's own PATINA_* variables cannot leak into a test.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestDatabase } from "../support/databases.js";

const BIN = fileURLToPath(new URL("../../bin/patina.js", import.meta.url));

/** One finished run: what the operator saw. */
export interface CliResult {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A fresh store and a runner bound to its configuration. */
export interface CliStore {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  /** The environment an operator (and the server) would use for this store. */
  readonly env: Record<string, string>;
  /** Every command run so far, with its output. */
  readonly history: CliResult[];
  /** Runs `patina ARGS…`; `input` is written to stdin, which is then closed. */
  run(args: readonly string[], input?: string): Promise<CliResult>;
  drop(): Promise<void>;
}

/** Runs the binary once with exactly this environment. */
export function runCli(args: readonly string[], env: Record<string, string>, input = ""): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ args, code, stdout, stderr }));
    // The CLI may exit without reading stdin; a broken pipe then is not a test failure.
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

/** A fresh, empty store of the given kind, and a runner bound to it. */
export async function createCliStore(database: TestDatabase): Promise<CliStore> {
  const created = await database.create();
  const env: Record<string, string> = { PATINA_DATA_DIR: created.dataDir };
  if (created.databaseUrl !== undefined) env.PATINA_DATABASE_URL = created.databaseUrl;
  const history: CliResult[] = [];
  return {
    dataDir: created.dataDir,
    databaseUrl: created.databaseUrl,
    env,
    history,
    async run(args, input) {
      const result = await runCli(args, env, input);
      history.push(result);
      return result;
    },
    drop: created.drop,
  };
}

/** Runs a command that must succeed; fails the test with its stderr otherwise. */
export async function runOk(store: CliStore, args: readonly string[], input?: string): Promise<CliResult> {
  const result = await store.run(args, input);
  if (result.code !== 0) throw new Error(`patina ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  return result;
}
