/**
 * The token list's view in the URL (`?status=revoked&sort=displayDate&order=desc&search=ci`), so a
 * reload or a shared link shows the same list. Defaults are left out of the URL; anything
 * unknown reads as the default.
 */
import type { SortField, StatusFilter } from "../api/tokens.ts";

export interface ListView {
  filter: StatusFilter;
  sortBy: SortField;
  ascending: boolean;
  search: string;
}

export const DEFAULT_VIEW: ListView = { filter: "active", sortBy: "displayName", ascending: true, search: "" };

const FILTERS: readonly StatusFilter[] = ["active", "expired", "revoked", "all"];
const SORTS: readonly SortField[] = ["displayName", "displayDate", "status"];

/** The longest search the API takes. */
export const MAX_SEARCH_LENGTH = 256;

/** The view a URL's query asks for. */
export function readView(query: URLSearchParams): ListView {
  const status = query.get("status");
  const sort = query.get("sort");
  return {
    filter: FILTERS.find((filter) => filter === status) ?? DEFAULT_VIEW.filter,
    sortBy: SORTS.find((field) => field === sort) ?? DEFAULT_VIEW.sortBy,
    ascending: query.get("order") !== "desc",
    search: (query.get("search") ?? "").slice(0, MAX_SEARCH_LENGTH),
  };
}

/** The query parameters of a view; null removes one (it is the default). */
export function viewParams(view: ListView): Record<string, string | null> {
  return {
    status: view.filter === DEFAULT_VIEW.filter ? null : view.filter,
    sort: view.sortBy === DEFAULT_VIEW.sortBy ? null : view.sortBy,
    order: view.ascending ? null : "desc",
    search: view.search.trim() === "" ? null : view.search,
  };
}
