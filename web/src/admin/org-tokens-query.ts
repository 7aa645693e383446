/**
 * The organization token list's filters as they live in the URL (`?search=&user=&status=&scope=&expiring=`),
 * so a reload or a shared link shows the same list; and what they ask of the API.
 */
import type { AdminStatusFilter, AdminTokenFilters } from "../api/token-admin.ts";

export interface OrgTokenFilters {
  search: string;
  user: string;
  status: AdminStatusFilter;
  scope: string;
  /** Days as text ("" for any); only active tokens expire. */
  expiring: string;
}

export const STATUS_OPTIONS: readonly { value: AdminStatusFilter; label: string }[] = [
  { value: "active", label: "Active" },
  { value: "expired", label: "Expired" },
  { value: "revoked", label: "Revoked" },
  { value: "all", label: "All" },
];

export const EXPIRING_OPTIONS: readonly { value: string; label: string }[] = [
  { value: "", label: "Any time" },
  { value: "7", label: "Within 7 days" },
  { value: "14", label: "Within 14 days" },
  { value: "30", label: "Within 30 days" },
  { value: "90", label: "Within 90 days" },
];

/** Tokens on one page of the list. */
export const PAGE_SIZE = 25;

const isStatus = (value: string | null): value is AdminStatusFilter =>
  STATUS_OPTIONS.some((option) => option.value === value);

/** The filters a URL's query names (unknown values read as none). */
export function filtersFromUrl(search: URLSearchParams): OrgTokenFilters {
  const status = search.get("status");
  const expiring = search.get("expiring") ?? "";
  return {
    search: search.get("search") ?? "",
    user: search.get("user") ?? "",
    status: isStatus(status) ? status : "active",
    scope: search.get("scope") ?? "",
    expiring: EXPIRING_OPTIONS.some((option) => option.value === expiring) ? expiring : "",
  };
}

/** What the filters ask of the API; "expiring within" lists active tokens, so it sends no status. */
export function apiFilters(filters: OrgTokenFilters): AdminTokenFilters {
  const expiring = filters.expiring === "" ? undefined : Number(filters.expiring);
  return {
    ...(filters.search.trim() === "" ? {} : { search: filters.search.trim() }),
    ...(filters.user.trim() === "" ? {} : { user: filters.user.trim() }),
    ...(expiring === undefined ? { status: filters.status } : { expiringWithinDays: expiring }),
    ...(filters.scope === "" ? {} : { scope: filters.scope }),
  };
}
