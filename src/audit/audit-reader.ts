/**
 * Reading the audit log for people: pages newest first (Azure DevOps' order) with an opaque,
 * signed continuation token that carries the cursor (the last `seq` returned) and is bound to
 * the scope and time window it was issued for, and a full read in batches for downloads and
 * exports. Each page is one indexed range read on (org_id, seq); no offset, so a deep page costs
 * what the first one does.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { ContinuationCodec } from "../tokens/continuation.js";
import { listAuditPage } from "./audit.repository.js";
import { type DecoratedAuditLogEntry, type EntryScope, toDecoratedEntry } from "./audit-entry.js";

/** Entries per page when the client does not say. */
export const DEFAULT_BATCH_SIZE = 200;
/** The most entries one page returns. */
export const MAX_BATCH_SIZE = 1000;
const EXPORT_BATCH = 500;

/** Whose events are read, and how their entries name that scope. */
export interface ReadScope {
  /** The organization's id, or null for the instance's events. */
  readonly orgId: string | null;
  readonly entryScope: EntryScope;
}

/** A time window: ISO timestamps, start inclusive, end exclusive. */
export interface TimeWindow {
  readonly startTime?: string;
  readonly endTime?: string;
}

/** A time window and the optional filters of a read (see AuditPageQuery). */
export interface AuditQuery extends TimeWindow {
  readonly actionId?: string;
  readonly actor?: string;
}

/** Azure DevOps' AuditLogQueryResult. */
export interface AuditLogQueryResult {
  decoratedAuditLogEntries: DecoratedAuditLogEntry[];
  continuationToken: string | null;
  hasMore: boolean;
}

/** The audit log as readers see it. */
export interface AuditReader {
  /** One page; undefined when the continuation token is forged, corrupt or for another query. */
  page(
    scope: ReadScope,
    window: AuditQuery,
    batchSize: number,
    continuationToken?: string,
  ): Promise<AuditLogQueryResult | undefined>;
  /** Every entry of the window, newest first, read in batches. */
  all(scope: ReadScope, window: AuditQuery): AsyncGenerator<DecoratedAuditLogEntry>;
}

/** Creates the reader over the store, with the codec of its continuation tokens. */
export function createAuditReader(db: Kysely<Database>, continuation: ContinuationCodec): AuditReader {
  // A continuation token is bound to everything that decides which events a page holds; the
  // filters only when given, so that tokens of unfiltered reads stay as they were before filters.
  const optionsOf = (scope: ReadScope, window: AuditQuery) => {
    const options = [scope.orgId ?? "", window.startTime ?? "", window.endTime ?? ""];
    if (window.actionId !== undefined || window.actor !== undefined) {
      options.push(window.actionId ?? "", window.actor?.toLowerCase() ?? "");
    }
    return JSON.stringify(options);
  };
  return {
    async page(scope, window, batchSize, continuationToken) {
      const options = optionsOf(scope, window);
      const beforeSeq = continuationToken === undefined ? undefined : continuation.decode(options, continuationToken);
      if (continuationToken !== undefined && beforeSeq === undefined) return undefined;
      // One row more than asked tells whether another page exists without a count.
      const rows = await listAuditPage(db, scope, { ...window, beforeSeq, limit: batchSize + 1 });
      const page = rows.slice(0, batchSize);
      const last = page.at(-1);
      const hasMore = rows.length > batchSize && last !== undefined;
      return {
        decoratedAuditLogEntries: page.map((row) => toDecoratedEntry(row, scope.entryScope)),
        continuationToken: hasMore ? continuation.encode(options, last.seq) : null,
        hasMore,
      };
    },
    async *all(scope, window) {
      let beforeSeq: number | undefined;
      while (true) {
        const rows = await listAuditPage(db, scope, { ...window, beforeSeq, limit: EXPORT_BATCH });
        for (const row of rows) yield toDecoratedEntry(row, scope.entryScope);
        const last = rows.at(-1);
        if (last === undefined || rows.length < EXPORT_BATCH) return;
        beforeSeq = last.seq;
      }
    },
  };
}
