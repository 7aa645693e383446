/**
 * Sending due notices, each exactly once. A sender first claims a notice with a conditional
 * update (one winner across instances), then sends outside any transaction, then records the
 * outcome conditionally on its own claim. An SMTP failure schedules a retry with exponential
 * backoff (domain/notice-rules.ts) until the last attempt, after which the notice is failed and
 * logged. The one window of doubt is a sender that dies after the server accepted a message and
 * before it recorded that: its claim lapses (SENDING_LEASE_MS) and the notice is sent again. A
 * database outage at that moment is waited out (recordSent), so it does not open that window.
 */
import type { Logger } from "pino";
import type { Queryable } from "../db/query.js";
import { isStoreUnavailable } from "../db/store-unavailable.js";
import { afterFailure, SENDING_LEASE_MS } from "../domain/notice-rules.js";
import type { Mailer } from "./mailer.js";
import { claimNotice, type DueNotice, findDueNotices, finishAttempt } from "./notice.repository.js";
import { composeNotice, type NoticeFacts } from "./notice-content.js";

/** What one delivery round did. */
export interface DeliveryCounts {
  sent: number;
  /** Failed attempts that will be retried. */
  retrying: number;
  /** Notices given up after their last attempt. */
  failed: number;
  /** Notices with no address to send to. */
  skipped: number;
}

/** Notices attempted per round; the rest wait for the next. */
const ROUND_LIMIT = 200;

export interface DeliveryDeps {
  readonly db: Queryable;
  readonly mailer: Mailer;
  readonly logger: Logger;
  readonly publicUrl: string;
}

/** A failure's message for the notices table and the log, short and single-line. */
function failureMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").slice(0, 500);
}

/** Sends every notice due at `now` that this round can claim. */
export async function deliverDueNotices(deps: DeliveryDeps, now: Date): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  const due = await findDueNotices(deps.db, now.toISOString(), ROUND_LIMIT);
  for (const notice of due) {
    const leaseUntil = new Date(now.getTime() + SENDING_LEASE_MS).toISOString();
    if (!(await claimNotice(deps.db, notice, now.toISOString(), leaseUntil))) continue;
    const claimed = { key: notice.key, attempts: notice.attempts + 1 };
    const email = notice.email;
    if (!email) {
      await finishAttempt(deps.db, claimed, { status: "skipped", lastError: "the owner has no email address" });
      counts.skipped += 1;
      continue;
    }
    const outcome = await attempt(deps, notice, email);
    if (outcome === undefined) {
      await recordSent(deps.db, claimed, now);
      counts.sent += 1;
      continue;
    }
    const next = afterFailure(claimed.attempts, now);
    if (next.retry) {
      await finishAttempt(deps.db, claimed, {
        status: "pending",
        nextAttemptAt: next.at.toISOString(),
        lastError: outcome,
      });
      deps.logger.warn(
        { notice: notice.key, attempts: claimed.attempts, retryAt: next.at.toISOString(), reason: outcome },
        "notice not sent, will retry",
      );
      counts.retrying += 1;
    } else {
      await finishAttempt(deps.db, claimed, { status: "failed", lastError: outcome });
      deps.logger.error({ notice: notice.key, attempts: claimed.attempts, reason: outcome }, "notice given up");
      counts.failed += 1;
    }
  }
  return counts;
}

/** How long a sent notice's record waits out a database outage before giving up (and its lease decides). */
const RECORD_PATIENCE_MS = 60_000;
const RECORD_RETRY_MAX_MS = 5000;

/**
 * Records that a notice was sent. The mail has gone: if the store is unreachable now, giving up
 * would leave the claim to lapse and the notice to be sent again, so the record is retried
 * while the outage lasts, up to RECORD_PATIENCE_MS. The update is conditional on this claim, so
 * a retry of a write that did commit changes nothing.
 */
async function recordSent(db: Queryable, claimed: { key: string; attempts: number }, now: Date): Promise<void> {
  let delay = 100;
  for (let waited = 0; ; waited += delay, delay = Math.min(RECORD_RETRY_MAX_MS, delay * 2)) {
    try {
      await finishAttempt(db, claimed, { status: "sent", sentAt: now.toISOString(), lastError: null });
      return;
    } catch (error) {
      if (!isStoreUnavailable(error) || waited >= RECORD_PATIENCE_MS) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Composes and sends one notice; the failure's message, or undefined when it was sent. */
async function attempt(deps: DeliveryDeps, notice: DueNotice, email: string): Promise<string | undefined> {
  try {
    const facts = JSON.parse(notice.facts) as NoticeFacts;
    const composed = composeNotice(notice.kind, facts, {
      publicUrl: deps.publicUrl,
      recipientName: notice.recipientName ?? "",
    });
    await deps.mailer.send({ to: email, noticeKey: notice.key, ...composed });
    return undefined;
  } catch (error) {
    return failureMessage(error);
  }
}
