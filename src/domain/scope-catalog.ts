/**
 * The scope catalog: every scope a token may carry, grouped by the area users see in the UI.
 * Levels within an area are cumulative (each includes the ones before it); `separate` scopes
 * stand alone. The descriptions are what the scope picker shows. This module is data only; the
 * algebra over it lives in scopes.ts, the roles some actions also need in scope-roles.ts.
 */

/** One selectable level of an area, e.g. Code → "Read & write" → `vso.code_write`. */
export interface ScopeLevel {
  readonly label: string;
  readonly scope: string;
  /** What the level allows, in a short sentence the scope picker shows next to it. */
  readonly description: string;
}

/** An area as shown in the scope picker. */
export interface ScopeArea {
  readonly name: string;
  /** What the area covers, in a short sentence the scope picker shows under its name. */
  readonly description: string;
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
    description: "Build and release agent pools and their agents.",
    levels: [
      { label: "Read", scope: "vso.agentpools", description: "See pools and agents." },
      {
        label: "Read & manage",
        scope: "vso.agentpools_manage",
        description: "Also create, change and delete pools and agents.",
      },
    ],
  },
  {
    name: "Analytics",
    description: "Analytics views and reports of work tracking and pipelines.",
    levels: [{ label: "Read", scope: "vso.analytics", description: "Read analytics data and reports." }],
  },
  {
    name: "Audit Log",
    description: "The organization's audit log of security-relevant events.",
    levels: [
      { label: "Read", scope: "vso.auditlog", description: "Read and download audit log entries." },
      {
        label: "Read & manage streams",
        scope: "vso.auditstreams_manage",
        description: "Also create and change audit streams.",
      },
    ],
  },
  {
    name: "Build",
    description: "Pipelines' builds: their results, logs and artifacts.",
    levels: [
      { label: "Read", scope: "vso.build", description: "See builds, their logs and artifacts." },
      { label: "Read & execute", scope: "vso.build_execute", description: "Also queue, retry and cancel builds." },
    ],
  },
  {
    name: "Code",
    description: "Git repositories: clone, fetch, push, branches, pull requests.",
    levels: [
      { label: "Read", scope: "vso.code", description: "Clone and fetch repositories, read code and pull requests." },
      {
        label: "Read & write",
        scope: "vso.code_write",
        description: "Also push commits, create branches and tags, open pull requests.",
      },
      {
        label: "Read, write & manage",
        scope: "vso.code_manage",
        description: "Also create, rename and delete repositories.",
      },
      { label: "Full", scope: "vso.code_full", description: "Everything in Code, commit statuses included." },
    ],
    separate: [
      {
        label: "Status",
        scope: "vso.code_status",
        description: "Read and write commit and pull request statuses (for CI services).",
      },
    ],
  },
  {
    name: "Extensions",
    description: "Installed extensions and their data.",
    levels: [
      { label: "Read", scope: "vso.extension", description: "See installed extensions." },
      {
        label: "Read & manage",
        scope: "vso.extension_manage",
        description: "Also install, update and remove extensions.",
      },
    ],
  },
  {
    name: "Graph",
    description: "Users, groups and their memberships.",
    levels: [
      { label: "Read", scope: "vso.graph", description: "See users, groups and memberships." },
      {
        label: "Read & manage",
        scope: "vso.graph_manage",
        description: "Also add and remove users and group members.",
      },
    ],
  },
  {
    name: "Identity",
    description: "Identities and groups as Azure DevOps' identity service shows them.",
    levels: [
      { label: "Read", scope: "vso.identity", description: "Read identities and groups." },
      {
        label: "Read & manage",
        scope: "vso.identity_manage",
        description: "Also create and change identities and groups.",
      },
    ],
  },
  {
    name: "Member Entitlement Management",
    description: "Users' access levels and entitlements in the organization.",
    levels: [
      { label: "Read", scope: "vso.memberentitlementmanagement", description: "See users' access levels." },
      {
        label: "Read & write",
        scope: "vso.memberentitlementmanagement_write",
        description: "Also add users and change their access levels.",
      },
    ],
  },
  {
    name: "Notifications",
    description: "Notification subscriptions and their events.",
    levels: [
      { label: "Read", scope: "vso.notification", description: "See subscriptions and notifications." },
      { label: "Write", scope: "vso.notification_write", description: "Also create and change subscriptions." },
      {
        label: "Manage",
        scope: "vso.notification_manage",
        description: "Also manage others' subscriptions and delivery settings.",
      },
    ],
  },
  {
    name: "Packaging",
    description: "Package feeds (npm, NuGet, Maven, Python) and their packages.",
    levels: [
      { label: "Read", scope: "vso.packaging", description: "Download packages and see feeds." },
      { label: "Read & write", scope: "vso.packaging_write", description: "Also publish packages." },
      {
        label: "Read, write & manage",
        scope: "vso.packaging_manage",
        description: "Also create, change and delete feeds and their permissions.",
      },
    ],
  },
  {
    name: "Policy",
    description: "Branch and repository policies.",
    levels: [
      { label: "Read", scope: "vso.policy", description: "See policies." },
      { label: "Read & write", scope: "vso.policy_write", description: "Also create and change policies." },
    ],
  },
  {
    name: "Process",
    description: "Work-tracking processes and their work item types.",
    levels: [
      { label: "Read", scope: "vso.process", description: "See processes and work item types." },
      { label: "Read & write", scope: "vso.process_write", description: "Also create and change processes." },
    ],
  },
  {
    name: "Project and Team",
    description: "Projects and teams of the organization.",
    levels: [
      { label: "Read", scope: "vso.project", description: "List projects and teams and read their settings." },
      { label: "Read & write", scope: "vso.project_write", description: "Also change projects and teams." },
      { label: "Read, write & manage", scope: "vso.project_manage", description: "Also create and delete projects." },
    ],
  },
  {
    name: "Project Analysis",
    description: "Analytics of a project (the same scope as Analytics).",
    levels: [{ label: "Read", scope: "vso.analytics", description: "Read analytics data and reports." }],
  },
  {
    name: "Release",
    description: "Release pipelines, releases and deployments.",
    levels: [
      { label: "Read", scope: "vso.release", description: "See releases and deployments." },
      {
        label: "Read, write & execute",
        scope: "vso.release_execute",
        description: "Also create releases and start deployments.",
      },
      { label: "Manage", scope: "vso.release_manage", description: "Also change and delete release pipelines." },
    ],
  },
  {
    name: "Security",
    description: "Permissions and access-control lists.",
    levels: [{ label: "Manage", scope: "vso.security_manage", description: "Read and change permissions." }],
  },
  {
    name: "Service Connections",
    description: "Service connections (endpoints) to external services.",
    levels: [
      { label: "Read", scope: "vso.serviceendpoint", description: "See service connections." },
      {
        label: "Read & query",
        scope: "vso.serviceendpoint_query",
        description: "Also query the services they connect to.",
      },
      {
        label: "Manage",
        scope: "vso.serviceendpoint_manage",
        description: "Also create, change and delete service connections.",
      },
    ],
  },
  {
    name: "Source Providers",
    description: "Connected source providers (GitHub, Bitbucket) and their repositories.",
    levels: [
      {
        label: "Read",
        scope: "vso.sourceproviders",
        description: "See connected source providers and their repositories.",
      },
    ],
  },
  {
    name: "Token Administration",
    description: "Other users' personal access tokens and the token policies, for administrators.",
    levels: [
      {
        label: "Read & manage",
        scope: "vso.tokenadministration",
        description: "List and revoke other users' tokens, set revocation rules and token policies.",
      },
    ],
  },
  {
    name: "Tokens",
    description: "Your own personal access tokens, through the token API.",
    levels: [
      { label: "Read", scope: "vso.pats", description: "List and read your tokens (never their values)." },
      {
        label: "Read & manage",
        scope: "vso.pats_manage",
        description: "Also create, change, regenerate and revoke your tokens.",
      },
    ],
    separate: [
      {
        label: "Introspect",
        scope: "patina.introspect",
        description: "Ask Patina whether any token is valid (for services behind forward-auth).",
      },
      // Reading /metrics (for instance administrators: see metrics/metrics.routes.ts).
      { label: "Metrics", scope: "patina.metrics", description: "Read Patina's Prometheus metrics at /metrics." },
    ],
    excludedFromFullAccess: true,
  },
  {
    name: "User Profile",
    description: "Your profile: name, email address and preferences.",
    levels: [
      { label: "Read", scope: "vso.profile", description: "Read your profile." },
      { label: "Write", scope: "vso.profile_write", description: "Also change your profile." },
    ],
  },
  {
    name: "Variable Groups",
    description: "Pipelines' variable groups and their values.",
    levels: [
      { label: "Read", scope: "vso.variablegroups_read", description: "See variable groups and their values." },
      { label: "Write", scope: "vso.variablegroups_write", description: "Also create and change variable groups." },
      {
        label: "Manage",
        scope: "vso.variablegroups_manage",
        description: "Also delete variable groups and manage their permissions.",
      },
    ],
  },
  {
    name: "Work Items",
    description: "Work items, queries, boards and backlogs.",
    levels: [
      { label: "Read", scope: "vso.work", description: "Read work items, queries and boards." },
      { label: "Read & write", scope: "vso.work_write", description: "Also create and change work items and queries." },
      { label: "Full", scope: "vso.work_full", description: "Also delete work items and manage boards and areas." },
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
