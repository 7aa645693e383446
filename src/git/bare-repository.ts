/** Bare repositories on disk: creating one, and measuring its size. */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { gitEnvironment } from "./git-environment.js";

/** Most time `git init` may take before it counts as failed. */
const INIT_TIMEOUT_MS = 30_000;

/** Creates an empty bare repository whose HEAD points at `branch` (a short name such as `main`). */
export async function initBareRepository(dir: string, branch: string): Promise<void> {
  // Owner-only: repositories are served through Patina, never read by other local users.
  await fs.mkdir(path.dirname(dir), { recursive: true, mode: 0o700 });
  await runGit(["init", "--bare", "--quiet", `--initial-branch=${branch}`, dir]);
}

/** Removes a repository folder (after a failed creation); never fails. */
export async function removeRepositoryDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true }).catch(() => {});
}

/** The repository's size in bytes: what its objects take on disk, as Azure DevOps reports `size`. */
export async function repositorySize(dir: string): Promise<number> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(path.join(dir, "objects"), { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const stat = await fs.stat(path.join(entry.parentPath, entry.name)).catch(() => undefined);
    total += stat?.size ?? 0;
  }
  return total;
}

function runGit(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      env: gitEnvironment({}),
      stdio: ["ignore", "ignore", "pipe"],
      timeout: INIT_TIMEOUT_MS,
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < 4096) stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`git ${args[0]} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}
