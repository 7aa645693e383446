/**
 * Finding what is to be told, and recording it as notices (the first insert of a key owns it,
 * so any number of instances and CLI runs discover the same notice once). Requests never send
 * mail: they only commit their audit events; this reads them afterwards.
 *
 * Events: the notified types within a recent window (EVENT_WINDOW_MS, so that an event whose
 * transaction committed late is still found, and a new installation does not mail about old
 * history) that have no notice yet. Expiry: active tokens ending within the largest threshold,
 * per threshold, that have no notice for their current validTo (an extended token is warned again
 * about its new date).
 */

import type { Queryable } from "../db/query.js";
import { dueExpiryNotices, expiryWindowEnd, isOwnRevocation } from "../domain/notice-rules.js";
import {
  type EventWithoutNotice,
  type ExpiringToken,
  findEventsWithoutNotice,
  findExpiringWithoutNotice,
  insertNewNotices,
  type NOTIFIED_EVENT_TYPES,
} from "./notice.repository.js";
import type { NoticeKind, NoticeTable } from "./notice.table.js";
import type { NoticeFacts } from "./notice-content.js";

/** How far back events are looked at. */
export const EVENT_WINDOW_MS = 48 * 60 * 60 * 1000;

/** Rows read per query; a run reads at most MAX_BATCHES of them per kind. */
const BATCH = 500;
const MAX_BATCHES = 100;

const KIND_OF_EVENT: Readonly<Record<(typeof NOTIFIED_EVENT_TYPES)[number], NoticeKind>> = {
  "Token.PatCreateEvent": "created",
  "Token.PatRegenerateEvent": "regenerated",
  "Token.PatAdminRevokeEvent": "revoked",
  "Token.PatSystemRevokeEvent": "revoked",
  "Token.PatPublicDiscoveryEvent": "leaked",
};

function parseDetails(details: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(details);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function eventNotice(event: EventWithoutNotice, now: Date): NoticeTable {
  const kind: NoticeKind | undefined = KIND_OF_EVENT[event.eventType as keyof typeof KIND_OF_EVENT];
  const details = parseDetails(event.details);
  const reason = typeof details.reason === "string" ? details.reason : null;
  const validTo = typeof details.validTo === "string" ? details.validTo : event.validTo;
  const facts: NoticeFacts = {
    tokenDisplayName: event.tokenDisplayName ?? "",
    secretHint: event.secretHint,
    validTo,
    orgName: event.orgName,
    eventTime: event.timestamp,
    actorName: event.actorName,
    ...(kind === "revoked" ? { reason } : {}),
    ...(kind === "leaked" ? { revoked: event.revokedAt !== null } : {}),
  };
  // A user who revokes their own token (one by one or all at once) is not told about it.
  const own = kind === "revoked" && isOwnRevocation(event.actorUserId, event.userId);
  return {
    key: `event:${event.id}`,
    kind: kind ?? "created",
    userId: event.userId,
    authorizationId: event.authorizationId,
    auditEventId: event.id,
    validTo: null,
    thresholdDays: null,
    facts: JSON.stringify(facts),
    // The query only returns notified types; anything else would be recorded and not sent.
    status: own || kind === undefined ? "skipped" : "pending",
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    lastError: null,
    createdAt: now.toISOString(),
    sentAt: null,
  };
}

/** Records a notice for every recent notified event that has none; returns how many it added. */
export async function discoverEventNotices(db: Queryable, now: Date): Promise<number> {
  const since = new Date(now.getTime() - EVENT_WINDOW_MS).toISOString();
  let added = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const events = await findEventsWithoutNotice(db, since, BATCH);
    added += await insertNewNotices(
      db,
      events.map((event) => eventNotice(event, now)),
    );
    if (events.length < BATCH) break;
  }
  return added;
}

function expiryNotices(token: ExpiringToken, now: Date, thresholdDays: readonly number[]): NoticeTable[] {
  const decisions = dueExpiryNotices(
    { validFrom: new Date(token.validFrom), validTo: new Date(token.validTo) },
    now,
    thresholdDays,
  );
  return decisions.map(({ days, send }) => {
    const facts: NoticeFacts = {
      tokenDisplayName: token.displayName,
      secretHint: token.secretHint,
      validTo: token.validTo,
      orgName: token.orgName,
      thresholdDays: days,
    };
    return {
      key: `expiry:${token.authorizationId}:${token.validTo}:${days}`,
      kind: "expiry",
      userId: token.userId,
      authorizationId: token.authorizationId,
      auditEventId: null,
      validTo: token.validTo,
      thresholdDays: days,
      facts: JSON.stringify(facts),
      // Crossed thresholds other than the nearest are recorded so the sweep never finds them again.
      status: send ? "pending" : "skipped",
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      lastError: null,
      createdAt: now.toISOString(),
      sentAt: null,
    };
  });
}

/** Records the expiry notices due at `now` for every threshold; returns how many to be sent it recorded. */
export async function sweepExpiringTokens(db: Queryable, now: Date, thresholdDays: readonly number[]): Promise<number> {
  let toSend = 0;
  // Nearest threshold first: a token already within 7 days gets its 7-day notice, and its crossed
  // 30-day one is recorded as skipped in the same insert, before the 30-day query would see it.
  for (const days of [...thresholdDays].sort((a, b) => a - b)) {
    const until = expiryWindowEnd(now, [days]).toISOString();
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const tokens = await findExpiringWithoutNotice(db, { now: now.toISOString(), until, days }, BATCH);
      const notices = tokens.flatMap((token) => expiryNotices(token, now, thresholdDays));
      // Apart, so the count is of notices this run recorded (another instance may have been first).
      toSend += await insertNewNotices(
        db,
        notices.filter((notice) => notice.status === "pending"),
      );
      await insertNewNotices(
        db,
        notices.filter((notice) => notice.status !== "pending"),
      );
      if (tokens.length < BATCH) break;
    }
  }
  return toSend;
}
