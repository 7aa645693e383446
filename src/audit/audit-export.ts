/**
 * The audit log as a download: JSON (an array of DecoratedAuditLogEntry, streamed) or CSV.
 * CSV cells are always quoted (quotes doubled), and a cell that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe:
 * event fields hold what users typed (token names, user agents), and an export must not turn
 * them into formulas on an administrator's machine.
 */
import type { DecoratedAuditLogEntry } from "./audit-entry.js";

/** The export formats. */
export type ExportFormat = "json" | "csv";

/** CSV columns, in Azure DevOps' order of the entry's fields. */
const CSV_COLUMNS = [
  "id",
  "correlationId",
  "activityId",
  "actorCUID",
  "actorUserId",
  "actorClientId",
  "actorUPN",
  "authenticationMechanism",
  "timestamp",
  "scopeType",
  "scopeDisplayName",
  "scopeId",
  "projectId",
  "projectName",
  "ipAddress",
  "userAgent",
  "actionId",
  "data",
  "details",
  "area",
  "category",
  "categoryDisplayName",
  "actorDisplayName",
] as const satisfies readonly (keyof DecoratedAuditLogEntry)[];

/** One CSV cell: formula-safe, quoted. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

function csvRow(entry: DecoratedAuditLogEntry): string {
  return CSV_COLUMNS.map((column) => {
    const value = entry[column];
    return csvCell(typeof value === "string" ? value : JSON.stringify(value));
  }).join(",");
}

/** The export's text, chunk by chunk. */
export async function* exportChunks(
  entries: AsyncIterable<DecoratedAuditLogEntry>,
  format: ExportFormat,
): AsyncGenerator<string> {
  if (format === "csv") {
    const header = CSV_COLUMNS.map((column) => column.charAt(0).toUpperCase() + column.slice(1));
    yield `${header.join(",")}\r\n`;
    for await (const entry of entries) yield `${csvRow(entry)}\r\n`;
    return;
  }
  let first = true;
  yield "[";
  for await (const entry of entries) {
    yield `${first ? "" : ","}\n${JSON.stringify(entry)}`;
    first = false;
  }
  yield "\n]\n";
}
