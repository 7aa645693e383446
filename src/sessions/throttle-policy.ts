/**
 * The sign-in throttle as pure rules (no I/O, no clock of its own).
 *
 * Model: each key has a count of recent failures. The first few are free; from then on every
 * further count blocks the key for an exponentially growing time, capped, so guessing slows to
 * one attempt per cap interval. The count is forgotten once the key has been quiet (no failure,
 * no block) for a whole window, so nobody is locked out for good: at most `maxDelayMs` after an
 * attack stops.
 *
 * Three keys, each answering one threat, none of which one neighbour can trip for someone else:
 * - **(account, address)** — one client guessing one account's password. Every failure counts;
 *   5 are free. It blocks only that account from that address.
 * - **account** — one account guessed from many addresses (a botnet, or a spread of proxies). It
 *   is charged only with each address's free failures (`chargesOf`), so one address alone can
 *   put at most 5 on it per window — far below its 25 — and a neighbour who keeps guessing a
 *   victim's password from their own address blocks only themselves.
 * - **address** — credential stuffing: one client trying leaked passwords on many accounts. It is
 *   charged once per distinct account per window (a pair's first failure), never for repeats,
 *   and blocks only after 50 distinct accounts: people sharing an address behind NAT who mistype
 *   their own passwords, or a neighbour trying a handful of names, never reach it.
 *
 * What one client can still do to others: guess *your* account from *your* address (the pair is
 * the same, nothing tells you apart), and make 50 distinct accounts fail from a shared address.
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

/** Shared shape: 30 s, 1 min, 2 min … up to 15 min, forgotten after 15 quiet minutes. */
const BACKOFF = { baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE_MS, windowMs: 15 * MINUTE_MS } as const;

/** Per (account, address): 5 free failures, then backoff. */
export const PAIR_POLICY: ThrottlePolicy = { freeFailures: 5, ...BACKOFF };

/**
 * Per account, from many addresses: 25 free charges (five addresses' worth of free failures).
 * Its window must not be longer than the pair's: that is what keeps one address's charges in
 * one window to `PAIR_POLICY.freeFailures` (a pair restarts only after the account row lapsed).
 */
export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 25, ...BACKOFF };

/** Per address, over distinct accounts: 50 free. */
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 50, ...BACKOFF };

/** Which wider keys a failure is charged to, given the (account, address) state after it. */
export function chargesOf(pair: ThrottleState): { account: boolean; address: boolean } {
  return { account: pair.failures <= PAIR_POLICY.freeFailures, address: pair.failures === 1 };
}

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
