/**
 * A piece of scheduled work (expiry notices, unused-token revocation, audit pruning, usage
 * roll-up). Features export their jobs in this shape; the composition root hands them to the one
 * jobs runner, which runs each at most once at a time across all instances.
 */

/** One scheduled job. */
export interface ScheduledJob {
  /** A stable name: the key of its lock and of its log lines and metrics. */
  readonly name: string;
  /** How often the runner starts it (ms). */
  readonly intervalMs: number;
  /** Does the work due at `now` (the runner's clock, so tests drive it); must be safe to repeat. */
  run(now: Date): Promise<void>;
}
