/**
 * Session lifetime rules, pure. A session ends after a spell of inactivity (idle expiry,
 * sliding) or at a fixed time after sign-in however active it is (absolute expiry), so a stolen
 * cookie is not good for ever. Last use is written at most once a minute: activity costs no
 * database write per request, and the idle expiry is exact to within that minute.
 */

const MINUTE_MS = 60_000;

/** A session not used for this long has ended. */
export const SESSION_IDLE_MS = 8 * 60 * MINUTE_MS;

/** A session ends this long after sign-in, whatever happens. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * MINUTE_MS;

/** Last use is written when it is at least this old. */
export const LAST_SEEN_WRITE_INTERVAL_MS = MINUTE_MS;

/** Whether a session is usable, or why not. */
export type SessionStatus = "active" | "idleExpired" | "expired";

/** The times that decide a session's fate, in epoch milliseconds. */
export interface SessionTimes {
  readonly lastSeenAtMs: number;
  readonly expiresAtMs: number;
}

/** Whether a session is still usable at `nowMs`. */
export function sessionStatus(times: SessionTimes, nowMs: number): SessionStatus {
  if (nowMs >= times.expiresAtMs) return "expired";
  if (nowMs - times.lastSeenAtMs >= SESSION_IDLE_MS) return "idleExpired";
  return "active";
}

/** True when last use should be written now. */
export function lastSeenIsStale(lastSeenAtMs: number, nowMs: number): boolean {
  return nowMs - lastSeenAtMs >= LAST_SEEN_WRITE_INTERVAL_MS;
}

/** When the session ends if it is not used again. */
export function effectiveExpiryMs(times: SessionTimes): number {
  return Math.min(times.lastSeenAtMs + SESSION_IDLE_MS, times.expiresAtMs);
}
