/** Row type of the notices table (migration 0011). */

/** pending → sending → sent; or back to pending for a retry, failed after the last; skipped when not to be sent. */
export type NoticeStatus = "pending" | "sending" | "sent" | "failed" | "skipped";

/** What a notice tells the owner. */
export type NoticeKind = "created" | "regenerated" | "revoked" | "leaked" | "expiry";

export interface NoticeTable {
  /** Names the notice; the first insert of a key owns it (see notice-discovery.ts). */
  key: string;
  kind: NoticeKind;
  /** The recipient: the token's owner. */
  userId: string;
  authorizationId: string;
  /** The audit event that caused it (event notices). */
  auditEventId: string | null;
  /** The validTo and threshold it warns about (expiry notices). */
  validTo: string | null;
  thresholdDays: number | null;
  /** JSON of NoticeFacts: what the message says; never a secret. */
  facts: string;
  status: NoticeStatus;
  /** Delivery attempts started so far. */
  attempts: number;
  /** When the next attempt may start; while sending, when a crashed attempt's claim lapses. */
  nextAttemptAt: string;
  /** The last SMTP failure's message (no secret: the message holds none). */
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
