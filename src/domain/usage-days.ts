/**
 * Daily token usage as data (issue 8, "Usage and metrics"): UTC day numbers, the bounds on what
 * a day keeps, merging two accounts of one day, and the zero-filled series the usage API shows.
 * Pure: the recorder counts in memory, the flush merges with what is stored, the route fills.
 */

/** Milliseconds in a UTC day. */
export const DAY_MS = 24 * 60 * 60 * 1000;
/** How many days of usage are kept (and the most the usage API shows). */
export const USAGE_RETENTION_DAYS = 90;
/** Distinct client addresses kept per token per day; further ones are not counted. */
export const MAX_ADDRESSES_PER_DAY = 20;
/** Distinct user agents kept per token per day; further ones are not kept. */
export const MAX_USER_AGENTS_PER_DAY = 10;
/** A stored user agent is cut to this many characters. */
export const USER_AGENT_MAX_LENGTH = 200;
/** The scope key of requests that needed no particular scope. */
export const NO_SCOPE = "none";

/** One token's use on one UTC day. */
export interface UsageDay {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly requests: number;
  /** Scope needed → requests; `none` for requests that needed no particular scope. */
  readonly scopes: Readonly<Record<string, number>>;
  readonly clientAddresses: readonly string[];
  readonly userAgents: readonly string[];
}

/** The UTC day number (days since 1970-01-01) of an instant: integer arithmetic, no Date. */
export function dayNumberOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The `YYYY-MM-DD` of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The first `max` distinct entries of `first` then `second`, in that order. */
export function mergeBounded(first: readonly string[], second: readonly string[], max: number): string[] {
  return [...new Set([...first, ...second])].slice(0, max);
}

/** A user agent as stored: cut to the bound. */
export function storedUserAgent(userAgent: string): string {
  return userAgent.length > USER_AGENT_MAX_LENGTH ? userAgent.slice(0, USER_AGENT_MAX_LENGTH) : userAgent;
}

/** Two accounts of the same day (stored and not yet written, or two instances') as one. */
export function mergeUsageDays(a: UsageDay, b: UsageDay): UsageDay {
  const scopes: Record<string, number> = { ...a.scopes };
  for (const [scope, count] of Object.entries(b.scopes)) scopes[scope] = (scopes[scope] ?? 0) + count;
  return {
    date: a.date,
    requests: a.requests + b.requests,
    scopes,
    clientAddresses: mergeBounded(a.clientAddresses, b.clientAddresses, MAX_ADDRESSES_PER_DAY),
    userAgents: mergeBounded(
      a.userAgents.map(storedUserAgent),
      b.userAgents.map(storedUserAgent),
      MAX_USER_AGENTS_PER_DAY,
    ),
  };
}

/** A day without use. */
export function emptyUsageDay(date: string): UsageDay {
  return { date, requests: 0, scopes: {}, clientAddresses: [], userAgents: [] };
}

/** Every day of the `days` ending with `today` (a day number), oldest first, zeros where nothing was recorded. */
export function dailySeries(today: number, days: number, recorded: readonly UsageDay[]): UsageDay[] {
  const byDate = new Map<string, UsageDay>();
  for (const day of recorded) {
    const known = byDate.get(day.date);
    byDate.set(day.date, known === undefined ? day : mergeUsageDays(known, day));
  }
  const series: UsageDay[] = [];
  for (let day = today - days + 1; day <= today; day++) {
    const date = dateOfDay(day);
    series.push(byDate.get(date) ?? emptyUsageDay(date));
  }
  return series;
}

/** The scopes requests needed over a series (catalog scopes only, not `none`), first use first. */
export function scopesExercised(series: readonly UsageDay[]): string[] {
  const used = new Set<string>();
  for (const day of series) for (const scope of Object.keys(day.scopes)) if (scope !== NO_SCOPE) used.add(scope);
  return [...used];
}
