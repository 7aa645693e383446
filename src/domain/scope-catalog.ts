/**
 * The scope catalog: every scope a token may carry, grouped by the area users see in the UI.
 * Levels within an area are cumulative (each includes the ones before it); `separate` scopes
 * stand alone. This module is data only; the algebra over it lives in scopes.ts.
 */

/** One selectable level of an area, e.g. Code → "Read & write" → `vso.code_write`. */
export interface ScopeLevel {
  readonly label: string;
  readonly scope: string;
}

/** An area as shown in the scope picker. */
export interface ScopeArea {
  readonly name: string;
  /** Cumulative levels, weakest first. */
  readonly levels: readonly ScopeLevel[];
  /** Scopes of the area that neither include nor are included by the levels. */
  readonly separate?: readonly ScopeLevel[];
  /** Areas whose scopes `app_token` (Full access) does not include. */
  readonly excludedFromFullAccess?: boolean;
}

/** The scope meaning "Full access": everything the owner may do, except the Tokens area. */
export const FULL_ACCESS_SCOPE = "app_token";

export const SCOPE_CATALOG: readonly ScopeArea[] = [
  {
    name: "Agent Pools",
    levels: [
      { label: "Read", scope: "vso.agentpools" },
      { label: "Read & manage", scope: "vso.agentpools_manage" },
    ],
  },
  { name: "Analytics", levels: [{ label: "Read", scope: "vso.analytics" }] },
  {
    name: "Audit Log",
    levels: [
      { label: "Read", scope: "vso.auditlog" },
      { label: "Read & manage streams", scope: "vso.auditstreams_manage" },
    ],
  },
  {
    name: "Build",
    levels: [
      { label: "Read", scope: "vso.build" },
      { label: "Read & execute", scope: "vso.build_execute" },
    ],
  },
  {
    name: "Code",
    levels: [
      { label: "Read", scope: "vso.code" },
      { label: "Read & write", scope: "vso.code_write" },
      { label: "Read, write & manage", scope: "vso.code_manage" },
      { label: "Full", scope: "vso.code_full" },
    ],
    separate: [{ label: "Status", scope: "vso.code_status" }],
  },
  {
    name: "Extensions",
    levels: [
      { label: "Read", scope: "vso.extension" },
      { label: "Read & manage", scope: "vso.extension_manage" },
    ],
  },
  {
    name: "Graph",
    levels: [
      { label: "Read", scope: "vso.graph" },
      { label: "Read & manage", scope: "vso.graph_manage" },
    ],
  },
  {
    name: "Identity",
    levels: [
      { label: "Read", scope: "vso.identity" },
      { label: "Read & manage", scope: "vso.identity_manage" },
    ],
  },
  {
    name: "Member Entitlement Management",
    levels: [
      { label: "Read", scope: "vso.memberentitlementmanagement" },
      { label: "Read & write", scope: "vso.memberentitlementmanagement_write" },
    ],
  },
  {
    name: "Notifications",
    levels: [
      { label: "Read", scope: "vso.notification" },
      { label: "Write", scope: "vso.notification_write" },
      { label: "Manage", scope: "vso.notification_manage" },
    ],
  },
  {
    name: "Packaging",
    levels: [
      { label: "Read", scope: "vso.packaging" },
      { label: "Read & write", scope: "vso.packaging_write" },
      { label: "Read, write & manage", scope: "vso.packaging_manage" },
    ],
  },
  {
    name: "Policy",
    levels: [
      { label: "Read", scope: "vso.policy" },
      { label: "Read & write", scope: "vso.policy_write" },
    ],
  },
  {
    name: "Process",
    levels: [
      { label: "Read", scope: "vso.process" },
      { label: "Read & write", scope: "vso.process_write" },
    ],
  },
  {
    name: "Project and Team",
    levels: [
      { label: "Read", scope: "vso.project" },
      { label: "Read & write", scope: "vso.project_write" },
      { label: "Read, write & manage", scope: "vso.project_manage" },
    ],
  },
  { name: "Project Analysis", levels: [{ label: "Read", scope: "vso.analytics" }] },
  {
    name: "Release",
    levels: [
      { label: "Read", scope: "vso.release" },
      { label: "Read, write & execute", scope: "vso.release_execute" },
      { label: "Manage", scope: "vso.release_manage" },
    ],
  },
  { name: "Security", levels: [{ label: "Manage", scope: "vso.security_manage" }] },
  {
    name: "Service Connections",
    levels: [
      { label: "Read", scope: "vso.serviceendpoint" },
      { label: "Read & query", scope: "vso.serviceendpoint_query" },
      { label: "Manage", scope: "vso.serviceendpoint_manage" },
    ],
  },
  { name: "Source Providers", levels: [{ label: "Read", scope: "vso.sourceproviders" }] },
  { name: "Token Administration", levels: [{ label: "Read & manage", scope: "vso.tokenadministration" }] },
  {
    name: "Tokens",
    levels: [
      { label: "Read", scope: "vso.pats" },
      { label: "Read & manage", scope: "vso.pats_manage" },
    ],
    separate: [
      { label: "Introspect", scope: "patina.introspect" },
      // Reading /metrics (for instance administrators: see metrics/metrics.routes.ts).
      { label: "Metrics", scope: "patina.metrics" },
    ],
    excludedFromFullAccess: true,
  },
  {
    name: "User Profile",
    levels: [
      { label: "Read", scope: "vso.profile" },
      { label: "Write", scope: "vso.profile_write" },
    ],
  },
  {
    name: "Variable Groups",
    levels: [
      { label: "Read", scope: "vso.variablegroups_read" },
      { label: "Write", scope: "vso.variablegroups_write" },
      { label: "Manage", scope: "vso.variablegroups_manage" },
    ],
  },
  {
    name: "Work Items",
    levels: [
      { label: "Read", scope: "vso.work" },
      { label: "Read & write", scope: "vso.work_write" },
      { label: "Full", scope: "vso.work_full" },
    ],
  },
];

/**
 * Implications beyond the cumulative levels: Azure DevOps' `vso.code_full` also grants
 * commit statuses.
 */
export const EXTRA_IMPLICATIONS: Readonly<Record<string, readonly string[]>> = {
  "vso.code_full": ["vso.code_status"],
};
