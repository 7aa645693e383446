/**
 * Row types of every table, as the query layer sees them (camelCase; the CamelCasePlugin maps
 * to snake_case columns). Timestamps are ISO 8601 UTC strings and flags are 0/1 integers, so
 * the same queries behave identically on SQLite and PostgreSQL.
 */
import type { Generated } from "kysely";
import type { AuditChainTable } from "../audit/audit-chain.table.js";
import type { OrgRole } from "../domain/roles.js";
import type { RepositoryTable } from "../git/repository.table.js";
import type { RecoveryCodeTable, UserTotpTable } from "../mfa/mfa.table.js";
import type { NoticeTable } from "../notifications/notice.table.js";
import type { PasskeyTable, WebAuthnChallengeTable } from "../passkeys/passkey.table.js";
import type { PolicyTable } from "../policies/policy.table.js";
import type { PendingSignInTable, SessionTable, SignInThrottleTable } from "../sessions/session.table.js";
import type { FirstRunSetupTable, SetupCodeTable } from "../sessions/setup-code.table.js";
import type { SsoLinkTable } from "../sso/sso-link.table.js";
import type { TokenUsageDayTable, UsageWriteReceiptTable } from "../usage/usage.table.js";
import type { ChangeLogTable } from "./change-log.table.js";

export interface UserTable {
  id: string;
  username: string;
  displayName: string;
  email: string;
  passwordHash: string | null;
  isAdmin: number;
  isDisabled: number;
  createdAt: string;
}

export interface OrganizationTable {
  id: string;
  /** Lower case; organizations are addressed case-insensitively by name. */
  name: string;
  createdAt: string;
}

export interface OrgMemberTable {
  orgId: string;
  userId: string;
  role: OrgRole;
  createdAt: string;
}

export interface ProjectTable {
  id: string;
  orgId: string;
  name: string;
  /** Lower-cased name, for case-insensitive uniqueness and lookup. */
  nameKey: string;
  description: string;
  visibility: string;
  revision: number;
  lastUpdateTime: string;
  createdAt: string;
}

export interface TokenTable {
  authorizationId: string;
  userId: string;
  displayName: string;
  /** Space-separated scopes, as requested. */
  scope: string;
  allOrgs: number;
  /** The target organization; null when allOrgs. */
  orgId: string | null;
  validFrom: string;
  validTo: string;
  createdAt: string;
  updatedAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  /** Non-secret display hint: prefix + first characters of the body. */
  secretHint: string;
  lastUsedAt: string | null;
  /** JSON array of the last few distinct client addresses, most recent first. */
  lastUsedIps: string;
  /** Incremented by every change of the token's definition; the compare-and-set of those changes. */
  revision: number;
  /** 1 once the token's expiry is in the audit log (token-expiry.job.ts). */
  expiryRecorded: number;
  /** The name as the list sorts it (domain/name-sort-key); the repository keeps it current. */
  nameSortKey: string;
}

/** Secrets of a token: normally one; two during a regeneration grace period. */
export interface TokenSecretTable {
  /** HMAC-SHA-256 of the token value under the server secret, base64url. */
  secretHash: string;
  authorizationId: string;
  /** When this secret stops working before the token does (old secret after regenerate). */
  expiresAt: string | null;
  createdAt: string;
}

export interface AuditEventTable {
  id: string;
  /** Monotonic sequence for stable ordering and paging. */
  seq: Generated<number>;
  eventType: string;
  timestamp: string;
  actorUserId: string | null;
  actorName: string | null;
  clientIp: string | null;
  userAgent: string | null;
  orgId: string | null;
  authorizationId: string | null;
  tokenDisplayName: string | null;
  /** JSON object with event-specific data; never a secret. */
  details: string;
  /** The event's chain (organization id or `instance`); null only on rows older than migration 0010 until chained. */
  chainKey: string | null;
  /** 1, 2, … within the chain. */
  chainPosition: number | null;
  /** Hash of the previous event of the chain (see domain/audit-chain.ts). */
  prevHash: string | null;
  /** SHA-256 of the event's canonical form. */
  hash: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface Database {
  users: UserTable;
  organizations: OrganizationTable;
  orgMembers: OrgMemberTable;
  projects: ProjectTable;
  tokens: TokenTable;
  tokenSecrets: TokenSecretTable;
  auditEvents: AuditEventTable;
  auditChains: AuditChainTable;
  settings: SettingTable;
  repositories: RepositoryTable;
  sessions: SessionTable;
  signInThrottle: SignInThrottleTable;
  changeLog: ChangeLogTable;
  setupCodes: SetupCodeTable;
  firstRunSetup: FirstRunSetupTable;
  tokenUsageDays: TokenUsageDayTable;
  usageWriteReceipts: UsageWriteReceiptTable;
  notices: NoticeTable;
  policies: PolicyTable;
  passkeys: PasskeyTable;
  webauthnChallenges: WebAuthnChallengeTable;
  userTotp: UserTotpTable;
  recoveryCodes: RecoveryCodeTable;
  pendingSignIns: PendingSignInTable;
  ssoLinks: SsoLinkTable;
}
