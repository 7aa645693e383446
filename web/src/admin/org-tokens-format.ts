/** Words for the organization token list: scopes as the scope picker names them, dates in UTC. */
import { FULL_ACCESS_SCOPE, SCOPE_CATALOG } from "../../../src/domain/scope-catalog.ts";

const WORDS = new Map<string, string>();
for (const area of SCOPE_CATALOG) {
  for (const level of [...area.levels, ...(area.separate ?? [])]) {
    if (!WORDS.has(level.scope)) WORDS.set(level.scope, `${area.name}: ${level.label}`);
  }
}

/** Every scope of the catalog with its words, for the scope filter. */
export const SCOPE_OPTIONS: readonly { scope: string; label: string }[] = [...WORDS].map(([scope, label]) => ({
  scope,
  label: `${label} (${scope})`,
}));

/** A token's scope string in words, e.g. ["Code: Read & write"], or ["Full access"]. */
export function scopeWords(scope: string): string[] {
  return scope
    .split(/\s+/)
    .filter((name) => name !== "")
    .map((name) => (name === FULL_ACCESS_SCOPE ? "Full access" : (WORDS.get(name) ?? name)));
}

const DATE = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });

/** A date as the list shows it, e.g. "Mar 3, 2026". */
export function shortDate(iso: string | null): string {
  return iso === null ? "Never" : DATE.format(new Date(iso));
}
