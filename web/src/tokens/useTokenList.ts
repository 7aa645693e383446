/**
 * The token list's state: filter, sort, pages loaded so far. Sorting and filtering happen on the
 * server (the lifecycle API's own options), so they stay right beyond the first page.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { listTokens, type PatToken, type SortField, type StatusFilter } from "../api/tokens.ts";

export interface TokenListState {
  tokens: PatToken[];
  loading: boolean;
  error: string | null;
  continuationToken: string | null;
  filter: StatusFilter;
  sortBy: SortField;
  ascending: boolean;
}

/** Loads and reloads the user's tokens through the API of organization `org`. */
export function useTokenList(org: string | undefined, onSessionLost: () => void) {
  const [state, setState] = useState<TokenListState>({
    tokens: [],
    loading: true,
    error: null,
    continuationToken: null,
    filter: "active",
    sortBy: "displayName",
    ascending: true,
  });
  const { filter, sortBy, ascending } = state;

  const load = useCallback(
    async (continuationToken: string | null) => {
      if (org === undefined) return;
      setState((current) => ({ ...current, loading: true, error: null }));
      try {
        const page = await listTokens(org, { filter, sortBy, ascending, continuationToken });
        setState((current) => ({
          ...current,
          loading: false,
          tokens: continuationToken === null ? page.patTokens : [...current.tokens, ...page.patTokens],
          continuationToken: page.continuationToken,
        }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) onSessionLost();
        else setState((current) => ({ ...current, loading: false, error: messageOf(error) }));
      }
    },
    [org, filter, sortBy, ascending, onSessionLost],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return {
    state,
    reload: () => load(null),
    loadMore: () => load(state.continuationToken),
    setFilter: (next: StatusFilter) => setState((current) => ({ ...current, filter: next })),
    /** Sorts by a column; the same column again flips the direction, as in Azure DevOps. */
    sortBy: (field: SortField) =>
      setState((current) => ({
        ...current,
        sortBy: field,
        ascending: current.sortBy === field ? !current.ascending : true,
      })),
    /** Shows a changed token at once, before the reload answers. */
    replaceToken: (token: PatToken) =>
      setState((current) => ({
        ...current,
        tokens: current.tokens.map((t) => (t.authorizationId === token.authorizationId ? token : t)),
      })),
  };
}
