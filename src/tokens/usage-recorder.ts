/**
 * Batched usage tracking (SPEC section 3): successful verifications update an in-memory entry;
 * a timer writes the dirty entries at most once per interval per token. No database write on
 * the request path. An entry is marked clean only after its write succeeded, and only if no use
 * landed meanwhile, so a failed flush or a use during a flush is written by the next flush.
 */
import type { Queryable } from "../db/query.js";
import { parseIpList } from "./ip-list.js";
import { writeTokenUsage } from "./token.repository.js";

/** How many distinct recent client addresses are kept per token. */
export const RECENT_IPS_KEPT = 5;

interface UsageEntry {
  lastUsedMs: number;
  ips: string[];
  /** Uses recorded and not yet written. */
  unwritten: number;
}

export class UsageRecorder {
  private readonly entries = new Map<string, UsageEntry>();

  constructor(private readonly db: Queryable) {}

  /** Notes a use of a token from a client address. Cheap: no I/O. */
  record(authorizationId: string, clientIp: string, nowMs: number): void {
    let entry = this.entries.get(authorizationId);
    if (entry === undefined) {
      entry = { lastUsedMs: nowMs, ips: [clientIp], unwritten: 1 };
      this.entries.set(authorizationId, entry);
      return;
    }
    entry.lastUsedMs = nowMs;
    entry.unwritten += 1;
    if (entry.ips[0] !== clientIp) {
      entry.ips = [clientIp, ...entry.ips.filter((ip) => ip !== clientIp)].slice(0, RECENT_IPS_KEPT);
    }
  }

  /**
   * Writes every dirty entry. Addresses seen here are merged with those already stored, so
   * several instances (or restarts) do not forget each other's.
   */
  async flush(): Promise<void> {
    for (const [authorizationId, entry] of [...this.entries]) {
      // Entries unused since the last flush are dropped, so the map holds only active tokens.
      if (entry.unwritten === 0) {
        this.entries.delete(authorizationId);
        continue;
      }
      const writing = entry.unwritten;
      const lastUsedAt = new Date(entry.lastUsedMs).toISOString();
      const ips = entry.ips;
      const stored = await this.db
        .selectFrom("tokens")
        .select("lastUsedIps")
        .where("authorizationId", "=", authorizationId)
        .executeTakeFirst();
      if (stored === undefined) {
        this.entries.delete(authorizationId);
        continue;
      }
      const merged = [...new Set([...ips, ...parseIpList(stored.lastUsedIps)])].slice(0, RECENT_IPS_KEPT);
      // A throw leaves the entry as it is: the next flush writes it.
      await writeTokenUsage(this.db, authorizationId, lastUsedAt, merged);
      // Uses that landed during the awaits stay unwritten; the next flush takes them.
      entry.unwritten -= writing;
    }
  }
}
