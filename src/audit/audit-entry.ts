/**
 * Azure DevOps' DecoratedAuditLogEntry for a stored event (the audit area's shape, as in
 * Microsoft's vsts-rest-api-specs `audit` 7.1): `actionId` is our event type, `data` the
 * event's details (plus the token's id and name on token events), `details` a readable sentence.
 * Fields typed as GUIDs by Microsoft's clients are always GUIDs here (the empty GUID when Patina
 * has nothing to say), so strongly typed clients can parse them.
 */
import { isUuid } from "../ids.js";
import type { AuditEventRow } from "./audit.repository.js";
import { auditSentence } from "./audit-details.js";
import { CLI_ACTOR, SYSTEM_ACTOR } from "./audit-log.js";

const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

/** The shape Azure DevOps returns per audit entry. */
export interface DecoratedAuditLogEntry {
  id: string;
  correlationId: string;
  activityId: string;
  actorCUID: string;
  actorUserId: string;
  actorClientId: string;
  actorUPN: string;
  authenticationMechanism: string;
  timestamp: string;
  scopeType: "organization" | "deployment";
  scopeDisplayName: string;
  scopeId: string;
  projectId: string;
  projectName: string;
  ipAddress: string;
  userAgent: string;
  actionId: string;
  data: Record<string, unknown>;
  details: string;
  area: string;
  category: AuditCategory;
  categoryDisplayName: string;
  actorDisplayName: string;
  actorImageUrl: string;
}

/** Azure DevOps' AuditActionCategory values. */
export type AuditCategory = "unknown" | "modify" | "remove" | "create" | "access" | "execute";

/** The scope an entry is shown in: its organization, or the instance (Azure DevOps' "deployment"). */
export interface EntryScope {
  readonly type: "organization" | "deployment";
  readonly id: string;
  readonly displayName: string;
}

/** The category of an event type, from the verb in its name. */
export function categoryOf(eventType: string): AuditCategory {
  const action = eventType.slice(eventType.indexOf(".") + 1);
  if (/Create|Setup|Add/.test(action)) return "create";
  if (/Revoke|Expired|Prune|Remove/.test(action)) return "remove";
  if (/SignIn|SignOut|PublicDiscovery/.test(action)) return "access";
  if (/Update|Regenerate|Disable|Enable|PasswordChange/.test(action)) return "modify";
  return "execute";
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** How the actor authenticated, as far as the event says. */
function mechanismOf(event: AuditEventRow, data: Record<string, unknown>): string {
  const acting = data.actingCredential;
  if (acting === "token") return "PAT";
  if (acting === "session") return "UserAuthentication";
  const byPatina = event.actorUserId === null;
  if (acting === "operator" || (byPatina && event.actorName === CLI_ACTOR.name)) return "Patina CLI";
  if (acting === "system" || (byPatina && event.actorName === SYSTEM_ACTOR.name)) return "System";
  return event.actorUserId === null ? "" : "UserAuthentication";
}

/** The entry for a stored event. */
export function toDecoratedEntry(event: AuditEventRow, scope: EntryScope): DecoratedAuditLogEntry {
  const details = parseDetails(event.details);
  const data: Record<string, unknown> = { ...details };
  if (event.authorizationId !== null) data.authorizationId = event.authorizationId;
  if (event.tokenDisplayName !== null) data.displayName = event.tokenDisplayName;
  const category = categoryOf(event.eventType);
  const actorId = event.actorUserId !== null && isUuid(event.actorUserId) ? event.actorUserId : EMPTY_GUID;
  return {
    id: event.id,
    correlationId: EMPTY_GUID,
    activityId: EMPTY_GUID,
    actorCUID: actorId,
    actorUserId: actorId,
    actorClientId: EMPTY_GUID,
    actorUPN: event.actorName ?? "",
    authenticationMechanism: mechanismOf(event, details),
    timestamp: event.timestamp,
    scopeType: scope.type,
    scopeDisplayName: scope.displayName,
    scopeId: scope.id,
    projectId: typeof details.projectId === "string" && isUuid(details.projectId) ? details.projectId : EMPTY_GUID,
    projectName: "",
    ipAddress: event.clientIp ?? "",
    userAgent: event.userAgent ?? "",
    actionId: event.eventType,
    data,
    details: auditSentence(event, details),
    area: event.eventType.split(".")[0] ?? "",
    category,
    categoryDisplayName: category.charAt(0).toUpperCase() + category.slice(1),
    actorDisplayName: event.actorName ?? "",
    actorImageUrl: "",
  };
}
