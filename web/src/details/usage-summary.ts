/**
 * What the details page says about a token's usage, as data: totals for the chart's text
 * alternative, the latest day's user agents, and which granted scopes requests exercised. Pure.
 */
import { expandScopes } from "../../../src/domain/scopes.ts";
import type { TokenUsage, UsageDay } from "../api/usage.ts";
import { describeScope, FULL_ACCESS_SCOPE } from "../tokens/scope-selection.ts";

/** The period's totals. */
export interface UsageTotals {
  requests: number;
  activeDays: number;
  /** The most distinct client addresses seen on one day. */
  peakAddresses: number;
}

/** Sums the series. */
export function usageTotals(series: readonly UsageDay[]): UsageTotals {
  return {
    requests: series.reduce((sum, day) => sum + day.requests, 0),
    activeDays: series.filter((day) => day.requests > 0).length,
    peakAddresses: Math.max(0, ...series.map((day) => day.distinctClientAddresses)),
  };
}

/** The chart's text alternative, e.g. "42 requests on 3 of the last 30 days; at most 2 client addresses a day." */
export function usageSentence(totals: UsageTotals, days: number): string {
  const requests = totals.requests === 1 ? "1 request" : `${totals.requests} requests`;
  const addresses = totals.peakAddresses === 1 ? "1 client address" : `${totals.peakAddresses} client addresses`;
  return `${requests} on ${totals.activeDays} of the last ${days} days; at most ${addresses} a day.`;
}

const DAY_LABEL = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" });

/** "Jun 3" of a `YYYY-MM-DD` (UTC) day. */
export function dayLabel(date: string): string {
  return DAY_LABEL.format(new Date(`${date}T00:00:00Z`));
}

/**
 * One chart's text alternative, e.g. "Requests per day, last 30 days: 9 in total, most on Jun 3 (5)."
 * (ties go to the latest day).
 */
export function chartDescription(title: string, series: readonly UsageDay[], value: (day: UsageDay) => number): string {
  let peak: UsageDay | undefined;
  for (const day of series) if (peak === undefined || value(day) >= value(peak)) peak = day;
  const total = series.reduce((sum, day) => sum + value(day), 0);
  const most = peak === undefined || value(peak) === 0 ? "" : `, most on ${dayLabel(peak.date)} (${value(peak)})`;
  return `${title}, last ${series.length} days: ${total} in total${most}.`;
}

/** The most recent day with requests, whose user agents stand for "last used with". */
export function latestActiveDay(series: readonly UsageDay[]): UsageDay | undefined {
  return [...series].reverse().find((day) => day.requests > 0);
}

/** A granted scope, in words, and whether any request of the period needed what it grants. */
export interface GrantedScopeUse {
  scope: string;
  label: string;
  used: boolean;
}

/**
 * Each granted scope with its use. A request records the scope it needed, which may be lower
 * than the one granted (a `vso.code_write` token reading code records `vso.code`), so a granted
 * scope counts as used when what it grants covers a scope used.
 */
export function grantedScopeUses(usage: Pick<TokenUsage, "scopesGranted" | "scopesUsed">): GrantedScopeUse[] {
  return usage.scopesGranted.map((scope) => {
    const grants = expandScopes([scope]);
    return {
      scope,
      label: scope === FULL_ACCESS_SCOPE ? "Full access" : (describeScope(scope)[0] ?? scope),
      used: usage.scopesUsed.some((used) => grants.has(used)),
    };
  });
}

/**
 * The scope string to narrow to, or null when narrowing would change nothing (every granted
 * scope is needed as it is) or there is nothing to narrow to (no request needed a scope).
 */
export function narrowingSuggestion(usage: Pick<TokenUsage, "scopesGranted" | "suggestedScope">): string | null {
  const suggested = usage.suggestedScope;
  if (suggested === null) return null;
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((scope) => b.includes(scope));
  return same(suggested.split(" "), usage.scopesGranted) ? null : suggested;
}
