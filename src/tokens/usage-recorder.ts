/**
 * Batched usage tracking (SPEC section 3): successful verifications update an in-memory entry;
 * a timer writes the dirty entries at most once per interval per token. No database write on
 * the request path. An entry is marked clean only after its write succeeded, and only if no use
 * landed meanwhile, so a failed flush or a use during a flush is written by the next flush.
 *
 * Besides the last use and recent addresses, each entry keeps its tokens' days (requests, the
 * scopes they needed, distinct addresses and user agents: usage/pending-day.ts), written as one
 * merge per token-day per flush (usage/usage-flush.ts).
 */
import type { Kysely } from "kysely";
import { type Clock, systemClock } from "../clock.js";
import type { Database } from "../db/schema.js";
import { dayNumberOf, type UsageDay } from "../domain/usage-days.js";
import { hasUnwritten, newPendingDay, notePendingUse, type PendingDay, pendingUsageDay } from "../usage/pending-day.js";
import { writePendingDays } from "../usage/usage-flush.js";
import { parseIpList } from "./ip-list.js";
import { writeTokenUsage } from "./token.repository.js";

/** How many distinct recent client addresses are kept per token. */
export const RECENT_IPS_KEPT = 5;

interface UsageEntry {
  lastUsedMs: number;
  ips: string[];
  /** Uses recorded and not yet written. */
  unwritten: number;
  /** Days with uses not yet written, usually one (two around midnight). */
  days: PendingDay[];
}

export class UsageRecorder {
  private readonly entries = new Map<string, UsageEntry>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    /** Dates the write receipts (see usage/usage-flush.ts), which the usage pruning deletes. */
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Notes a use of a token from a client address, with the scope the request needed (none for
   * requests that need no particular scope) and its User-Agent header. Cheap: no I/O, no Date.
   */
  record(authorizationId: string, clientIp: string, nowMs: number, scope?: string, userAgent?: string): void {
    const day = dayNumberOf(nowMs);
    let entry = this.entries.get(authorizationId);
    if (entry === undefined) {
      entry = { lastUsedMs: nowMs, ips: [clientIp], unwritten: 1, days: [newPendingDay(day)] };
      this.entries.set(authorizationId, entry);
    } else {
      entry.lastUsedMs = nowMs;
      entry.unwritten += 1;
      if (entry.ips[0] !== clientIp) {
        entry.ips = [clientIp, ...entry.ips.filter((ip) => ip !== clientIp)].slice(0, RECENT_IPS_KEPT);
      }
    }
    notePendingUse(pendingDayOf(entry, day), clientIp, scope, userAgent);
  }

  /** Notes that a request recorded already also needed `scope` (counted per scope, not as another request). */
  exercised(authorizationId: string, nowMs: number, scope: string): void {
    const entry = this.entries.get(authorizationId);
    if (entry === undefined) return;
    const pending = pendingDayOf(entry, dayNumberOf(nowMs));
    pending.scopes.set(scope, (pending.scopes.get(scope) ?? 0) + 1);
  }

  /** This process's not-yet-written days of a token (the usage API adds them to what is stored). */
  unwrittenDays(authorizationId: string): UsageDay[] {
    const entry = this.entries.get(authorizationId);
    if (entry === undefined) return [];
    return entry.days.filter(hasUnwritten).map(pendingUsageDay);
  }

  /**
   * Writes every dirty entry. Addresses seen here are merged with those already stored, so
   * several instances (or restarts) do not forget each other's. Flushes of one recorder run one
   * after the other (the timer's and close's may overlap): two at once would both write the
   * counts the first has not yet marked written.
   */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.flushOnce());
    // The next flush waits for this one, succeeded or not; this one's failure is its caller's.
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async flushOnce(): Promise<void> {
    for (const [authorizationId, entry] of [...this.entries]) {
      // Entries unused since the last flush are dropped, so the map holds only active tokens.
      if (entry.unwritten === 0 && !entry.days.some(hasUnwritten)) {
        this.entries.delete(authorizationId);
        continue;
      }
      if (entry.unwritten > 0 && !(await this.writeLastUse(authorizationId, entry))) {
        this.entries.delete(authorizationId);
        continue;
      }
      // A throw leaves the days as they are: the next flush writes them.
      await writePendingDays(this.db, authorizationId, entry.days, this.clock.now().toISOString());
      entry.days = entry.days.filter(hasUnwritten);
    }
  }

  /** Writes the last use and recent addresses; false when the token no longer exists. */
  private async writeLastUse(authorizationId: string, entry: UsageEntry): Promise<boolean> {
    const writing = entry.unwritten;
    const lastUsedAt = new Date(entry.lastUsedMs).toISOString();
    const ips = entry.ips;
    const stored = await this.db
      .selectFrom("tokens")
      .select("lastUsedIps")
      .where("authorizationId", "=", authorizationId)
      .executeTakeFirst();
    if (stored === undefined) return false;
    const merged = [...new Set([...ips, ...parseIpList(stored.lastUsedIps)])].slice(0, RECENT_IPS_KEPT);
    // A throw leaves the entry as it is: the next flush writes it.
    await writeTokenUsage(this.db, authorizationId, lastUsedAt, merged);
    // Uses that landed during the awaits stay unwritten; the next flush takes them.
    entry.unwritten -= writing;
    return true;
  }
}

/** The entry's pending day for `day`: the newest one almost always, a new one after midnight. */
function pendingDayOf(entry: UsageEntry, day: number): PendingDay {
  const newest = entry.days[entry.days.length - 1];
  if (newest !== undefined && newest.day === day) return newest;
  // A clock step back (or a late use) finds an older day; otherwise a new day starts.
  const older = entry.days.find((pending) => pending.day === day);
  if (older !== undefined) return older;
  const fresh = newPendingDay(day);
  entry.days.push(fresh);
  return fresh;
}
