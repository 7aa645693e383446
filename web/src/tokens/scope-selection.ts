/**
 * The scope picker's state and its mapping to and from a scope string. The catalog itself is
 * the server's own module (src/domain/scope-catalog.ts): the UI never keeps a second copy.
 */
import {
  FULL_ACCESS_SCOPE,
  SCOPE_CATALOG,
  type ScopeArea,
  type ScopeLevel,
} from "../../../src/domain/scope-catalog.ts";

export { FULL_ACCESS_SCOPE, SCOPE_CATALOG, type ScopeArea, type ScopeLevel };

/** What the picker shows as chosen: one level per area, plus the separate scopes ticked. */
export interface ScopeSelection {
  /** Area name → the chosen level's scope; absent means no access in that area. */
  readonly levels: Readonly<Record<string, string>>;
  readonly separate: ReadonlySet<string>;
  /** Scopes the catalog does not know (kept as they are when a token is edited). */
  readonly other: readonly string[];
}

export const EMPTY_SELECTION: ScopeSelection = { levels: {}, separate: new Set(), other: [] };

/**
 * Areas shown before "Show all scopes" is switched on: the ones most tokens need, as Azure
 * DevOps also shows a short list first. Areas with a chosen scope are always shown.
 */
export const COMMON_AREAS: ReadonlySet<string> = new Set([
  "Build",
  "Code",
  "Packaging",
  "Project and Team",
  "Release",
  "User Profile",
  "Work Items",
]);

/** The selection a stored scope string stands for (`app_token` is handled by the caller). */
export function selectionFromScope(scope: string): ScopeSelection {
  const levels: Record<string, string> = {};
  const separate = new Set<string>();
  const other: string[] = [];
  for (const item of scope.split(/\s+/).filter((s) => s !== "" && s !== FULL_ACCESS_SCOPE)) {
    let known = false;
    for (const area of SCOPE_CATALOG) {
      const rank = area.levels.findIndex((level) => level.scope === item);
      if (rank >= 0) {
        known = true;
        const current = area.levels.findIndex((level) => level.scope === levels[area.name]);
        if (rank > current) levels[area.name] = item;
      }
      if (area.separate?.some((level) => level.scope === item)) {
        known = true;
        separate.add(item);
      }
    }
    if (!known) other.push(item);
  }
  return { levels, separate, other };
}

/** The space-separated scope string of a selection (empty when nothing is chosen). */
export function scopeFromSelection(selection: ScopeSelection): string {
  const scopes = new Set([...Object.values(selection.levels), ...selection.separate, ...selection.other]);
  return [...scopes].join(" ");
}

/** The selection with an area's level set (or cleared with ""). */
export function withLevel(selection: ScopeSelection, areaName: string, scope: string): ScopeSelection {
  const levels = { ...selection.levels };
  if (scope === "") delete levels[areaName];
  else levels[areaName] = scope;
  return { ...selection, levels };
}

/** The selection with a separate scope ticked or not. */
export function withSeparate(selection: ScopeSelection, scope: string, checked: boolean): ScopeSelection {
  const separate = new Set(selection.separate);
  if (checked) separate.add(scope);
  else separate.delete(scope);
  return { ...selection, separate };
}

/** True when the area has a chosen level or separate scope. */
export function areaIsChosen(selection: ScopeSelection, area: ScopeArea): boolean {
  return area.name in selection.levels || (area.separate ?? []).some((level) => selection.separate.has(level.scope));
}

/** Whether an area matches the filter text (a name, label, description or scope string). */
export function areaMatches(area: ScopeArea, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === "") return true;
  const levels = [...area.levels, ...(area.separate ?? [])];
  const texts = [
    area.name,
    area.description,
    ...levels.flatMap((level) => [level.label, level.scope, level.description]),
  ];
  return texts.some((text) => text.toLowerCase().includes(needle));
}

/** Human words for a scope string, e.g. ["Code: Read & write", "Code Status"], or ["Full access"]. */
export function describeScope(scope: string): string[] {
  if (scope.split(/\s+/).includes(FULL_ACCESS_SCOPE)) return ["Full access"];
  const selection = selectionFromScope(scope);
  const words: string[] = [];
  for (const area of SCOPE_CATALOG) {
    const chosen = area.levels.find((level) => level.scope === selection.levels[area.name]);
    if (chosen) words.push(`${area.name}: ${chosen.label}`);
    for (const level of area.separate ?? []) {
      if (selection.separate.has(level.scope)) words.push(`${area.name} ${level.label}`);
    }
  }
  return [...words, ...selection.other];
}
