/**
 * The sign-in throttle as pure rules (no I/O, no clock of its own).
 *
 * Model: each key (an account name, or a client address) has a count of recent failures. The
 * first few are free; from then on every further failure blocks the key for an exponentially
 * growing time, capped, so guessing slows to one attempt per cap interval. The count is
 * forgotten once the key has been quiet (no failure, no block) for a whole window, so the real
 * user is never locked out for good: at most `maxDelayMs` after an attack stops.
 */

/** How one kind of key is throttled. */
export interface ThrottlePolicy {
  /** Failures allowed before the first block. */
  readonly freeFailures: number;
  /** The first block; each further failure doubles it. */
  readonly baseDelayMs: number;
  /** The longest block. */
  readonly maxDelayMs: number;
  /** The count is forgotten after this long without failures or blocks. */
  readonly windowMs: number;
}

/** The recent failures of one key. */
export interface ThrottleState {
  readonly failures: number;
  readonly lastFailureAtMs: number;
  readonly blockedUntilMs: number | null;
}

/** Whether an attempt may proceed, or how long to wait. */
export type ThrottleCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const MINUTE_MS = 60_000;

/** Per account: 5 free failures within 15 minutes, then 30 s, 1 min, 2 min … up to 15 min. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * MINUTE_MS,
  windowMs: 15 * MINUTE_MS,
};

/**
 * Per client address: more lenient (several people may share an address behind NAT), but it
 * stops one client from trying a few passwords against every account.
 */
export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 20,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * MINUTE_MS,
  windowMs: 15 * MINUTE_MS,
};

/** When a state stops mattering: a whole window after its last failure or block. */
export function forgetAtMs(state: ThrottleState, policy: ThrottlePolicy): number {
  return Math.max(state.lastFailureAtMs, state.blockedUntilMs ?? 0) + policy.windowMs;
}

/** Whether an attempt may proceed now. */
export function checkThrottle(state: ThrottleState | undefined, nowMs: number): ThrottleCheck {
  if (state?.blockedUntilMs == null || nowMs >= state.blockedUntilMs) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((state.blockedUntilMs - nowMs) / 1000)) };
}

/** The state after one more failure at `nowMs`. */
export function afterFailure(state: ThrottleState | undefined, nowMs: number, policy: ThrottlePolicy): ThrottleState {
  const live = state !== undefined && nowMs < forgetAtMs(state, policy) ? state : undefined;
  const failures = (live?.failures ?? 0) + 1;
  const over = failures - policy.freeFailures;
  // 2^over overflows harmlessly to Infinity and is then capped.
  const delay = over < 0 ? 0 : Math.min(policy.baseDelayMs * 2 ** over, policy.maxDelayMs);
  return { failures, lastFailureAtMs: nowMs, blockedUntilMs: delay > 0 ? nowMs + delay : null };
}
