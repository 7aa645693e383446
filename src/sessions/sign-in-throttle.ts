/**
 * Throttling of failed sign-ins (SPEC section 3 and 11), per (account, address), per account
 * and per address; which threat each key answers is in throttle-policy.ts. Unknown user names
 * are counted exactly like real ones, so a 429 says nothing about whether an account exists.
 * The address is `request.ip`: the real client behind a trusted proxy (PATINA_TRUST_PROXY).
 *
 * The counts live in the database, not in memory, so every instance sees the same numbers and a
 * restart does not reset them; writes are compare-and-set, so concurrent failures are not lost.
 * What is in memory is only the set of attempts in flight in this process: one per account and
 * a few per address at a time, so a burst of parallel guesses cannot all slip in before the
 * first failure is counted (each attempt costs a deliberately slow password hash).
 */
import { createHash } from "node:crypto";
import type { Clock } from "../clock.js";
import type { Queryable } from "../db/query.js";
import {
  deleteThrottleRow,
  findThrottleRows,
  purgeThrottleRows,
  replaceThrottleRow,
  type ThrottleRow,
} from "./throttle.repository.js";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  afterFailure,
  chargesOf,
  checkThrottle,
  forgetAtMs,
  PAIR_POLICY,
  type ThrottleCheck,
  type ThrottlePolicy,
  type ThrottleState,
} from "./throttle-policy.js";

/** Attempts one client address may have in flight at once in this process. */
const PARALLEL_ATTEMPTS_PER_ADDRESS = 4;

/** Compare-and-set retries before a failure is given up as lost (only under extreme contention). */
const WRITE_RETRIES = 5;

/** The three throttle keys of one attempt. */
export interface ThrottleKeys {
  /** The typed account from this address. */
  readonly pair: string;
  readonly account: string;
  readonly address: string;
}

/** The keys for a typed user name and a client address; hashed, so no typed text is stored. */
export function throttleKeys(username: string, address: string): ThrottleKeys {
  const key = (text: string) => createHash("sha256").update(text).digest("base64url");
  const account = username.trim().toLowerCase();
  return {
    // JSON keeps the two parts apart whatever characters a typed name holds.
    pair: key(`pair:${JSON.stringify([account, address])}`),
    account: key(`account:${account}`),
    address: key(`address:${address}`),
  };
}

/** Creates the throttle over a store and a clock. */
export function createSignInThrottle(deps: { db: Queryable; clock: Clock }) {
  const { db, clock } = deps;
  const accountsInFlight = new Set<string>();
  const addressesInFlight = new Map<string, number>();
  const busy = (keys: ThrottleKeys) =>
    accountsInFlight.has(keys.account) || (addressesInFlight.get(keys.address) ?? 0) >= PARALLEL_ATTEMPTS_PER_ADDRESS;

  /** Counts one failure on a key; the state written, or undefined if it was lost to contention. */
  async function recordFailure(key: string, policy: ThrottlePolicy, nowMs: number): Promise<ThrottleState | undefined> {
    for (let attempt = 0; attempt < WRITE_RETRIES; attempt++) {
      const [previous] = await findThrottleRows(db, [key]);
      const next = afterFailure(previous && toState(previous), nowMs, policy);
      if (await replaceThrottleRow(db, toRow(key, next, policy), previous)) return next;
    }
    return undefined;
  }

  function release(keys: ThrottleKeys): void {
    accountsInFlight.delete(keys.account);
    const count = (addressesInFlight.get(keys.address) ?? 1) - 1;
    if (count > 0) addressesInFlight.set(keys.address, count);
    else addressesInFlight.delete(keys.address);
  }

  return {
    /**
     * Refuses an attempt (429 material) or admits it. An admitted attempt holds its slot until
     * `finish` is called, which the caller must do exactly once.
     */
    async admit(keys: ThrottleKeys): Promise<ThrottleCheck> {
      if (busy(keys)) return { allowed: false, retryAfterSeconds: 1 };
      const rows = await findThrottleRows(db, [keys.pair, keys.account, keys.address]);
      const nowMs = clock.now().getTime();
      let retryAfterSeconds = 0;
      for (const row of rows) {
        const check = checkThrottle(toState(row), nowMs);
        if (!check.allowed) retryAfterSeconds = Math.max(retryAfterSeconds, check.retryAfterSeconds);
      }
      if (retryAfterSeconds > 0) return { allowed: false, retryAfterSeconds };
      // Checked again: another attempt may have taken the slot while the rows were read.
      if (busy(keys)) return { allowed: false, retryAfterSeconds: 1 };
      accountsInFlight.add(keys.account);
      addressesInFlight.set(keys.address, (addressesInFlight.get(keys.address) ?? 0) + 1);
      return { allowed: true };
    },

    /**
     * Frees an admitted attempt's slot without counting anything: a correct password that still
     * needs its second factor is neither a failure nor yet the success that clears the count.
     */
    release,

    /**
     * Records an admitted attempt's outcome and frees its slot. A success clears only the pair's
     * count: the account's and the address's may be an attack from elsewhere that one valid
     * password (perhaps a stuffer's own account) must not reset.
     */
    async finish(keys: ThrottleKeys, succeeded: boolean): Promise<void> {
      try {
        const now = clock.now();
        if (succeeded) {
          await deleteThrottleRow(db, keys.pair);
          await purgeThrottleRows(db, now.toISOString());
        } else {
          const pair = await recordFailure(keys.pair, PAIR_POLICY, now.getTime());
          const charges = pair === undefined ? { account: false, address: false } : chargesOf(pair);
          if (charges.account) await recordFailure(keys.account, ACCOUNT_POLICY, now.getTime());
          if (charges.address) await recordFailure(keys.address, ADDRESS_POLICY, now.getTime());
        }
      } finally {
        release(keys);
      }
    },
  };
}

/** The throttle of one process. */
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;

function toState(row: ThrottleRow): ThrottleState {
  return {
    failures: row.failures,
    lastFailureAtMs: Date.parse(row.lastFailureAt),
    blockedUntilMs: row.blockedUntil === null ? null : Date.parse(row.blockedUntil),
  };
}

function toRow(key: string, state: ThrottleState, policy: ThrottlePolicy): ThrottleRow {
  return {
    key,
    failures: state.failures,
    lastFailureAt: new Date(state.lastFailureAtMs).toISOString(),
    blockedUntil: state.blockedUntilMs === null ? null : new Date(state.blockedUntilMs).toISOString(),
    forgetAt: new Date(forgetAtMs(state, policy)).toISOString(),
  };
}
