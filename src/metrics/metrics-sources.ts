/**
 * Counts that features built after the services hand to `/metrics`. Each is read at scrape
 * time only, so a feature keeps plain counters and nothing is added to its own path. The
 * composition root sets them once the feature exists (`services.metricsSources.jobs = …`); an
 * unset source shows as zeros.
 */

/** Runs and failures of one scheduled job. */
export interface JobRunCounts {
  readonly runs: number;
  readonly failures: number;
}

/** The late-wired sources of the metrics. */
export interface MetricsSources {
  /** Notification mails sent and failed (attempts that failed, including ones retried later). */
  notifications?: () => { readonly sent: number; readonly failed: number };
  /** Per job name (ScheduledJob.name): how often it ran and failed in this process. */
  jobs?: () => Readonly<Record<string, JobRunCounts>>;
}
