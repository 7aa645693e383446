/**
 * In-memory counts of what authentication did, by outcome and reason: the numbers a `/metrics`
 * endpoint exports (the precise reasons of credential failures go here and to the log, never to
 * the client). Plain increments: this runs on every request.
 */

/** What happened to a request's (or an introspected token's) credential. */
export type RefusalOutcome = "rejected" | "throttled" | "denied" | "inactive";

/** A point-in-time copy of the counts. */
export interface AuthCountsSnapshot {
  readonly admitted: number;
  readonly cacheHits: number;
  readonly storeLookups: number;
  readonly negativeCacheHits: number;
  readonly refused: Readonly<Record<RefusalOutcome, Readonly<Record<string, number>>>>;
}

/** The counters of one process. */
export class AuthCounts {
  /** Requests whose credential was accepted and whose access was granted. */
  admitted = 0;
  /** Verifications answered by the token cache. */
  cacheHits = 0;
  /** Verifications that read the store (a cache miss of a well-formed token). */
  storeLookups = 0;
  /** Verifications of an unknown token answered by the negative cache instead of the store. */
  negativeCacheHits = 0;
  private readonly refusals = new Map<RefusalOutcome, Map<string, number>>();

  /** Counts one refusal. */
  refused(outcome: RefusalOutcome, reason: string): void {
    let byReason = this.refusals.get(outcome);
    if (byReason === undefined) {
      byReason = new Map();
      this.refusals.set(outcome, byReason);
    }
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }

  /** A copy of every count. */
  snapshot(): AuthCountsSnapshot {
    const refused = { rejected: {}, throttled: {}, denied: {}, inactive: {} };
    for (const [outcome, byReason] of this.refusals) refused[outcome] = Object.fromEntries(byReason);
    return {
      admitted: this.admitted,
      cacheHits: this.cacheHits,
      storeLookups: this.storeLookups,
      negativeCacheHits: this.negativeCacheHits,
      refused,
    };
  }
}
