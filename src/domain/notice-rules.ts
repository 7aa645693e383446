/**
 * When a notice is due and how delivery retries: pure rules, no I/O. Expiry notices follow
 * GitLab (a list of day counts before validTo, e.g. 30 and 7); retries back off exponentially and
 * give up after a bound, so a broken mail server costs a few attempts per notice, not a loop.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Delivery attempts before a notice is given up (status failed). */
export const MAX_NOTICE_ATTEMPTS = 8;

/** The first retry waits this long; each further one twice as long. */
export const FIRST_RETRY_DELAY_MS = 60_000;

/** No retry waits longer than this. */
export const MAX_RETRY_DELAY_MS = 60 * 60_000;

/** How long a claimed notice may be sending before another run may try it again (a crashed sender). */
export const SENDING_LEASE_MS = 10 * 60_000;

/** What to do after the `attempts`-th attempt failed: retry at a time, or give up. */
export function afterFailure(attempts: number, now: Date): { retry: true; at: Date } | { retry: false } {
  if (attempts >= MAX_NOTICE_ATTEMPTS) return { retry: false };
  const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
  return { retry: true, at: new Date(now.getTime() + delay) };
}

/** The latest validTo an expiry sweep at `now` must look at: now + the largest threshold. */
export function expiryWindowEnd(now: Date, thresholdDays: readonly number[]): Date {
  return new Date(now.getTime() + Math.max(0, ...thresholdDays) * DAY_MS);
}

/** An expiry notice for one threshold: send it, or record it as not to be sent. */
export interface ExpiryDecision {
  readonly days: number;
  readonly send: boolean;
}

/**
 * The expiry notices due at `now` for an active token, one per threshold it has crossed. Only the
 * nearest crossed threshold is sent (a token first seen 5 days before its end gets the 7-day notice,
 * not also the 30-day one); a threshold longer than the token's lifetime (validFrom → validTo) is
 * never sent: its owner chose that short life a moment ago.
 */
export function dueExpiryNotices(
  token: { validFrom: Date; validTo: Date },
  now: Date,
  thresholdDays: readonly number[],
): ExpiryDecision[] {
  const left = token.validTo.getTime() - now.getTime();
  if (left <= 0) return [];
  const lifetime = token.validTo.getTime() - token.validFrom.getTime();
  const crossed = [...new Set(thresholdDays)].filter((days) => left <= days * DAY_MS).sort((a, b) => a - b);
  return crossed.map((days, index) => ({ days, send: index === 0 && lifetime > days * DAY_MS }));
}

/** Parses a GitLab-style list of day counts ("30,7"); an error message when it is not one. */
export function parseExpiryDays(raw: string): { ok: true; days: number[] } | { ok: false; message: string } {
  const parts = raw.split(",").map((part) => part.trim());
  const days: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) < 1 || Number(part) > 365) {
      return { ok: false, message: "must be day counts from 1 to 365, separated by commas (e.g. 30,7)" };
    }
    days.push(Number(part));
  }
  return { ok: true, days: [...new Set(days)].sort((a, b) => b - a) };
}

/**
 * Whether a revocation is the owner's own doing (no notice then): the owner is only told when
 * someone else or the system revoked their token.
 */
export function isOwnRevocation(actorUserId: string | null, ownerUserId: string): boolean {
  return actorUserId !== null && actorUserId === ownerUserId;
}
