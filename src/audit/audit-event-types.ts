/**
 * Every audit event type Patina writes (`actionId` of an audit entry), grouped by area. Data
 * only, with no imports: the web UI imports this file directly for its event type filter, and
 * the server derives `AuditEventType` from it, so a type Patina writes is always listed here.
 */
export const AUDIT_EVENT_TYPES = [
  "Token.PatCreateEvent",
  "Token.PatUpdateEvent",
  "Token.PatRegenerateEvent",
  "Token.PatRevokeEvent",
  "Token.PatExpiredEvent",
  "Token.PatPublicDiscoveryEvent",
  "Token.PatSystemRevokeEvent",
  "Token.PatAdminRevokeEvent",
  "User.CreateEvent",
  "User.DisableEvent",
  "User.EnableEvent",
  "User.SignInEvent",
  "User.SignInFailedEvent",
  "User.SignOutEvent",
  "User.PasswordChangeEvent",
  "User.SetupEvent",
  "User.PasskeyAddEvent",
  "User.PasskeyRenameEvent",
  "User.PasskeyRemoveEvent",
  "User.MfaEnrolEvent",
  "User.MfaRemoveEvent",
  "User.RecoveryCodesRegenerateEvent",
  "User.RecoveryCodeUsedEvent",
  "User.StepUpEvent",
  "User.StepUpFailedEvent",
  "User.SsoLinkEvent",
  "Organization.CreateEvent",
  "Organization.MemberAddEvent",
  "Organization.MemberUpdateEvent",
  "Organization.MemberRemoveEvent",
  "Project.CreateEvent",
  "Git.RepositoryCreateEvent",
  "Git.RepositoryDeleted",
  "Git.RepositoryRenamed",
  "AuditLog.RetentionUpdateEvent",
  "AuditLog.PruneEvent",
  "Policy.PolicyValueUpdated",
] as const;

/** One of the event types above. */
export type AuditEventTypeName = (typeof AUDIT_EVENT_TYPES)[number];

/** The areas of the event types (`Token`, `User`, …): an `actionId` filter may name one to mean all its types. */
export const AUDIT_EVENT_AREAS: readonly string[] = [
  ...new Set(AUDIT_EVENT_TYPES.map((type) => type.split(".")[0] ?? type)),
];
