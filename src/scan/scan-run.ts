/**
 * One scan over the paths and the stream the user named: turns each file's matches into
 * findings (display path, position, hint), counts what was scanned and skipped, and keeps the
 * values only when they are to be reported. Findings are handed out as they are found, so text
 * output streams, and the scan stops early when its output has nowhere to go.
 */
import path from "node:path";
import type { TokenMatch } from "../domain/token-scan.js";
import type { ScanFinding, ScanProblem, ScanSummary } from "./scan-output.js";
import { scanNamedPath } from "./scan-paths.js";
import { scanStream } from "./scan-stream.js";

/** A path named on the command line, checked to exist. */
export interface NamedTarget {
  readonly absolutePath: string;
  readonly directory: boolean;
}

/** What to scan. */
export interface ScanRequest {
  readonly targets: readonly NamedTarget[];
  /** Standard input, when `--stdin` was given. */
  readonly stdin: AsyncIterable<Uint8Array | string> | undefined;
  readonly prefixes: readonly string[];
  /** Absolute directory that output paths are relative to. */
  readonly root: string;
  /** Keep the distinct values found (for a leak report). */
  readonly keepValues: boolean;
}

/** Called as the scan goes. */
export interface ScanListener {
  finding(finding: ScanFinding): Promise<void>;
  unreadable(problem: ScanProblem): void;
  /** True once the scan should stop (its output was closed). */
  stopped(): boolean;
}

/** What the scan saw, and the values when asked to keep them. */
export interface ScanResult {
  readonly summary: ScanSummary;
  readonly values: readonly string[];
}

/** Scans every target, then the stream. */
export async function runScan(request: ScanRequest, listener: ScanListener): Promise<ScanResult> {
  const findings: ScanFinding[] = [];
  const unreadable: ScanProblem[] = [];
  const values = new Set<string>();
  let filesScanned = 0;
  let binaryFilesSkipped = 0;
  const record = async (shown: string | null, matches: readonly TokenMatch[]) => {
    filesScanned += 1;
    for (const match of matches) {
      // The finding is built field by field: the value stays behind.
      const finding = {
        path: shown,
        line: match.line,
        column: match.column,
        prefix: match.prefix,
        tokenHint: `${match.hint}…`,
      };
      findings.push(finding);
      if (request.keepValues) values.add(match.token);
      await listener.finding(finding);
    }
  };
  scanning: for (const target of request.targets) {
    for await (const scanned of scanNamedPath(target.absolutePath, target.directory, request.prefixes)) {
      if (listener.stopped()) break scanning;
      const shown = displayPath(request.root, scanned.path);
      if (scanned.kind === "text") await record(shown, scanned.matches);
      else if (scanned.kind === "binary") binaryFilesSkipped += 1;
      else {
        const problem = { path: shown, reason: scanned.reason };
        unreadable.push(problem);
        listener.unreadable(problem);
      }
    }
  }
  if (request.stdin !== undefined && !listener.stopped()) {
    const scanned = await scanStream(request.stdin, request.prefixes);
    if (scanned.kind === "text") await record(null, scanned.matches);
    else binaryFilesSkipped += 1;
  }
  return { summary: { findings, filesScanned, binaryFilesSkipped, unreadable }, values: [...values] };
}

/** A path as output shows it: relative to the root with forward slashes, or absolute outside it. */
export function displayPath(root: string, absolutePath: string): string {
  const relative = path.relative(root, absolutePath);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return absolutePath;
  return relative.split(path.sep).join("/");
}
