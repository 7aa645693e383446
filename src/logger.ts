/**
 * The process logger, and the rate limit on failure lines.
 *
 * Authorization headers and cookies are redacted as a second line of defence; the first is that
 * no code logs a token value.
 *
 * Threat: a flood of bad requests (forged tokens, garbage) writing a line each can fill the disk
 * and bury everything else. So failure lines pass through a FailureLog: a burst is written in
 * full (an operator debugging a client sees every line), after that a steady trickle, and the
 * rest are only counted by reason and written as one summary line per interval, so every
 * failure stays countable.
 */
import pino, { type DestinationStream, type Logger } from "pino";
import { type Clock, systemClock } from "./clock.js";

/** Failure lines written in full before the rate limit applies (a client's retries, a test's run). */
export const FAILURE_LOG_BURST = 200;
/** Failure lines per second once the burst is spent: ~3 KB/s of log at most under any flood. */
export const FAILURE_LOG_PER_SECOND = 10;
/** How often (real time) the summary of failures not logged one by one is written, at most. */
export const FAILURE_SUMMARY_INTERVAL_MS = 10_000;

/** The fields of a failure line; `reason` is what the summary counts by. */
export interface FailureFields {
  readonly reason: string;
  readonly [field: string]: unknown;
}

/** A token bucket over failure lines, with a summary of what it held back. */
export class FailureLog {
  private allowance = FAILURE_LOG_BURST;
  private lastRefillMs: number | undefined;
  private readonly held = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Pick<Logger, "info" | "warn">,
    private readonly clock: Clock,
  ) {}

  /** Writes one failure line, or counts it by reason when the rate is exceeded. */
  write(fields: FailureFields, message: string, nowMs: number = this.clock.now().getTime()): void {
    this.refill(nowMs);
    if (this.allowance >= 1) {
      this.allowance -= 1;
      this.logger.info(fields, message);
      return;
    }
    this.held.set(fields.reason, (this.held.get(fields.reason) ?? 0) + 1);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), FAILURE_SUMMARY_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Writes the summary of failures held back since the last one, if any. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.held.size === 0) return;
    let suppressed = 0;
    for (const count of this.held.values()) suppressed += count;
    this.logger.warn({ suppressed, reasons: Object.fromEntries(this.held) }, "failures not logged one by one");
    this.held.clear();
  }

  private refill(nowMs: number): void {
    // A clock that goes back (or a test's frozen clock) refills nothing.
    const elapsed = this.lastRefillMs === undefined ? 0 : Math.max(0, nowMs - this.lastRefillMs);
    this.lastRefillMs = Math.max(nowMs, this.lastRefillMs ?? nowMs);
    this.allowance = Math.min(FAILURE_LOG_BURST, this.allowance + (elapsed * FAILURE_LOG_PER_SECOND) / 1000);
  }
}

const failureLogs = new WeakMap<object, FailureLog>();
const loggedRequests = new WeakSet<object>();

/** The failure log of a logger (one per process in production; one per app in tests). */
export function failureLogOf(logger: Pick<Logger, "info" | "warn">): FailureLog {
  let log = failureLogs.get(logger);
  if (log === undefined) {
    log = new FailureLog(logger, systemClock);
    failureLogs.set(logger, log);
  }
  return log;
}

/** Makes `logger` (e.g. the HTTP server's child of the process logger) share an existing failure log. */
export function shareFailureLog(logger: object, log: FailureLog): void {
  failureLogs.set(logger, log);
}

/** Notes that a request's failure has been logged, so the error response adds no second line. */
export function markFailureLogged(request: object): void {
  loggedRequests.add(request);
}

/** True when a request's failure has already been logged. */
export function isFailureLogged(request: object): boolean {
  return loggedRequests.has(request);
}

/** Creates the logger at a level, writing to `destination` (stdout by default). */
export function createLogger(level: string, destination?: DestinationStream, clock: Clock = systemClock): Logger {
  const options = {
    level,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'req.headers["x-patina-csrf"]',
        "headers.authorization",
      ],
      censor: "[redacted]",
    },
  };
  const logger = destination ? pino(options, destination) : pino(options);
  failureLogs.set(logger, new FailureLog(logger, clock));
  return logger;
}
