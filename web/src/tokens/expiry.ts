/** When a token counts as expiring: soon (the notice window) and very soon (the banner's 7 days). */
import type { PatToken } from "../api/tokens.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The banner names the active tokens that expire within this many days. */
export const BANNER_DAYS = 7;

/** The "Expires soon" window: the largest configured notice day (7 when none is configured). */
export function noticeWindowDays(expiryNoticeDays: readonly number[]): number {
  return expiryNoticeDays.length === 0 ? BANNER_DAYS : Math.max(...expiryNoticeDays);
}

/** Whether an active token expires within `days` of `now`. */
export function expiresWithin(token: PatToken, days: number, now: Date): boolean {
  if (token.status !== "active") return false;
  return new Date(token.validTo).getTime() - now.getTime() <= days * DAY_MS;
}
