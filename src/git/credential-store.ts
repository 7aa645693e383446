/**
 * The credential helper's file of stored tokens.
 *
 * Threat model: the file holds live tokens, so only its owner may read it. It is created with
 * mode 0600 in a 0700 folder, and every change is written to a fresh 0600 file that replaces
 * the old one by rename, so a reader never sees a half-written file and the mode never widens.
 * Nothing here prints or logs a value; only `patina credential get` hands one back, to git.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { StoredCredential } from "./credential-match.js";

const FILE_VERSION = 1;

/** Where the file is: PATINA_CREDENTIALS_FILE, else `$XDG_CONFIG_HOME/patina/credentials.json`, else `~/.config/…`. */
export function credentialsFilePath(env: Readonly<Record<string, string | undefined>>): string {
  if (env.PATINA_CREDENTIALS_FILE) return path.resolve(env.PATINA_CREDENTIALS_FILE);
  const configHome = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(configHome, "patina", "credentials.json");
}

/** The stored credentials; none when the file does not exist yet. */
export async function readCredentials(file: string): Promise<StoredCredential[]> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const parsed = JSON.parse(text) as { credentials?: unknown };
  return Array.isArray(parsed.credentials) ? parsed.credentials.filter(isStoredCredential) : [];
}

/** Replaces the file's contents, atomically, readable by its owner only. */
export async function writeCredentials(file: string, credentials: readonly StoredCredential[]): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(`${JSON.stringify({ version: FILE_VERSION, credentials }, null, 2)}\n`);
    // The mode given to open() is reduced by the umask; set it explicitly.
    await handle.chmod(0o600);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temporary, file).catch(async (error: unknown) => {
    await fs.rm(temporary, { force: true });
    throw error;
  });
}

function isStoredCredential(value: unknown): value is StoredCredential {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return ["protocol", "host", "path", "username", "password"].every((key) => typeof entry[key] === "string");
}
