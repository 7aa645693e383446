/**
 * Persistence of notices. Every state change is one conditional statement whose affected-row
 * count decides it: the insert of a key (on conflict nothing: the first one owns the notice), the
 * claim of a due notice (only one sender wins), and the outcome of the attempt that claimed it.
 * The finders are anti-joins over indexed windows (recent events, tokens ending soon), never a
 * scan of all events or tokens, and never "seq > cursor" (PostgreSQL's sequence order is not
 * commit order, so a cursor could skip an event committed late).
 */
import type { Queryable } from "../db/query.js";
import type { NoticeStatus, NoticeTable } from "./notice.table.js";

/** Audit event types that cause a notice to the token's owner. */
export const NOTIFIED_EVENT_TYPES = [
  "Token.PatCreateEvent",
  "Token.PatRegenerateEvent",
  "Token.PatAdminRevokeEvent",
  "Token.PatSystemRevokeEvent",
  "Token.PatPublicDiscoveryEvent",
] as const;

/** An audit event that has no notice yet, with what its notice needs from the token. */
export interface EventWithoutNotice {
  readonly id: string;
  readonly eventType: string;
  readonly timestamp: string;
  readonly actorUserId: string | null;
  readonly actorName: string | null;
  readonly tokenDisplayName: string | null;
  readonly details: string;
  readonly authorizationId: string;
  readonly userId: string;
  readonly secretHint: string;
  readonly validTo: string;
  readonly revokedAt: string | null;
  readonly orgName: string | null;
}

/** Notified events since `since` that have no notice yet, oldest first. */
export async function findEventsWithoutNotice(
  db: Queryable,
  since: string,
  limit: number,
): Promise<EventWithoutNotice[]> {
  return db
    .selectFrom("auditEvents as e")
    .innerJoin("tokens as t", "t.authorizationId", "e.authorizationId")
    .leftJoin("organizations as o", "o.id", "t.orgId")
    .select([
      "e.id",
      "e.eventType",
      "e.timestamp",
      "e.actorUserId",
      "e.actorName",
      "e.tokenDisplayName",
      "e.details",
      "t.authorizationId",
      "t.userId",
      "t.secretHint",
      "t.validTo",
      "t.revokedAt",
      "o.name as orgName",
    ])
    .where("e.eventType", "in", [...NOTIFIED_EVENT_TYPES])
    .where("e.timestamp", ">=", since)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("notices as n").select("n.key").whereRef("n.auditEventId", "=", "e.id"))),
    )
    .orderBy("e.timestamp")
    .limit(limit)
    .execute();
}

/** An active token ending within the window that has no notice for one threshold yet. */
export interface ExpiringToken {
  readonly authorizationId: string;
  readonly userId: string;
  readonly displayName: string;
  readonly secretHint: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly orgName: string | null;
}

/**
 * Active tokens with validTo in (now, until] and no notice for (their validTo, `days`) yet. The
 * partial index on tokens(valid_to) where not revoked makes this a range read of the window.
 */
export async function findExpiringWithoutNotice(
  db: Queryable,
  window: { now: string; until: string; days: number },
  limit: number,
): Promise<ExpiringToken[]> {
  return db
    .selectFrom("tokens as t")
    .leftJoin("organizations as o", "o.id", "t.orgId")
    .select([
      "t.authorizationId",
      "t.userId",
      "t.displayName",
      "t.secretHint",
      "t.validFrom",
      "t.validTo",
      "o.name as orgName",
    ])
    .where("t.revokedAt", "is", null)
    .where("t.validTo", ">", window.now)
    .where("t.validTo", "<=", window.until)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("notices as n")
            .select("n.key")
            .whereRef("n.authorizationId", "=", "t.authorizationId")
            .whereRef("n.validTo", "=", "t.validTo")
            .where("n.thresholdDays", "=", window.days),
        ),
      ),
    )
    .orderBy("t.validTo")
    .limit(limit)
    .execute();
}

/** Inserts notices whose keys are new; returns how many were. An existing key is left as it is. */
export async function insertNewNotices(db: Queryable, notices: readonly NoticeTable[]): Promise<number> {
  let inserted = 0;
  // In slices, well below either database's limit on bound parameters per statement.
  for (let start = 0; start < notices.length; start += INSERT_SLICE) {
    const result = await db
      .insertInto("notices")
      .values(notices.slice(start, start + INSERT_SLICE))
      .onConflict((conflict) => conflict.column("key").doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}

const INSERT_SLICE = 200;

/** A notice due for an attempt, with its recipient. */
export interface DueNotice extends NoticeTable {
  readonly email: string | null;
  readonly recipientName: string | null;
}

/** Notices due at `now` (pending, or sending with a lapsed claim), oldest first. */
export async function findDueNotices(db: Queryable, now: string, limit: number): Promise<DueNotice[]> {
  return db
    .selectFrom("notices as n")
    .leftJoin("users as u", "u.id", "n.userId")
    .selectAll("n")
    .select(["u.email as email", "u.displayName as recipientName"])
    .where("n.status", "in", ["pending", "sending"])
    .where("n.nextAttemptAt", "<=", now)
    .orderBy("n.nextAttemptAt")
    .limit(limit)
    .execute();
}

/**
 * Claims a due notice for one attempt: only if it is still as read (same attempts, still due).
 * The claim lasts until `leaseUntil`; a sender that dies meanwhile leaves it to be retried then.
 */
export async function claimNotice(
  db: Queryable,
  notice: { key: string; attempts: number },
  now: string,
  leaseUntil: string,
): Promise<boolean> {
  const updated = await db
    .updateTable("notices")
    .set({ status: "sending", attempts: notice.attempts + 1, nextAttemptAt: leaseUntil })
    .where("key", "=", notice.key)
    .where("attempts", "=", notice.attempts)
    .where("status", "in", ["pending", "sending"])
    .where("nextAttemptAt", "<=", now)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Records the outcome of the attempt that claimed a notice (attempt number `attempts`). */
export async function finishAttempt(
  db: Queryable,
  notice: { key: string; attempts: number },
  outcome: { status: NoticeStatus; nextAttemptAt?: string; lastError?: string | null; sentAt?: string | null },
): Promise<boolean> {
  const updated = await db
    .updateTable("notices")
    .set({
      status: outcome.status,
      ...(outcome.nextAttemptAt === undefined ? {} : { nextAttemptAt: outcome.nextAttemptAt }),
      ...(outcome.lastError === undefined ? {} : { lastError: outcome.lastError }),
      ...(outcome.sentAt === undefined ? {} : { sentAt: outcome.sentAt }),
    })
    .where("key", "=", notice.key)
    .where("attempts", "=", notice.attempts)
    .where("status", "=", "sending")
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * Deletes finished notices (sent, skipped, failed) last touched before `before` whose expiry
 * date, if any, has passed: a notice must outlive the window in which its key could be found
 * again (48 h for events; until validTo for expiry notices).
 */
export async function pruneNotices(db: Queryable, before: string, now: string): Promise<number> {
  const deleted = await db
    .deleteFrom("notices")
    .where("status", "in", ["sent", "skipped", "failed"])
    .where("nextAttemptAt", "<", before)
    .where((eb) => eb.or([eb("validTo", "is", null), eb("validTo", "<", now)]))
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Notices by authorization, oldest first (for tests and operators). */
export async function listNoticesOfToken(db: Queryable, authorizationId: string): Promise<NoticeTable[]> {
  return db
    .selectFrom("notices")
    .selectAll()
    .where("authorizationId", "=", authorizationId)
    .orderBy("createdAt")
    .execute();
}
