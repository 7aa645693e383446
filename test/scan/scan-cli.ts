/**
 * Runs the built `patina scan` as a real process in a directory of the test's making, with no
 * PATINA_* configuration unless a test passes some (the scan needs no store), and checks that no
 * token the test minted ever appears in what the process printed.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { generateToken } from "../../src/domain/token-format.js";

/** The built binary. */
export const PATINA_BIN = fileURLToPath(new URL("../../bin/patina.js", import.meta.url));

/** One finished run. */
export interface ScanRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every token minted through `mint`, to be looked for in all output. */
const minted: string[] = [];

/** A new valid token, remembered so that no output may contain it. */
export function mint(prefix = "patina_"): string {
  const token = generateToken(prefix);
  minted.push(token);
  return token;
}

/** Fails when any minted token is in this text. */
export function expectNoTokenIn(text: string) {
  for (const token of minted) expect(text.includes(token), "a token value was printed").toBe(false);
}

/** Runs `patina ARGS…` in `cwd`; stdin gets `input` and is closed. */
export function runScan(
  args: readonly string[],
  options: {
    cwd: string;
    input?: string | Buffer;
    env?: Record<string, string>;
    asUser?: { uid: number; gid: number };
  },
): Promise<ScanRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PATINA_BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      ...options.asUser,
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
    child.on("close", (code) => {
      expectNoTokenIn(stdout);
      expectNoTokenIn(stderr);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/** A temporary directory holding these files (relative path → content). */
export async function makeTree(
  files: Record<string, string | Buffer>,
): Promise<{ dir: string; drop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "patina-scan-"));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return { dir, drop: () => rm(dir, { recursive: true, force: true }) };
}
