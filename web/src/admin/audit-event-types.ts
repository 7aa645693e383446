/**
 * The event types the Event type filter offers, grouped by area (the part before the dot), so
 * an administrator can ask for a whole area ("Token") or one exact type.
 */
// The server's own list (data only, no imports), so the filter offers every type Patina writes.
import { AUDIT_EVENT_TYPES } from "../../../src/audit/audit-event-types.ts";

export interface EventTypeGroup {
  area: string;
  types: readonly string[];
}

/** The areas in alphabetical order, each with its types in alphabetical order. */
export const EVENT_TYPE_GROUPS: readonly EventTypeGroup[] = groupByArea(AUDIT_EVENT_TYPES);

function groupByArea(types: readonly string[]): EventTypeGroup[] {
  const areas = new Map<string, string[]>();
  for (const type of types) {
    const area = type.split(".")[0] ?? type;
    areas.set(area, [...(areas.get(area) ?? []), type]);
  }
  return [...areas.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([area, list]) => ({ area, types: [...list].sort((a, b) => a.localeCompare(b)) }));
}
