/**
 * The notifications service of one process: discovers notices (audit events, tokens ending soon),
 * delivers the due ones, and counts what it sent (for metrics). Its work runs as two scheduled
 * jobs in the one jobs runner, and on demand from `patina notify run`; any number of those may
 * run at once on any instance, because every notice is claimed before it is sent.
 */
import type { Logger } from "pino";
import type { PatinaConfig } from "../config/config.js";
import type { Queryable } from "../db/query.js";
import type { ScheduledJob } from "../jobs/scheduled-job.js";
import { createMailer, type Mailer } from "./mailer.js";
import { pruneNotices } from "./notice.repository.js";
import { type DeliveryCounts, deliverDueNotices } from "./notice-delivery.js";
import { discoverEventNotices, sweepExpiringTokens } from "./notice-discovery.js";

/** The job that turns new audit events into notices and sends what is due; kicked after local changes. */
export const NOTICES_JOB = "notifications";
/** The job that records expiry notices and sends what is due. */
export const EXPIRY_JOB = "notifications.expiry";

const NOTICES_INTERVAL_MS = 15_000;
const EXPIRY_INTERVAL_MS = 60 * 60_000;
/** Finished notices are kept this long (then pruned by the expiry job), for operators to look at. */
export const NOTICE_RETENTION_MS = 90 * 24 * 60 * 60_000;

/** What one full run did (the CLI prints it). */
export interface NotificationRun extends DeliveryCounts {
  /** Event notices recorded. */
  events: number;
  /** Expiry notices recorded to be sent. */
  expiring: number;
}

/** Notices sent and given up since the process started (for /metrics). */
export interface NotificationCounts {
  sent: number;
  failed: number;
  retried: number;
}

export interface Notifications {
  /** "smtp" or "outbox". */
  readonly transport: Mailer["kind"];
  /** Records notices for new notified audit events, then sends what is due. */
  runEvents(now: Date): Promise<NotificationRun>;
  /** Records expiry notices due at `now`, then sends what is due. */
  runExpiry(now: Date): Promise<NotificationRun>;
  /** Both, as `patina notify run` does. */
  runAll(now: Date): Promise<NotificationRun>;
  /** The two scheduled jobs. */
  readonly jobs: readonly ScheduledJob[];
  counts(): NotificationCounts;
  close(): void;
}

/** Creates the notifications service over a store. */
export function createNotifications(db: Queryable, config: PatinaConfig, logger: Logger): Notifications {
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    dataDir: config.dataDir,
    messageIdHost: new URL(config.publicUrl).hostname || "patina",
  });
  const totals: NotificationCounts = { sent: 0, failed: 0, retried: 0 };
  const deliver = async (now: Date) => {
    const counts = await deliverDueNotices({ db, mailer, logger, publicUrl: config.publicUrl }, now);
    totals.sent += counts.sent;
    totals.failed += counts.failed;
    totals.retried += counts.retrying;
    if (counts.sent + counts.failed + counts.retrying > 0) logger.info({ ...counts }, "notices delivered");
    return counts;
  };
  const runEvents = async (now: Date): Promise<NotificationRun> => {
    const events = await discoverEventNotices(db, now);
    return { events, expiring: 0, ...(await deliver(now)) };
  };
  const runExpiry = async (now: Date): Promise<NotificationRun> => {
    await pruneNotices(db, new Date(now.getTime() - NOTICE_RETENTION_MS).toISOString(), now.toISOString());
    const expiring = await sweepExpiringTokens(db, now, config.expiryNoticeDays);
    return { events: 0, expiring, ...(await deliver(now)) };
  };
  return {
    transport: mailer.kind,
    runEvents,
    runExpiry,
    async runAll(now) {
      const events = await discoverEventNotices(db, now);
      const expiring = await sweepExpiringTokens(db, now, config.expiryNoticeDays);
      return { events, expiring, ...(await deliver(now)) };
    },
    jobs: [
      { name: NOTICES_JOB, intervalMs: NOTICES_INTERVAL_MS, run: async (now) => void (await runEvents(now)) },
      { name: EXPIRY_JOB, intervalMs: EXPIRY_INTERVAL_MS, run: async (now) => void (await runExpiry(now)) },
    ],
    counts: () => ({ ...totals }),
    close: () => mailer.close(),
  };
}
