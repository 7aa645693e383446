/**
 * One token's not-yet-written use on one UTC day, as the usage recorder keeps it in memory.
 * `note` runs on every admitted request: counters and bounded arrays of strings the request
 * already has (its address, its User-Agent header), no Date, no string building, no allocation
 * once the day's entry exists but a first sighting of a scope, address or agent.
 */
import {
  dateOfDay,
  MAX_ADDRESSES_PER_DAY,
  MAX_USER_AGENTS_PER_DAY,
  NO_SCOPE,
  storedUserAgent,
  type UsageDay,
} from "../domain/usage-days.js";

/** A day's counts not yet written, and the distinct values seen (written ones too: merging them again is harmless). */
export interface PendingDay {
  /** UTC day number. */
  readonly day: number;
  requests: number;
  readonly scopes: Map<string, number>;
  readonly clientAddresses: string[];
  /** Cut to the stored length when noted. */
  readonly userAgents: string[];
  /**
   * A write of this day that failed in a way that may have committed (its answer was lost): its
   * id and what it carried. The next flush looks for its receipt before writing again.
   */
  unconfirmed: { readonly writeId: string; readonly written: UsageDay } | undefined;
}

/** A fresh day. */
export function newPendingDay(day: number): PendingDay {
  return { day, requests: 0, scopes: new Map(), clientAddresses: [], userAgents: [], unconfirmed: undefined };
}

/** Counts one admitted request on its day. */
export function notePendingUse(
  pending: PendingDay,
  clientIp: string,
  scope: string | undefined,
  userAgent: string | undefined,
): void {
  pending.requests++;
  const key = scope ?? NO_SCOPE;
  pending.scopes.set(key, (pending.scopes.get(key) ?? 0) + 1);
  const addresses = pending.clientAddresses;
  if (addresses.length < MAX_ADDRESSES_PER_DAY && !addresses.includes(clientIp)) addresses.push(clientIp);
  const agents = pending.userAgents;
  if (userAgent !== undefined && agents.length < MAX_USER_AGENTS_PER_DAY) {
    // Cut before comparing, so agents alike in their stored part take one slot (a slice only when too long).
    const stored = storedUserAgent(userAgent);
    if (!agents.includes(stored)) agents.push(stored);
  }
}

/** True while the day has counts not yet written. */
export function hasUnwritten(pending: PendingDay): boolean {
  return pending.requests > 0 || pending.scopes.size > 0;
}

/** A copy of what is pending, as a day of usage (taken at flush time or for the usage API). */
export function pendingUsageDay(pending: PendingDay): UsageDay {
  return {
    date: dateOfDay(pending.day),
    requests: pending.requests,
    scopes: Object.fromEntries(pending.scopes),
    clientAddresses: [...pending.clientAddresses],
    userAgents: [...pending.userAgents],
  };
}

/** Takes a written day's counts off what is pending: uses that landed during the write stay. */
export function markWritten(pending: PendingDay, written: UsageDay): void {
  pending.requests -= written.requests;
  for (const [scope, count] of Object.entries(written.scopes)) {
    const left = (pending.scopes.get(scope) ?? 0) - count;
    if (left > 0) pending.scopes.set(scope, left);
    else pending.scopes.delete(scope);
  }
}
