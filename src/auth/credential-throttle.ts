/**
 * The failed-credential throttle (SPEC section 3, abuse limits): after a number of credential
 * failures from one client address within a window, further *failures* from it are answered 429
 * with Retry-After instead of 401.
 *
 * Model: it only changes how failures are answered. Every request is still verified, so a valid
 * token is never refused, even from a throttled address (several clients may share one address
 * behind NAT or a proxy), and other addresses are never affected: each address has its own count.
 * What bounds the store work of a flood is elsewhere (negative cache, per-address lookup lanes);
 * this tells a misbehaving or misconfigured client to back off, and makes a flood visible in the
 * status codes.
 *
 * Memory is bounded: at most THROTTLED_ADDRESSES_KEPT addresses are tracked, the one whose window
 * started longest ago is forgotten first.
 */

/**
 * Failures one address may have in a window before it is answered 429. High enough that a client
 * retrying with a wrong token (git asks three times, CI jobs in parallel) never sees it; low enough
 * that a guessing or flooding client is told so within its first second.
 */
export const CREDENTIAL_FAILURE_LIMIT = 20;
/** The window failures are counted in; its end is the Retry-After a throttled address gets. */
export const CREDENTIAL_FAILURE_WINDOW_MS = 60_000;
/** Most addresses tracked at once (a few MB at most). */
export const THROTTLED_ADDRESSES_KEPT = 10_000;

interface Window {
  readonly startMs: number;
  failures: number;
}

/** The throttle of one process. */
export class CredentialThrottle {
  // Insertion order is window-start order: a new window re-inserts its address at the end.
  private readonly byAddress = new Map<string, Window>();

  constructor(
    private readonly limit: number = CREDENTIAL_FAILURE_LIMIT,
    private readonly windowMs: number = CREDENTIAL_FAILURE_WINDOW_MS,
    private readonly maxAddresses: number = THROTTLED_ADDRESSES_KEPT,
  ) {}

  /** Counts a credential failure from `address`; returns the seconds to wait when it is over the limit, else 0. */
  failed(address: string, nowMs: number): number {
    let window = this.byAddress.get(address);
    if (window === undefined || nowMs >= window.startMs + this.windowMs || nowMs < window.startMs) {
      this.byAddress.delete(address);
      if (this.byAddress.size >= this.maxAddresses) {
        const oldest = this.byAddress.keys().next();
        if (!oldest.done) this.byAddress.delete(oldest.value);
      }
      window = { startMs: nowMs, failures: 0 };
      this.byAddress.set(address, window);
    }
    window.failures++;
    if (window.failures <= this.limit) return 0;
    return Math.max(1, Math.ceil((window.startMs + this.windowMs - nowMs) / 1000));
  }

  /** Addresses tracked (for tests and diagnostics). */
  get size(): number {
    return this.byAddress.size;
  }
}
