/**
 * The token list's calls beyond the basic ones in tokens.ts: a page with Patina's `search` and
 * `totalCount` additions and a page size, and Revoke all (`POST …/tokens/pats/revokeall`).
 */
import { request } from "./http.ts";
import type { PatToken, SortField, StatusFilter } from "./tokens.ts";

export interface CountedTokenPage {
  continuationToken: string | null;
  patTokens: PatToken[];
  /** The tokens matching the filter and search over all pages. */
  totalCount: number;
}

export interface TokenPageQuery {
  filter: StatusFilter;
  sortBy: SortField;
  ascending: boolean;
  /** Only names containing this, in any case; "" for all. */
  search: string;
  /** Page size, 1–100. */
  top: number;
  continuationToken: string | null;
}

const base = (org: string) => `/${encodeURIComponent(org)}/_apis/tokens/pats`;

/** One page of the user's tokens, with the count of all that match. */
export function listTokenPage(org: string, query: TokenPageQuery): Promise<CountedTokenPage> {
  const params = new URLSearchParams({
    displayFilterOption: query.filter,
    sortByOption: query.sortBy,
    isSortAscending: String(query.ascending),
    $top: String(query.top),
    includeTotalCount: "true",
  });
  if (query.search !== "") params.set("search", query.search);
  if (query.continuationToken !== null) params.set("continuationToken", query.continuationToken);
  // The lifecycle API marks the last page with "" (as Azure DevOps does); the UI uses null.
  return request<CountedTokenPage>("GET", `${base(org)}?${params}`).then((page) => ({
    ...page,
    continuationToken: page.continuationToken || null,
  }));
}

/** Revokes every token of the signed-in user; resolves with how many were revoked. */
export async function revokeAllTokens(org: string): Promise<number> {
  const answer = await request<{ revokedCount: number }>("POST", `${base(org)}/revokeall`, { confirm: true });
  return answer.revokedCount;
}
