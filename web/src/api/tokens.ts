/** The PAT lifecycle API (`/{org}/_apis/tokens/pats`), as the session user calls it. */

// The API's shapes come from the server's own modules (types only), so the two cannot drift.
import type { TokenStatus } from "../../../src/domain/token-rules.ts";
import type { PatTokenView } from "../../../src/tokens/pat-view.ts";
import { request } from "./http.ts";

export type { TokenStatus };
export type StatusFilter = TokenStatus | "all";
export type SortField = "displayName" | "displayDate" | "status";

/** A token as the lifecycle API returns it. */
export type PatToken = PatTokenView;

export interface TokenPage {
  continuationToken: string | null;
  patTokens: PatToken[];
}

export interface ListOptions {
  filter: StatusFilter;
  sortBy: SortField;
  ascending: boolean;
  continuationToken?: string | null;
}

/** The fields a create sends; a non-global token targets the `{org}` of the URL. */
export interface NewToken {
  displayName: string;
  scope: string;
  validTo: string;
  allOrgs: boolean;
}

/** The fields an update may change; `allOrgs: false` retargets to the `{org}` of the URL. */
export type TokenChanges = Partial<NewToken>;

const base = (org: string) => `/${encodeURIComponent(org)}/_apis/tokens/pats`;

/** One page of the user's tokens. */
export function listTokens(org: string, options: ListOptions): Promise<TokenPage> {
  const query = new URLSearchParams({
    displayFilterOption: options.filter,
    sortByOption: options.sortBy,
    isSortAscending: String(options.ascending),
  });
  if (options.continuationToken) query.set("continuationToken", options.continuationToken);
  // The lifecycle API marks the last page with "" (as Azure DevOps does); the UI uses null.
  return request<TokenPage>("GET", `${base(org)}?${query}`).then((page) => ({
    ...page,
    continuationToken: page.continuationToken || null,
  }));
}

/** Creates a token targeting `org` (or all organizations); the answer carries its value once. */
export async function createToken(org: string, changes: NewToken): Promise<PatToken> {
  return (await request<{ patToken: PatToken }>("POST", base(org), changes)).patToken;
}

/** Renames, rescopes, retargets (to `org` unless allOrgs) or extends a token. */
export async function updateToken(org: string, authorizationId: string, changes: TokenChanges): Promise<PatToken> {
  return (await request<{ patToken: PatToken }>("PUT", base(org), { authorizationId, ...changes })).patToken;
}

/** Issues a new value for a token; the old one stops working at once. */
export async function regenerateToken(org: string, authorizationId: string): Promise<PatToken> {
  const url = `${base(org)}/regenerate?authorizationId=${encodeURIComponent(authorizationId)}`;
  return (await request<{ patToken: PatToken }>("POST", url)).patToken;
}

/** Revokes a token; it stays listed as Revoked. */
export function revokeToken(org: string, authorizationId: string): Promise<void> {
  return request<void>("DELETE", `${base(org)}?authorizationId=${encodeURIComponent(authorizationId)}`);
}
