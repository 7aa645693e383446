/**
 * The SQLite half of the change feed. SQLite has no NOTIFY, and the server shares its file with
 * CLI processes, so a change is also a row in `change_log`, written in the change's own
 * transaction (it exists exactly when the change committed). The server reads rows newer than
 * the last one it saw every 100 ms on an unref'd timer, off the request path (one primary-key
 * range read, usually empty), and applies them: another process's revoke is honoured within
 * about 100 ms instead of a cache TTL. Rows older than a few minutes are pruned, so the table
 * stays small; sequence numbers are never reused (see the migration), so pruning cannot make a
 * reader skip a change.
 */
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { parseChangeEvent } from "./change-events.js";
import type { ChangeListener } from "./change-feed.js";
import type { Queryable } from "./query.js";
import type { Database } from "./schema.js";

/** How often the log is read, and how long and how often it is pruned. */
export interface ChangeLogTiming {
  readonly pollIntervalMs: number;
  /** How long a change stays in the log: far longer than any reader's poll interval. */
  readonly keepMs: number;
  readonly pruneEveryPolls: number;
}

/** Every 100 ms (the 250 ms promise, with room); changes kept 5 minutes, pruned every 30 s. */
export const CHANGE_LOG_TIMING: ChangeLogTiming = { pollIntervalMs: 100, keepMs: 5 * 60 * 1000, pruneEveryPolls: 300 };
/** More new changes than this in one poll: forget everything cached instead of applying each. */
const MAX_CHANGES_PER_POLL = 500;

/** Inside a transaction: the change becomes visible to other processes when it commits. */
export async function recordInChangeLog(trx: Queryable, event: string, origin: string): Promise<void> {
  await trx.insertInto("changeLog").values({ event, origin, createdAt: new Date().toISOString() }).execute();
}

/** Applies other processes' logged changes until stopped. */
export async function pollChangeLog(
  db: Kysely<Database>,
  origin: string,
  listener: ChangeListener,
  logger: Logger,
  timing: ChangeLogTiming = CHANGE_LOG_TIMING,
): Promise<() => Promise<void>> {
  let lastSeen = await latestSeq(db);
  // Anything cached before the cursor was placed may predate a change: start clean.
  listener.resync();
  let polls = 0;
  let failing = false;
  let running: Promise<void> | undefined;

  async function poll(): Promise<void> {
    try {
      const rows = await db
        .selectFrom("changeLog")
        .select(["seq", "event", "origin"])
        .where("seq", ">", lastSeen)
        .orderBy("seq")
        .limit(MAX_CHANGES_PER_POLL)
        .execute();
      if (rows.length === MAX_CHANGES_PER_POLL) {
        lastSeen = await latestSeq(db);
        listener.resync();
      } else {
        for (const row of rows) {
          lastSeen = row.seq;
          const event = row.origin === origin ? undefined : parseChangeEvent(row.event);
          if (event !== undefined) listener.changed(event);
        }
      }
      if (++polls % timing.pruneEveryPolls === 0) await prune(db, lastSeen, timing.keepMs);
      if (failing) {
        // While reads failed, pruning elsewhere may have removed changes not yet seen.
        failing = false;
        listener.resync();
        logger.info("change log readable again; caches cleared");
      }
    } catch (error) {
      if (!failing)
        logger.warn(
          { reason: error instanceof Error ? error.message : "unknown error" },
          "change log unreadable; retrying",
        );
      failing = true;
    }
  }

  const timer = setInterval(() => {
    // One poll at a time: a slow store must not pile reads up behind each other.
    running ??= poll().finally(() => {
      running = undefined;
    });
  }, timing.pollIntervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

async function latestSeq(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("changeLog")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Drops changes this reader has seen that are older than the keep window. */
async function prune(db: Kysely<Database>, lastSeen: number, keepMs: number): Promise<void> {
  const cutoff = new Date(Date.now() - keepMs).toISOString();
  await db.deleteFrom("changeLog").where("createdAt", "<", cutoff).where("seq", "<=", lastSeen).execute();
}
