/**
 * What `patina scan` prints. A finding carries where a token is and its hint (prefix and first
 * body characters, as token lists show it); it has no field for the value, so no output format
 * can print one.
 */

/** One token found, as shown: never its value. */
export interface ScanFinding {
  /** Path relative to the scan root (forward slashes), or absolute when outside it; null for standard input. */
  readonly path: string | null;
  readonly line: number;
  /** 1-based, in Unicode code points. */
  readonly column: number;
  /** The prefix it was found by. */
  readonly prefix: string;
  /** Prefix and first body characters, then "…", like the API's `tokenHint`. */
  readonly tokenHint: string;
}

/** A file or directory the scan could not read. */
export interface ScanProblem {
  readonly path: string;
  readonly reason: string;
}

/** What a whole scan saw. */
export interface ScanSummary {
  readonly findings: readonly ScanFinding[];
  readonly filesScanned: number;
  readonly binaryFilesSkipped: number;
  readonly unreadable: readonly ScanProblem[];
}

/** How standard input is named in text output. */
export const STDIN_NAME = "(standard input)";

/** One text line: `path:line:column: Patina token HINT`, the form editors and CI logs link. */
export function formatFindingLine(finding: ScanFinding): string {
  return `${shownPath(finding.path)}:${finding.line}:${finding.column}: Patina token ${finding.tokenHint}\n`;
}

/** The whole scan as one JSON document. */
export function formatJson(summary: ScanSummary): string {
  const document = {
    findings: summary.findings.map((f) => ({
      path: f.path,
      line: f.line,
      column: f.column,
      prefix: f.prefix,
      tokenHint: f.tokenHint,
    })),
    filesScanned: summary.filesScanned,
    binaryFilesSkipped: summary.binaryFilesSkipped,
    unreadable: summary.unreadable.map((p) => ({ path: p.path, reason: p.reason })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The one-line summary for standard error. */
export function formatSummary(summary: ScanSummary): string {
  const files = plural(summary.filesScanned, "file");
  const skipped =
    summary.binaryFilesSkipped > 0 ? `, ${plural(summary.binaryFilesSkipped, "binary file")} skipped` : "";
  const unreadable =
    summary.unreadable.length > 0 ? `; ${plural(summary.unreadable.length, "path")} could not be read` : "";
  if (summary.findings.length === 0) return `no tokens found (${files} scanned${skipped})${unreadable}.`;
  const where = new Set(summary.findings.map((f) => f.path)).size;
  const found = `found ${plural(summary.findings.length, "token")} in ${plural(where, "file")}`;
  return `${found} (${files} scanned${skipped})${unreadable}.`;
}

/** A path for text output: control characters (a newline in a name) are escaped, so one finding stays one line. */
export function shownPath(filePath: string | null): string {
  if (filePath === null) return STDIN_NAME;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped.
  return /[\u0000-\u001f\u007f]/.test(filePath) ? JSON.stringify(filePath) : filePath;
}

/** "1 file", "2 files". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
