/**
 * The one jobs runner: runs every registered ScheduledJob on its interval, with the injected
 * clock's now, at most once at a time across instances (job-lock.ts). A failing job is logged
 * with its name and counted, and simply runs again at its next interval; it never takes the
 * process down. Timers are unref'd so they never keep a process alive. Tests drive it with
 * runDue(now) / runJob(name, now) instead of waiting on timers.
 */
import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import type { JobLock } from "./job-lock.js";
import type { ScheduledJob } from "./scheduled-job.js";

/** What one attempt to run a job did. */
export type JobOutcome = "ran" | "failed" | "busy";

/** Per job: runs started (holding the lock), of which failed, and rounds skipped (another run held it). */
export interface JobCounts {
  runs: number;
  failures: number;
  skipped: number;
}

interface Entry {
  readonly job: ScheduledJob;
  readonly counts: JobCounts;
  /** Clock time of the last round, for runDue. */
  lastRoundAt: number | undefined;
  timer: NodeJS.Timeout | undefined;
  kickTimer: NodeJS.Timeout | undefined;
}

/** How soon a kick runs its job: changes in a burst share one run. */
const KICK_DELAY_MS = 200;

/**
 * The first run of a job comes this soon after start (or its interval, if shorter), so that an
 * hourly job still runs on servers restarted more often than hourly.
 */
const FIRST_RUN_DELAY_MS = 30_000;

export interface JobsRunnerDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly lock: JobLock;
}

/** Runs scheduled jobs; see the file comment. */
export class JobsRunner {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Set<Promise<JobOutcome>>();
  private started = false;

  constructor(private readonly deps: JobsRunnerDeps) {}

  /** Registers a job (before or after start). Names are unique. */
  add(job: ScheduledJob): void {
    if (this.entries.has(job.name)) throw new Error(`a job named ${job.name} is already registered`);
    const entry: Entry = {
      job,
      counts: { runs: 0, failures: 0, skipped: 0 },
      lastRoundAt: undefined,
      timer: undefined,
      kickTimer: undefined,
    };
    this.entries.set(job.name, entry);
    if (this.started) this.schedule(entry);
  }

  /** Starts every job's timer; each first runs within FIRST_RUN_DELAY_MS, then on its interval. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const entry of this.entries.values()) this.schedule(entry);
  }

  /** Stops the timers and waits for runs in flight. */
  async stop(): Promise<void> {
    this.started = false;
    for (const entry of this.entries.values()) {
      // clearTimeout and clearInterval clear either kind of timer.
      clearTimeout(entry.timer);
      clearTimeout(entry.kickTimer);
      entry.timer = undefined;
      entry.kickTimer = undefined;
    }
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs a job soon (after a short delay, once for a burst of kicks), if the runner is started. */
  kick(name: string): void {
    const entry = this.entries.get(name);
    if (entry === undefined || !this.started || entry.kickTimer !== undefined) return;
    entry.kickTimer = setTimeout(() => {
      entry.kickTimer = undefined;
      void this.runEntry(entry, this.deps.clock.now());
    }, KICK_DELAY_MS);
    entry.kickTimer.unref();
  }

  /** Runs one job now (under its lock), at `now`. */
  runJob(name: string, now: Date = this.deps.clock.now()): Promise<JobOutcome> {
    const entry = this.entries.get(name);
    if (entry === undefined) throw new Error(`no job named ${name}`);
    return this.runEntry(entry, now);
  }

  /** Runs every job whose interval has passed since its last round at `now` (by the clock), one after another. */
  async runDue(now: Date = this.deps.clock.now()): Promise<Record<string, JobOutcome>> {
    const outcomes: Record<string, JobOutcome> = {};
    for (const entry of this.entries.values()) {
      const due = entry.lastRoundAt === undefined || now.getTime() - entry.lastRoundAt >= entry.job.intervalMs;
      if (due) outcomes[entry.job.name] = await this.runEntry(entry, now);
    }
    return outcomes;
  }

  /** Runs and failures per job, as plain numbers (for /metrics). */
  counts(): Record<string, JobCounts> {
    const counts: Record<string, JobCounts> = {};
    for (const [name, entry] of this.entries) counts[name] = { ...entry.counts };
    return counts;
  }

  private schedule(entry: Entry): void {
    const tick = () => void this.runEntry(entry, this.deps.clock.now());
    entry.timer = setTimeout(
      () => {
        if (!this.started) return;
        tick();
        entry.timer = setInterval(tick, entry.job.intervalMs);
        entry.timer.unref();
      },
      Math.min(entry.job.intervalMs, FIRST_RUN_DELAY_MS),
    );
    entry.timer.unref();
  }

  private runEntry(entry: Entry, now: Date): Promise<JobOutcome> {
    const run = this.attempt(entry, now);
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  private async attempt(entry: Entry, now: Date): Promise<JobOutcome> {
    entry.lastRoundAt = now.getTime();
    const { job, counts } = entry;
    try {
      const outcome = await this.deps.lock.withLock(job.name, async () => {
        counts.runs += 1;
        await job.run(now);
      });
      if (outcome === "busy") counts.skipped += 1;
      return outcome;
    } catch (error) {
      counts.failures += 1;
      this.deps.logger.error({ err: error, job: job.name }, `scheduled job ${job.name} failed`);
      return "failed";
    }
  }
}
