/** Bare repositories on disk: creating, moving aside and removing one, measuring its size, listing its refs. */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { gitEnvironment } from "./git-environment.js";

/** Most time a git command (`init`, `for-each-ref`) may take before it counts as failed. */
const GIT_TIMEOUT_MS = 30_000;
/**
 * Most output a git command may print. Refs are pushed by users, so their listing is theirs to
 * grow; 64 MiB is some 500,000 refs, far beyond any real repository, and bounds what one
 * request can make the server hold.
 */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** One ref of a repository as git stores it. */
export interface BareRef {
  /** Full name, e.g. `refs/heads/main`. */
  readonly name: string;
  /** The 40-hex id the ref points at. */
  readonly objectId: string;
  /** For an annotated tag, the id of the object it tags; undefined otherwise. */
  readonly peeledObjectId: string | undefined;
}

/** Creates an empty bare repository whose HEAD points at `branch` (a short name such as `main`). */
export async function initBareRepository(dir: string, branch: string): Promise<void> {
  // Owner-only: repositories are served through Patina, never read by other local users.
  await fs.mkdir(path.dirname(dir), { recursive: true, mode: 0o700 });
  await runGit(["init", "--bare", "--quiet", `--initial-branch=${branch}`, dir]);
}

/**
 * Moves a repository folder to `aside` in one atomic rename, so that nothing serves it any more
 * while its row is deleted; false when there is no folder to move (another delete moved it).
 */
export async function moveRepositoryAside(dir: string, aside: string): Promise<boolean> {
  try {
    await fs.rename(dir, aside);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** Removes a repository folder (after a failed creation, or a deletion); never fails. */
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

/**
 * The refs of a bare repository, sorted by name (byte order, as git sorts them); none for an
 * empty one. Ref names hold no control characters (git refuses them), so NUL and newline
 * separate the fields safely.
 */
export async function listRefs(dir: string): Promise<BareRef[]> {
  const format = "--format=%(objectname)%00%(*objectname)%00%(refname)";
  const output = await runGit(["for-each-ref", "--sort=refname", format], { GIT_DIR: dir });
  const refs: BareRef[] = [];
  for (const line of output.split("\n")) {
    const [objectId, peeled, name] = line.split("\0");
    if (objectId === undefined || name === undefined || name === "") continue;
    refs.push({ name, objectId, peeledObjectId: peeled === "" ? undefined : peeled });
  }
  return refs;
}

/** Runs git without a shell (arguments are never parsed by one) and resolves to what it printed. */
function runGit(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      env: gitEnvironment(env),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: GIT_TIMEOUT_MS,
    });
    const stdout: Buffer[] = [];
    let size = 0;
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT_BYTES) stdout.push(chunk);
      else child.kill();
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < 4096) stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (size > MAX_OUTPUT_BYTES) reject(new Error(`git ${args[0]} printed more than ${MAX_OUTPUT_BYTES} bytes`));
      else if (code === 0) resolve(Buffer.concat(stdout).toString("utf8"));
      else reject(new Error(`git ${args[0]} exited with ${code}: ${stderr.trim()}`));
    });
  });
}
