/**
 * Revoking tokens as someone other than their owner's own lifecycle call: an administrator, the
 * system (leak response, unused-token policy), or the owner's "revoke all". One path for all of
 * them, so each is bounded, race-free and audited the same way:
 *
 * - bounded: every call says who acts (domain/token-authority decides what that reaches) and
 *   the bound is part of the one conditional statement (revocation.repository.ts), so a token out
 *   of reach is simply not matched: unknown, foreign and already revoked ids change nothing;
 * - race-free: `revoked_at is null` in that statement; only the rows it returned are this call's,
 *   so N concurrent revocations of one token record one audit event between them;
 * - honoured at once: a `{kind:"token"}` change event per revoked token is recorded in the
 *   transaction (other instances hear of it at commit) and applied here after the commit, before
 *   the call returns.
 *
 * Audit: `Token.PatAdminRevokeEvent` for an administrator, `Token.PatSystemRevokeEvent` for the
 * system, `Token.PatRevokeEvent` for the owner; each with the token's id, display name and
 * organization and `details.reason` (the notifications feature mails the owner from these).
 */
import type { Kysely } from "kysely";
import { type AuditActor, type AuditEventType, recordAuditEvent, SYSTEM_ACTOR } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { ChangeAnnouncer, ChangeEvent } from "../db/change-events.js";
import type { Database } from "../db/schema.js";
import { type AdministeringCredential, administeredTokens, visibleTokens } from "../domain/token-authority.js";
import { isUuid } from "../ids.js";
import { actingDetails } from "./lifecycle-checks.js";
import type { LifecycleContext } from "./lifecycle-requests.js";
import { type RevocationMatch, revokeMatching } from "./revocation.repository.js";

/** Why tokens were revoked (details.reason of the audit events). Open: features add their own. */
export type RevocationReason =
  | "admin"
  | "adminRevokeAll"
  | "revocationRule"
  | "userRevokeAll"
  | "leaked"
  | "unused"
  | (string & {});

/** Who revokes, and so what the revocation may reach and how it is audited. */
export type RevokingParty =
  | {
      readonly kind: "admin";
      readonly admin: AdministeringCredential;
      readonly actor: AuditActor;
      /** The organization the administrator acts in (audit of all-organizations tokens); null on the CLI without --org. */
      readonly orgId: string | null;
    }
  | { readonly kind: "system"; readonly actor?: AuditActor }
  | { readonly kind: "owner"; readonly context: LifecycleContext };

/** What a revocation covers besides the party's reach. */
export type RevocationSelection = Omit<RevocationMatch, "governed" | "owner">;

export interface TokenRevocationDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly changes: ChangeAnnouncer;
}

const EVENT_OF: Readonly<Record<RevokingParty["kind"], AuditEventType>> = {
  admin: "Token.PatAdminRevokeEvent",
  system: "Token.PatSystemRevokeEvent",
  owner: "Token.PatRevokeEvent",
};

/** The revocation service. */
export function createTokenRevocations(deps: TokenRevocationDeps) {
  const tokenChanged = (authorizationId: string): ChangeEvent => ({ kind: "token", authorizationId });

  /** Revokes what `selection` covers within the party's reach; returns the number this call revoked. */
  async function revoke(
    party: RevokingParty,
    selection: RevocationSelection,
    reason: RevocationReason,
    now: Date,
    details: Readonly<Record<string, unknown>> = {},
  ): Promise<number> {
    // Ids that are not GUIDs can match nothing; dropping them keeps the statement well-typed on PostgreSQL.
    const ids = selection.authorizationIds?.filter(isUuid).map((id) => id.toLowerCase());
    const match: RevocationMatch = {
      ...selection,
      ...(ids === undefined ? {} : { authorizationIds: ids }),
      ...reach(party),
    };
    const actor =
      party.kind === "owner"
        ? party.context.actor
        : party.kind === "admin"
          ? party.actor
          : (party.actor ?? SYSTEM_ACTOR);
    const revokedBy = party.kind === "owner" ? party.context.userId : party.kind === "admin" ? actor.userId : null;
    const revocation = { revokedAt: now.toISOString(), revokedBy };
    const revoked = await deps.db.transaction().execute(async (trx) => {
      const rows = await revokeMatching(trx, match, revocation);
      for (const row of rows) {
        await deps.changes.record(trx, tokenChanged(row.authorizationId));
        await recordAuditEvent(trx, {
          eventType: EVENT_OF[party.kind],
          actor,
          timestamp: now,
          orgId: row.orgId ?? auditOrg(party),
          authorizationId: row.authorizationId,
          tokenDisplayName: row.displayName,
          details: { reason, ...details, ownerUserId: row.userId, revision: row.revision, ...partyDetails(party) },
        });
      }
      return rows;
    });
    // One barrier serves them all (change-barrier.ts): the answer waits until every instance applied every one.
    await Promise.all(revoked.map((row) => deps.changes.applied(tokenChanged(row.authorizationId))));
    return revoked.length;
  }

  return {
    revoke,
    /** The system revokes these tokens (policies, leak response); the form other features inject. */
    revokeAsSystem(authorizationIds: readonly string[], reason: string, now: Date): Promise<number> {
      return revoke({ kind: "system" }, { authorizationIds }, reason, now);
    },
    /** The owner revokes all of their tokens that their credential sees (Azure DevOps' "Revoke all"). */
    revokeAllOwn(context: LifecycleContext): Promise<number> {
      return revoke({ kind: "owner", context }, {}, "userRevokeAll", deps.clock.now());
    },
  };
}

export type TokenRevocations = ReturnType<typeof createTokenRevocations>;

/** The bound of a party, as the conditional statement applies it. */
function reach(party: RevokingParty): Pick<RevocationMatch, "governed" | "owner"> {
  if (party.kind === "owner") {
    return { owner: { userId: party.context.userId, visible: visibleTokens(party.context.acting) } };
  }
  return { governed: administeredTokens(party.kind === "admin" ? party.admin : { kind: "system" }) };
}

function auditOrg(party: RevokingParty): string | null {
  if (party.kind === "admin") return party.orgId;
  if (party.kind === "owner") return party.context.orgId;
  return null;
}

function partyDetails(party: RevokingParty): Record<string, unknown> {
  if (party.kind === "owner") return actingDetails(party.context.acting);
  if (party.kind === "admin" && party.admin.kind === "orgAdmin") return actingDetails(party.admin.acting);
  return { actingCredential: party.kind === "admin" ? party.admin.kind : "system" };
}
