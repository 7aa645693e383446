/**
 * The audit log's filters as they live in the URL (`?range=7d&event=Token&actor=alice`, or
 * `?range=custom&from=2026-05-01&to=2026-05-31`), so a reload or a shared link shows the same
 * entries, and their translation into the API's query. Dates are UTC days, as labelled.
 */
import type { AuditQuery } from "../api/audit.ts";

export type RangePreset = "24h" | "7d" | "30d" | "custom";

export const RANGE_OPTIONS: readonly { value: RangePreset; label: string }[] = [
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "custom", label: "Custom range" },
];

export const DEFAULT_RANGE: RangePreset = "7d";

const HOUR_MS = 60 * 60 * 1000;
const PRESET_MS: Readonly<Record<Exclude<RangePreset, "custom">, number>> = {
  "24h": 24 * HOUR_MS,
  "7d": 7 * 24 * HOUR_MS,
  "30d": 30 * 24 * HOUR_MS,
};

/** The filters read from the URL. */
export interface AuditFilters {
  range: RangePreset;
  /** yyyy-mm-dd (UTC), custom range only. */
  from: string;
  to: string;
  event: string;
  actor: string;
}

/** The URL parameter of each filter. */
export const FILTER_PARAMS = { range: "range", from: "from", to: "to", event: "event", actor: "actor" } as const;

/** The filters of a query string; unknown values fall back to the defaults. */
export function readFilters(search: URLSearchParams): AuditFilters {
  const range = search.get(FILTER_PARAMS.range);
  return {
    range: RANGE_OPTIONS.some((option) => option.value === range) ? (range as RangePreset) : DEFAULT_RANGE,
    from: validDay(search.get(FILTER_PARAMS.from)),
    to: validDay(search.get(FILTER_PARAMS.to)),
    event: search.get(FILTER_PARAMS.event) ?? "",
    actor: search.get(FILTER_PARAMS.actor) ?? "",
  };
}

function validDay(value: string | null): string {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : "";
}

/** The API query for the filters, or the reason they cannot be applied (a custom range backwards). */
export function toQuery(
  filters: AuditFilters,
  now: Date,
): { ok: true; query: AuditQuery } | { ok: false; reason: string } {
  const query: AuditQuery = {};
  if (filters.event !== "") query.actionId = filters.event;
  if (filters.actor.trim() !== "") query.actor = filters.actor.trim();
  if (filters.range !== "custom") {
    // Open-ended, so events that happen while the page is open show on the next load.
    query.startTime = new Date(now.getTime() - PRESET_MS[filters.range]).toISOString();
    return { ok: true, query };
  }
  if (filters.from !== "" && filters.to !== "" && filters.to < filters.from) {
    return { ok: false, reason: "The end date must not be before the start date." };
  }
  if (filters.from !== "") query.startTime = `${filters.from}T00:00:00.000Z`;
  // The end day is included: the API's end is exclusive, so it is the next day's midnight.
  if (filters.to !== "") query.endTime = nextDay(filters.to);
  return { ok: true, query };
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 24 * HOUR_MS).toISOString();
}
