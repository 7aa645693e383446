/**
 * The audit API as an organization administrator's session calls it: pages of the log
 * (`/{org}/_apis/audit/auditlog`, newest first), the download links (`downloadlog`, CSV or
 * JSON, with the same filters), and Patina's check of the tamper-evident chain.
 */
import { request } from "./http.ts";

/**
 * The fields of Azure DevOps' DecoratedAuditLogEntry the page reads (src/audit/audit-entry.ts
 * has the whole shape; it is not imported because it pulls server modules into the bundle).
 */
export interface AuditEntry {
  id: string;
  timestamp: string;
  actionId: string;
  area: string;
  categoryDisplayName: string;
  actorDisplayName: string;
  actorUPN: string;
  authenticationMechanism: string;
  ipAddress: string;
  userAgent: string;
  scopeDisplayName: string;
  details: string;
  data: Record<string, unknown>;
}

export interface AuditPage {
  decoratedAuditLogEntries: AuditEntry[];
  continuationToken: string | null;
  hasMore: boolean;
}

/** What the log is narrowed to; every field is optional. */
export interface AuditQuery {
  /** ISO timestamp, inclusive. */
  startTime?: string;
  /** ISO timestamp, exclusive. */
  endTime?: string;
  /** An exact event type (Token.PatRevokeEvent) or an area (Token). */
  actionId?: string;
  /** The actor's user name. */
  actor?: string;
}

/** The answer of the chain check. */
export interface AuditVerification {
  verified: boolean;
  checkedEvents: number;
  checkedAt: string;
  message: string;
}

/** Entries per page: enough to fill a screen, few enough to load at once. */
export const AUDIT_PAGE_SIZE = 50;

const orgBase = (org: string) => `/${encodeURIComponent(org)}/_apis`;

function queryString(query: AuditQuery, extra: Record<string, string>): string {
  const search = new URLSearchParams({ "api-version": "7.1" });
  for (const [name, value] of Object.entries({ ...query, ...extra })) {
    if (value !== undefined && value !== "") search.set(name, value);
  }
  return search.toString();
}

/** One page of the organization's audit log. */
export function getAuditPage(org: string, query: AuditQuery, continuationToken?: string | null): Promise<AuditPage> {
  const extra: Record<string, string> = { batchSize: String(AUDIT_PAGE_SIZE) };
  if (continuationToken) extra.continuationToken = continuationToken;
  return request<AuditPage>("GET", `${orgBase(org)}/audit/auditlog?${queryString(query, extra)}`);
}

/** The link that downloads the whole filtered log as CSV or JSON (the session cookie goes with it). */
export function auditDownloadUrl(org: string, format: "csv" | "json", query: AuditQuery): string {
  return `${orgBase(org)}/audit/downloadlog?${queryString(query, { format })}`;
}

/** Checks the organization's chain of audit events. */
export function getAuditVerification(org: string): Promise<AuditVerification> {
  return request<AuditVerification>("GET", `${orgBase(org)}/patina/audit/verification?api-version=7.1`);
}
