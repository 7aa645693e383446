/**
 * Walking the paths given to `patina scan`. A named path is taken as the user meant it: a
 * symbolic link is followed, and anything readable that is not a directory (a file, a pipe such
 * as `<(git show :file)`) is scanned. Inside a directory the walk stays in the tree: symbolic
 * links are not followed (no loops, no leaving the tree; a link's target inside the tree is
 * scanned under its own name), pipes, sockets and devices are not opened (a pipe would block),
 * and directories named `.git` (git's object store: compressed, and history is not the working
 * tree) and `node_modules` (installed third-party code) are not entered. Entries are visited in
 * name order, so the output is the same on every machine.
 */
import { createReadStream, type Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { TokenMatch } from "../domain/token-scan.js";
import { scanStream } from "./scan-stream.js";

/** Directory names a walk does not enter. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([".git", "node_modules"]);

/** Bytes read at a time: the memory a file costs, with the scanner's bound on one line. */
const READ_CHUNK_BYTES = 64 * 1024;

/** The outcome for one file (absolute path). */
export type FileScan =
  | { readonly kind: "text"; readonly path: string; readonly matches: TokenMatch[] }
  | { readonly kind: "binary"; readonly path: string }
  | { readonly kind: "unreadable"; readonly path: string; readonly reason: string };

/** What a named path is, checked before any scanning so that a bad one is a usage error. */
export type NamedPath =
  | { readonly ok: true; readonly directory: boolean }
  | { readonly ok: false; readonly reason: string };

/** Checks a path named on the command line (following a symbolic link). */
export async function checkNamedPath(absolutePath: string): Promise<NamedPath> {
  try {
    return { ok: true, directory: (await stat(absolutePath)).isDirectory() };
  } catch (error) {
    return { ok: false, reason: errorReason(error) };
  }
}

/** Scans a named path: the file itself, or every file of the directory's tree. */
export async function* scanNamedPath(
  absolutePath: string,
  directory: boolean,
  prefixes: readonly string[],
): AsyncGenerator<FileScan> {
  if (directory) yield* walk(absolutePath, prefixes);
  else yield await scanFile(absolutePath, prefixes);
}

async function* walk(directory: string, prefixes: readonly string[]): AsyncGenerator<FileScan> {
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    yield { kind: "unreadable", path: directory, reason: errorReason(error) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const entryPath = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) yield* walk(entryPath, prefixes);
    } else if (entry.isFile()) {
      yield await scanFile(entryPath, prefixes);
    }
  }
}

async function scanFile(file: string, prefixes: readonly string[]): Promise<FileScan> {
  try {
    const scanned = await scanStream(createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }), prefixes);
    return scanned.kind === "binary"
      ? { kind: "binary", path: file }
      : { kind: "text", path: file, matches: scanned.matches };
  } catch (error) {
    return { kind: "unreadable", path: file, reason: errorReason(error) };
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "too many levels of symbolic links",
  EISDIR: "is a directory",
  EIO: "input/output error",
  ENXIO: "not readable (a socket or a device)",
};

/** A short reason for a file-system error, without Node's message (which repeats the path). */
export function errorReason(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  return REASONS[code] ?? code;
}
