import type { PatTokenView } from "../tokens/pat-view.js";

/**
 * Formats tokens as an aligned table for people. Targets are shown by organization name where
 * the owner still belongs to it, by id otherwise; the value itself is never available here.
 */
export function formatTokenTable<T extends PatTokenView>(
  tokens: readonly T[],
  orgNames: ReadonlyMap<string, string>,
  /** Adds an OWNER column (organization lists show several users' tokens). */
  ownerOf?: (token: T) => string,
): string {
  if (tokens.length === 0) return "No tokens.\n";
  const owner = ownerOf === undefined ? [] : ["OWNER"];
  const header = ["AUTHORIZATION ID", ...owner, "NAME", "STATUS", "TARGET", "VALID TO (UTC)", "HINT", "SCOPE"];
  const rows = tokens.map((token) => [
    token.authorizationId,
    ...(ownerOf === undefined ? [] : [printable(ownerOf(token))]),
    printable(token.displayName),
    token.status,
    token.targetAccounts === null
      ? "all orgs"
      : token.targetAccounts.map((orgId) => orgNames.get(orgId) ?? orgId).join(","),
    token.validTo.slice(0, 16).replace("T", " "),
    token.tokenHint,
    token.scope,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return `${[header, ...rows].map(line).join("\n")}\n`;
}

/** Names are user input: control characters (newlines, terminal escapes) must not reach the terminal. */
function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, " ");
}
