/**
 * The metrics of one Patina process, in their own prom-client Registry (never the global one,
 * so several apps in one process do not share or collide). Everything but the latency
 * histogram is read from counters the features already keep, at scrape time (`collect`), so
 * the request path gains nothing but one histogram observation per response.
 *
 * Privacy: labels are closed sets chosen by the code (outcome, reason, route template, method,
 * status class, job name), never a token, a username or a client address.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AuthCounts } from "../auth/auth-counts.js";
import type { BackendSlots } from "../git/backend-slots.js";
import type { MetricsSources } from "./metrics-sources.js";
import { createLatencyObservers } from "./request-latency.js";

/** Latency buckets (seconds): most API requests answer well under a millisecond from the caches. */
export const LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/** Where the metrics come from. */
export interface MetricsInputs {
  readonly counts: AuthCounts;
  readonly gitSlots: BackendSlots;
  readonly sources: MetricsSources;
}

/** The registry and the per-response observer that feeds its latency histogram. */
export interface PatinaMetrics {
  readonly registry: Registry;
  readonly latency: ReturnType<typeof createLatencyObservers>;
}

/** Creates the metrics of one app. */
export function createMetrics(inputs: MetricsInputs): PatinaMetrics {
  const registry = new Registry();
  const registers = [registry];
  const { counts, gitSlots, sources } = inputs;

  /** A counter whose value is read from `read` at each scrape. */
  const readCounter = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read());
      },
    });

  readCounter("patina_auth_admitted_total", "Requests whose credential was accepted and access granted.", () => {
    return counts.admitted;
  });
  new Counter({
    name: "patina_auth_refused_total",
    help: "Credentials refused, by outcome (rejected, throttled, denied, inactive) and reason.",
    labelNames: ["outcome", "reason"],
    registers,
    collect() {
      this.reset();
      for (const [outcome, byReason] of Object.entries(counts.snapshot().refused)) {
        for (const [reason, count] of Object.entries(byReason)) this.inc({ outcome, reason }, count);
      }
    },
  });
  readCounter("patina_token_cache_hits_total", "Verifications answered by the token cache.", () => counts.cacheHits);
  readCounter(
    "patina_token_cache_misses_total",
    "Verifications of a well-formed token that read the store.",
    () => counts.storeLookups,
  );
  readCounter(
    "patina_negative_cache_hits_total",
    "Verifications of an unknown token answered by the negative cache instead of the store.",
    () => counts.negativeCacheHits,
  );
  readCounter("patina_throttled_requests_total", "Requests answered 429 by the per-address credential throttle.", () =>
    Object.values(counts.snapshot().refused.throttled).reduce((sum, count) => sum + count, 0),
  );
  new Gauge({
    name: "patina_git_processes_running",
    help: "git http-backend processes running now.",
    registers,
    collect() {
      this.set(gitSlots.running());
    },
  });
  readCounter(
    "patina_git_processes_refused_total",
    "git requests refused a backend (503): the queue was full or no slot came free in time.",
    () => gitSlots.refused(),
  );
  readCounter("patina_notifications_sent_total", "Notification mails sent.", () => sources.notifications?.().sent ?? 0);
  readCounter(
    "patina_notifications_failed_total",
    "Notification mail attempts that failed.",
    () => sources.notifications?.().failed ?? 0,
  );
  const jobCounter = (name: string, help: string, pick: (counts: { runs: number; failures: number }) => number) =>
    new Counter({
      name,
      help,
      labelNames: ["job"],
      registers,
      collect() {
        this.reset();
        for (const [job, jobCounts] of Object.entries(sources.jobs?.() ?? {})) this.inc({ job }, pick(jobCounts));
      },
    });
  jobCounter("patina_job_runs_total", "Scheduled job runs, by job.", (job) => job.runs);
  jobCounter("patina_job_failures_total", "Scheduled job runs that failed, by job.", (job) => job.failures);

  const latency = new Histogram({
    name: "patina_http_request_duration_seconds",
    help: "Time to answer a request, by route template, method and status class.",
    labelNames: ["method", "route", "status_class"],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  return { registry, latency: createLatencyObservers(latency) };
}
