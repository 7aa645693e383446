/**
 * The composition root: configuration in, a running-ready Patina out. Wires the services, the
 * HTTP server and the background work (usage flushing, cross-instance invalidation), and
 * closes them in order. Tests build the app here with their own clock and log destination.
 */
import type { FastifyInstance } from "fastify";
import type { DestinationStream } from "pino";
import { createAuditPruneJob } from "./audit/audit-prune.js";
import type { Clock } from "./clock.js";
import type { PatinaConfig } from "./config/config.js";
import { closeWithin, type DrainOutcome } from "./http/drain.js";
import { buildHttpServer } from "./http/server.js";
import { createJobLock } from "./jobs/job-lock.js";
import { JobsRunner } from "./jobs/jobs-runner.js";
import type { ScheduledJob } from "./jobs/scheduled-job.js";
import { createLogger } from "./logger.js";
import { NOTICES_JOB } from "./notifications/notifications.js";
import { unusedTokenRevocationJob } from "./policies/unused-token-revocation.job.js";
import { createServices, type ServiceDeps, type Services } from "./services.js";
import { createTokenExpiryJob } from "./tokens/token-expiry.job.js";
import { createUsagePruneJob } from "./usage/usage-prune.job.js";

export interface AppDeps {
  readonly clock?: Clock;
  /** Where logs go (stdout by default); tests capture them here. */
  readonly logDestination?: DestinationStream;
  /** The effective "automatically revoke leaked PATs" policy (see ServiceDeps); default always. */
  readonly autoRevokeLeaked?: ServiceDeps["autoRevokeLeaked"];
}

export interface PatinaApp {
  readonly server: FastifyInstance;
  readonly services: Services;
  /** The one jobs runner (scheduled work; `add` more jobs before or after start). */
  readonly jobs: JobsRunner;
  /** The one-time first-run setup code while setup is pending, for the operator's console only; else null. */
  setupCode(): string | null;
  /** Starts listening on the configured host and port; returns the bound URL. */
  listen(): Promise<string>;
  /**
   * Stops gracefully: `/readyz` turns 503, the server stops accepting connections and lets
   * requests in flight finish (cut after PATINA_SHUTDOWN_TIMEOUT_MS), then background work stops,
   * usage is written and the store closes. Says whether every request finished and usage was written.
   */
  close(): Promise<CloseOutcome>;
}

/** How a close went (`patina serve` exits 0 only when both are true). */
export interface CloseOutcome {
  readonly requests: DrainOutcome;
  /** False when the last usage could not be written (the store was unreachable); it is logged. */
  readonly usageWritten: boolean;
}

/** Every feature's scheduled work, handed to the one jobs runner. */
function scheduledJobs(services: Services): ScheduledJob[] {
  return [
    ...services.notifications.jobs,
    createUsagePruneJob(services.store.db, services.logger),
    createAuditPruneJob({ db: services.store.db }),
    createTokenExpiryJob({ db: services.store.db, logger: services.logger }),
    unusedTokenRevocationJob({
      db: services.store.db,
      policies: services.policies,
      revokeAsSystem: services.revocations.revokeAsSystem,
      logger: services.logger,
    }),
  ];
}

/** Builds Patina from a validated configuration. */
export async function buildApp(config: PatinaConfig, deps: AppDeps = {}): Promise<PatinaApp> {
  const logger = createLogger(config.logLevel, deps.logDestination, deps.clock);
  const services = await createServices(config, { logger, clock: deps.clock, autoRevokeLeaked: deps.autoRevokeLeaked });
  const server = await buildHttpServer(services);
  const jobs = new JobsRunner({
    clock: services.clock,
    logger,
    lock: createJobLock(services.store.db, services.store.dialect),
  });
  for (const job of scheduledJobs(services)) jobs.add(job);
  // Failed attempts, as the metric says: given up, and retried later.
  services.metricsSources.notifications = () => {
    const counts = services.notifications.counts();
    return { sent: counts.sent, failed: counts.failed + counts.retried };
  };
  services.metricsSources.jobs = () => jobs.counts();
  // A token change (here or in another process) may have an audit event to tell its owner about:
  // send it within a moment instead of at the next interval.
  const kickNotices = (event: { kind: string }) => {
    if (event.kind === "token") jobs.kick(NOTICES_JOB);
  };
  services.changeWatchers.push(kickNotices);
  // Other processes' changes reach this one's caches the way its own do; a (re)connect that may
  // have missed some clears them.
  const stopFeed = await services.changeFeed.subscribe({
    changed: (event) => services.changes.received(event),
    resync: () => {
      services.changes.received({ kind: "all" }).catch(() => {});
    },
  });
  const flushTimer = setInterval(() => {
    services.usage.flush().catch((error: unknown) => logger.error({ err: error }, "usage flush failed"));
  }, config.usageFlushIntervalMs);
  flushTimer.unref();
  if (services.config.jobsEnabled) jobs.start();

  let closing: Promise<CloseOutcome> | undefined;
  // The order matters: requests first (they record usage and may start jobs' kicks), then the
  // jobs (a run in flight finishes and releases its advisory lock), then the last usage, then
  // the feed and the store everything above used.
  const closeInOrder = async (): Promise<CloseOutcome> => {
    services.readiness.drain();
    clearInterval(flushTimer);
    const requests = await closeWithin(server, config.shutdownTimeoutMs);
    if (requests === "cut") logger.warn("requests still running at PATINA_SHUTDOWN_TIMEOUT_MS were cut");
    await services.leaks.drained();
    await jobs.stop();
    services.notifications.close();
    const usageWritten = await services.usage.flush().then(
      () => true,
      (error: unknown) => {
        logger.error({ err: error }, "the last usage could not be written before stopping");
        return false;
      },
    );
    services.failureLog.flush();
    await stopFeed();
    await services.store.close();
    return { requests, usageWritten };
  };
  return {
    server,
    services,
    jobs,
    setupCode: () => server.firstRunSetup.pendingCode(),
    async listen() {
      return server.listen({ port: config.port, host: config.host });
    },
    close() {
      closing ??= closeInOrder();
      return closing;
    },
  };
}
