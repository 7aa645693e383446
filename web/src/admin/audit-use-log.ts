/**
 * The audit log's entries for a query: the first page on every change of the filters, then
 * "Load more" appends the next page (the API's continuation token). An answer that arrives after
 * the filters changed again is dropped, so a slow first query never overwrites a newer one.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { type AuditEntry, type AuditQuery, getAuditPage } from "../api/audit.ts";
import { messageOf } from "../api/http.ts";

export interface AuditLogState {
  entries: readonly AuditEntry[];
  /** True until the first page of the current query arrived. */
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: string | null;
  /** Appends the next page; resolves with the entries it added. */
  loadMore: () => Promise<readonly AuditEntry[]>;
}

/** Reads the log of `org` for `query` (null: nothing to read, the filters are invalid). */
export function useAuditLog(org: string, query: AuditQuery | null): AuditLogState {
  const [entries, setEntries] = useState<readonly AuditEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [continuation, setContinuation] = useState<string | null>(null);
  const generation = useRef(0);
  const key = query === null ? null : JSON.stringify(query);

  useEffect(() => {
    const mine = ++generation.current;
    setEntries([]);
    setContinuation(null);
    setError(null);
    if (key === null) {
      setLoading(false);
      return;
    }
    setLoading(true);
    getAuditPage(org, JSON.parse(key) as AuditQuery).then(
      (page) => {
        if (mine !== generation.current) return;
        setEntries(page.decoratedAuditLogEntries);
        setContinuation(page.hasMore ? page.continuationToken : null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        setError(messageOf(failure));
        setLoading(false);
      },
    );
  }, [org, key]);

  const loadMore = useCallback(async () => {
    if (key === null || continuation === null) return [];
    const mine = generation.current;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await getAuditPage(org, JSON.parse(key) as AuditQuery, continuation);
      if (mine !== generation.current) return [];
      setEntries((current) => [...current, ...page.decoratedAuditLogEntries]);
      setContinuation(page.hasMore ? page.continuationToken : null);
      return page.decoratedAuditLogEntries;
    } catch (failure) {
      if (mine === generation.current) setError(messageOf(failure));
      return [];
    } finally {
      if (mine === generation.current) setLoadingMore(false);
    }
  }, [org, key, continuation]);

  return { entries, loading, loadingMore, hasMore: continuation !== null, error, loadMore };
}
