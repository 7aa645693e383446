/**
 * Token administration as an organization administrator's session calls it: Patina's list of
 * every token of the organization (`/{org}/_apis/patina/tokens`) and Azure DevOps' tokenadmin
 * revocations and revocation rules. No call here ever carries or returns a token's value.
 */
import type { PatTokenView } from "../../../src/tokens/pat-view.ts";
import { request } from "./http.ts";

/** A token in the organization list, with its owner; `token` is always null (src/tokenadmin/token-admin.views.ts). */
export interface AdminToken extends PatTokenView {
  owner: { id: string; username: string; displayName: string; subjectDescriptor: string };
  createdAt: string;
  revokedAt: string | null;
}

export type AdminStatusFilter = "active" | "revoked" | "expired" | "all";

/** The list's filters; an absent one filters nothing. */
export interface AdminTokenFilters {
  search?: string;
  user?: string;
  status?: AdminStatusFilter;
  scope?: string;
  expiringWithinDays?: number;
}

export interface AdminTokenPage {
  value: AdminToken[];
  count: number;
  totalCount?: number;
  continuationToken: string | null;
}

const orgBase = (org: string) => `/${encodeURIComponent(org)}/_apis`;

/** One page of the organization's tokens, newest first, with the total count over all pages. */
export function listOrgTokens(
  org: string,
  filters: AdminTokenFilters,
  page: { top: number; continuationToken?: string | null },
): Promise<AdminTokenPage> {
  const query = new URLSearchParams({ includeTotalCount: "true", $top: String(page.top) });
  if (filters.search) query.set("search", filters.search);
  if (filters.user) query.set("user", filters.user);
  if (filters.status) query.set("status", filters.status);
  if (filters.scope) query.set("scope", filters.scope);
  if (filters.expiringWithinDays !== undefined) query.set("expiringWithinDays", String(filters.expiringWithinDays));
  if (page.continuationToken) query.set("continuationToken", page.continuationToken);
  return request<AdminTokenPage>("GET", `${orgBase(org)}/patina/tokens?${query}`);
}

/** Revokes these tokens of the organization (ids beyond its reach change nothing). */
export function revokeTokens(org: string, authorizationIds: readonly string[]): Promise<void> {
  return request<void>(
    "POST",
    `${orgBase(org)}/tokenadmin/revocations`,
    authorizationIds.map((authorizationId) => ({ authorizationId })),
  );
}

/** Revokes every token of one user that works in the organization. */
export async function revokeAllOfUser(org: string, user: string): Promise<number> {
  const url = `${orgBase(org)}/patina/tokens/revokeall?user=${encodeURIComponent(user)}`;
  return (await request<{ revokedCount: number }>("POST", url, { confirm: true })).revokedCount;
}

export interface RevocationRuleResult {
  scopes: string;
  createdBefore: string;
  revokedCount: number;
}

/** Revokes every token of the organization created before the date that grants any of the scopes. */
export function createRevocationRule(
  org: string,
  rule: { scopes: string; createdBefore?: string },
): Promise<RevocationRuleResult> {
  return request<RevocationRuleResult>("POST", `${orgBase(org)}/tokenadmin/revocationrules`, rule);
}
