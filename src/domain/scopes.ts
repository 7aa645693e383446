/**
 * Scope algebra over the catalog: parsing a requested scope string, expanding a token's scopes
 * into everything they grant, and checking a requirement. Pure; computed once at module load.
 */
import { EXTRA_IMPLICATIONS, FULL_ACCESS_SCOPE, SCOPE_CATALOG } from "./scope-catalog.js";

function buildImplications(): Map<string, ReadonlySet<string>> {
  const implied = new Map<string, Set<string>>();
  const add = (scope: string, grants: Iterable<string>) => {
    const set = implied.get(scope) ?? new Set<string>([scope]);
    for (const granted of grants) set.add(granted);
    implied.set(scope, set);
  };
  for (const area of SCOPE_CATALOG) {
    area.levels.forEach((level, index) => {
      add(
        level.scope,
        area.levels.slice(0, index + 1).map((l) => l.scope),
      );
    });
    for (const separate of area.separate ?? []) add(separate.scope, []);
  }
  for (const [scope, extra] of Object.entries(EXTRA_IMPLICATIONS)) add(scope, extra);
  return implied;
}

const IMPLICATIONS = buildImplications();

const FULL_ACCESS_GRANTS: ReadonlySet<string> = new Set(
  SCOPE_CATALOG.filter((area) => !area.excludedFromFullAccess).flatMap((area) => [
    ...area.levels.map((l) => l.scope),
    ...(area.separate ?? []).map((s) => s.scope),
  ]),
);

/** Every scope string a token may be created with. */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([FULL_ACCESS_SCOPE, ...IMPLICATIONS.keys()]);

export type ScopeParseResult =
  | { ok: true; scopes: string[] }
  | { ok: false; reason: "empty" }
  | { ok: false; reason: "unknown"; unknown: string[] };

/**
 * Parses a space-separated scope string as sent by clients. Duplicates are dropped, order is
 * kept; any unknown scope rejects the whole string.
 */
export function parseScopeString(text: string): ScopeParseResult {
  const scopes = [...new Set(text.split(/\s+/).filter((part) => part.length > 0))];
  if (scopes.length === 0) return { ok: false, reason: "empty" };
  const unknown = scopes.filter((scope) => !KNOWN_SCOPES.has(scope));
  if (unknown.length > 0) return { ok: false, reason: "unknown", unknown };
  return { ok: true, scopes };
}

/** Everything a set of (valid) scopes grants, implications included. */
export function expandScopes(scopes: readonly string[]): ReadonlySet<string> {
  const granted = new Set<string>();
  for (const scope of scopes) {
    const grants = scope === FULL_ACCESS_SCOPE ? FULL_ACCESS_GRANTS : IMPLICATIONS.get(scope);
    for (const g of grants ?? []) granted.add(g);
  }
  return granted;
}

/** True when the expanded grants satisfy `required`. */
export function grantsScope(granted: ReadonlySet<string>, required: string): boolean {
  return granted.has(required);
}
