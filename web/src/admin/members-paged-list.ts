/**
 * A searched, paged list from one of the directory APIs (members, users): the first page on
 * every change of the search, "Load more" appends, and rows can be replaced or dropped after an
 * action without reloading. An answer for an older search is dropped.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { messageOf } from "../api/http.ts";

export interface Page<T> {
  items: T[];
  continuationToken: string | null;
}

export interface PagedList<T> {
  items: readonly T[];
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: string | null;
  loadMore: () => Promise<void>;
  /** Reads the first page again (after an add). */
  reload: () => void;
  /** Replaces the rows `matches` finds (after a change) or drops them (`null`). */
  update: (matches: (item: T) => boolean, replacement: T | null) => void;
}

/** The list that `load` reads for `search`. `load` must be stable (useCallback). */
export function usePagedList<T>(load: (search: string, token: string | null) => Promise<Page<T>>, search: string) {
  const [items, setItems] = useState<readonly T[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [continuation, setContinuation] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const generation = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version asks for a reload
  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    load(search, null).then(
      (page) => {
        if (mine !== generation.current) return;
        setItems(page.items);
        setContinuation(page.continuationToken);
        setLoading(false);
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        setItems([]);
        setContinuation(null);
        setError(messageOf(failure));
        setLoading(false);
      },
    );
  }, [load, search, version]);

  const loadMore = useCallback(async () => {
    if (continuation === null) return;
    const mine = generation.current;
    setLoadingMore(true);
    try {
      const page = await load(search, continuation);
      if (mine !== generation.current) return;
      setItems((current) => [...current, ...page.items]);
      setContinuation(page.continuationToken);
    } catch (failure) {
      if (mine === generation.current) setError(messageOf(failure));
    } finally {
      if (mine === generation.current) setLoadingMore(false);
    }
  }, [load, search, continuation]);

  const reload = useCallback(() => setVersion((current) => current + 1), []);
  const update = useCallback((matches: (item: T) => boolean, replacement: T | null) => {
    setItems((current) =>
      replacement === null
        ? current.filter((item) => !matches(item))
        : current.map((item) => (matches(item) ? replacement : item)),
    );
  }, []);

  const list: PagedList<T> = {
    items,
    loading,
    loadingMore,
    hasMore: continuation !== null,
    error,
    loadMore,
    reload,
    update,
  };
  return list;
}
