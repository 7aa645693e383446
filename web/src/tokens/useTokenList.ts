/**
 * The token list's state: the pages loaded so far for the view (filter, sort, search) in the
 * URL, and the count of all matching tokens. Sorting, filtering, searching and counting happen
 * on the server, so they stay right beyond the first page. A change made on the page shows at
 * once (a revoked token leaves Active) and is then confirmed by reloading what was loaded.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, messageOf } from "../api/http.ts";
import { listTokenPage } from "../api/token-list.ts";
import type { PatToken } from "../api/tokens.ts";
import type { ListView } from "./list-params.ts";

/** Tokens per page (Load more adds another). */
export const PAGE_SIZE = 20;
/** The most one request may return, so a refresh of many loaded pages is a few requests at most. */
const MAX_TOP = 100;

export interface TokenListState {
  tokens: PatToken[];
  loading: boolean;
  error: string | null;
  continuationToken: string | null;
  /** All tokens matching the view; null before the first answer. */
  totalCount: number | null;
}

const EMPTY: TokenListState = { tokens: [], loading: true, error: null, continuationToken: null, totalCount: null };

/** Whether a token belongs in a list filtered by `filter`. */
function belongs(token: PatToken, view: ListView): boolean {
  return view.filter === "all" || token.status === view.filter;
}

/** Loads and reloads the user's tokens through the API of organization `org`. */
export function useTokenList(org: string | undefined, view: ListView) {
  const [state, setState] = useState<TokenListState>(EMPTY);
  // Answers to an older view or an older refresh are dropped: only the latest request counts.
  const latest = useRef(0);
  const { filter, sortBy, ascending, search } = view;

  const load = useCallback(
    async (continuationToken: string | null, top: number) => {
      if (org === undefined) return;
      const ticket = ++latest.current;
      setState((current) => ({ ...current, loading: true, error: null }));
      try {
        const page = await listTokenPage(org, { filter, sortBy, ascending, search, top, continuationToken });
        if (ticket !== latest.current) return;
        setState((current) => ({
          loading: false,
          error: null,
          tokens: continuationToken === null ? page.patTokens : [...current.tokens, ...page.patTokens],
          continuationToken: page.continuationToken,
          totalCount: page.totalCount,
        }));
      } catch (error) {
        if (ticket !== latest.current) return;
        // A 401 is the app shell's (api/http.ts sends the user to sign in).
        const message = error instanceof ApiError && error.status === 401 ? null : messageOf(error);
        setState((current) => ({ ...current, loading: false, error: message }));
      }
    },
    [org, filter, sortBy, ascending, search],
  );

  useEffect(() => {
    setState(EMPTY);
    void load(null, PAGE_SIZE);
  }, [load]);

  const loaded = state.tokens.length;
  return {
    state,
    /** Loads the list again, as many tokens as are shown now (at least one page). */
    refresh: () => load(null, Math.min(MAX_TOP, Math.max(PAGE_SIZE, loaded))),
    loadMore: () => load(state.continuationToken, PAGE_SIZE),
    /** Shows a changed token at once: in place, or gone when it left the filter (a revoke under Active). */
    applyChange: (token: PatToken) =>
      setState((current) => {
        const stays = belongs(token, view);
        const wasListed = current.tokens.some((t) => t.authorizationId === token.authorizationId);
        return {
          ...current,
          tokens: stays
            ? current.tokens.map((t) => (t.authorizationId === token.authorizationId ? token : t))
            : current.tokens.filter((t) => t.authorizationId !== token.authorizationId),
          totalCount: current.totalCount !== null && wasListed && !stays ? current.totalCount - 1 : current.totalCount,
        };
      }),
  };
}
