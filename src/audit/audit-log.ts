/**
 * Recording audit events (SPEC section 8). Every lifecycle change writes one, in the same
 * transaction as the change. Events carry who, when, from where, on which token — never a
 * secret (only ids, names and scopes are accepted here). Each event is appended to its hash
 * chain (audit-chain.repository.ts): in the caller's transaction, or in one of its own when
 * called with the plain database.
 */
import type { Transaction } from "kysely";
import type { Queryable } from "../db/query.js";
import type { Database } from "../db/schema.js";
import { newId } from "../ids.js";
import { appendChainedEvent, type UnchainedEvent } from "./audit-chain.repository.js";
import type { AuditEventTypeName } from "./audit-event-types.js";

/** Every type Patina writes: the list the web UI reads too (audit-event-types.ts). */
export type AuditEventType = AuditEventTypeName;

/** Who did something and from where. CLI actions have no client address. */
export interface AuditActor {
  readonly userId: string | null;
  readonly name: string;
  readonly clientIp: string | null;
  readonly userAgent: string | null;
}

export interface AuditEventInput {
  readonly eventType: AuditEventType;
  readonly actor: AuditActor;
  readonly timestamp: Date;
  readonly orgId?: string | null;
  readonly authorizationId?: string | null;
  readonly tokenDisplayName?: string | null;
  /** Event-specific, non-secret data (scopes, validTo, changed fields…). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Appends one audit event. */
export async function recordAuditEvent(db: Queryable, input: AuditEventInput): Promise<void> {
  const event: UnchainedEvent = {
    id: newId("evt"),
    eventType: input.eventType,
    timestamp: input.timestamp.toISOString(),
    actorUserId: input.actor.userId,
    actorName: input.actor.name,
    clientIp: input.actor.clientIp,
    userAgent: input.actor.userAgent?.slice(0, 512) ?? null,
    orgId: input.orgId ?? null,
    authorizationId: input.authorizationId ?? null,
    tokenDisplayName: input.tokenDisplayName ?? null,
    details: JSON.stringify(input.details ?? {}),
  };
  if (db.isTransaction) await appendChainedEvent(db as Transaction<Database>, event);
  else await db.transaction().execute((trx) => appendChainedEvent(trx, event));
}

/** The actor for operator commands run from the CLI. */
export const CLI_ACTOR: AuditActor = { userId: null, name: "patina-cli", clientIp: null, userAgent: "patina-cli" };

/** The actor of Patina's own actions: scheduled jobs, the leak response, policy-driven revocations. */
export const SYSTEM_ACTOR: AuditActor = { userId: null, name: "patina-system", clientIp: null, userAgent: null };
