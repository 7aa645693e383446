/**
 * The readable sentence of an audit event (`details` of Azure DevOps' DecoratedAuditLogEntry).
 * Built only from what the event stores (names, ids, roles, reasons), which never holds a
 * secret; names are quoted as stored.
 */
import type { AuditEventRow } from "./audit.repository.js";

type Data = Readonly<Record<string, unknown>>;

const text = (value: unknown): string => (typeof value === "string" || typeof value === "number" ? String(value) : "?");
const quoted = (value: unknown): string => `"${text(value)}"`;
const reason = (data: Data): string => (typeof data.reason === "string" ? ` (reason: ${data.reason})` : "");

const SENTENCES: Readonly<Record<string, (event: AuditEventRow, data: Data) => string>> = {
  "Token.PatCreateEvent": (e) => `Created personal access token ${quoted(e.tokenDisplayName)}.`,
  "Token.PatUpdateEvent": (e) => `Updated personal access token ${quoted(e.tokenDisplayName)}.`,
  "Token.PatRegenerateEvent": (e) => `Regenerated personal access token ${quoted(e.tokenDisplayName)}.`,
  "Token.PatRevokeEvent": (e) => `Revoked personal access token ${quoted(e.tokenDisplayName)}.`,
  "Token.PatExpiredEvent": (e) => `Personal access token ${quoted(e.tokenDisplayName)} expired.`,
  "Token.PatPublicDiscoveryEvent": (e) =>
    `Personal access token ${quoted(e.tokenDisplayName)} was reported as publicly disclosed.`,
  "Token.PatSystemRevokeEvent": (e, d) =>
    `Patina revoked personal access token ${quoted(e.tokenDisplayName)}${reason(d)}.`,
  "Token.PatAdminRevokeEvent": (e, d) =>
    `An administrator revoked personal access token ${quoted(e.tokenDisplayName)}${reason(d)}.`,
  "User.CreateEvent": (_e, d) => `Created ${d.admin === true ? "administrator" : "user"} ${quoted(d.username)}.`,
  "User.DisableEvent": (_e, d) => `Disabled user ${quoted(d.username)}.`,
  "User.EnableEvent": (_e, d) => `Enabled user ${quoted(d.username)}.`,
  "User.SignInEvent": (e) => `${quoted(e.actorName)} signed in.`,
  "User.SignInFailedEvent": (e, d) =>
    `A sign-in ${e.actorUserId === null ? "with an unknown user name" : `as ${quoted(e.actorName)}`} failed${reason(d)}.`,
  "User.SignOutEvent": (e) => `${quoted(e.actorName)} signed out.`,
  "User.PasswordChangeEvent": (e) => `${quoted(e.actorName)} changed their password.`,
  "User.SetupEvent": (_e, d) =>
    `First-run setup created administrator ${quoted(d.username)} and organization ${quoted(d.organization)}.`,
  "Organization.CreateEvent": (_e, d) => `Created organization ${quoted(d.name)} owned by ${quoted(d.owner)}.`,
  "Organization.MemberAddEvent": (_e, d) => `Added ${quoted(d.username)} to the organization as ${text(d.role)}.`,
  "Organization.MemberUpdateEvent": (_e, d) => `Set the role of ${quoted(d.username)} to ${text(d.role)}.`,
  "Organization.MemberRemoveEvent": (_e, d) => `Removed ${quoted(d.username)} (${text(d.role)}) from the organization.`,
  "Project.CreateEvent": (_e, d) => `Created project ${quoted(d.name)}.`,
  "Git.RepositoryCreateEvent": (_e, d) => `Created repository ${quoted(d.name)}.`,
  "Git.RepositoryDeleted": (_e, d) => `Deleted repository ${quoted(d.name)}.`,
  "Git.RepositoryRenamed": (_e, d) => `Renamed repository ${quoted(d.oldName)} to ${quoted(d.name)}.`,
  "AuditLog.RetentionUpdateEvent": (_e, d) =>
    `Changed the audit log retention from ${days(d.before)} to ${days(d.after)}.`,
  "AuditLog.PruneEvent": (_e, d) => `Pruned ${text(d.deletedEvents)} audit events older than ${text(d.olderThan)}.`,
};

function days(value: unknown): string {
  return typeof value === "number" ? `${value} days` : "forever";
}

/** The event's sentence; events of types this release does not know get a generic one. */
export function auditSentence(event: AuditEventRow, data: Data): string {
  const sentence = SENTENCES[event.eventType];
  return sentence === undefined ? `${event.eventType} by ${quoted(event.actorName)}.` : sentence(event, data);
}
