/**
 * What every lifecycle action shares: its dependencies, the audit event of a change, the change
 * event that invalidates caches, finding a token the acting credential may see, explaining a
 * lost race, and minting a secret. Kept apart so the actions' files stay small.
 */
import type { Kysely } from "kysely";
import { type AuditEventType, recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { ChangeAnnouncer, ChangeEvent } from "../db/change-events.js";
import type { Database, TokenSecretTable } from "../db/schema.js";
import type { PolicyScope } from "../domain/policy-decisions.js";
import { type TokenTargets, visibleTokens } from "../domain/token-authority.js";
import { generateToken } from "../domain/token-format.js";
import { isUuid } from "../ids.js";
import type { TokenHasher } from "../security/token-hash.js";
import type { ContinuationCodec } from "./continuation.js";
import {
  actingDetails,
  changedMeanwhile,
  checkAuthority,
  checkChangeable,
  notFound,
  shapeOf,
} from "./lifecycle-checks.js";
import type { LifecycleContext } from "./lifecycle-requests.js";
import { type PatResult, patFailure } from "./pat-errors.js";
import { findTokenOfUser, type TokenRow } from "./token.repository.js";

export interface TokenLifecycleDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly tokenPrefix: string;
  readonly hashToken: TokenHasher;
  readonly continuation: ContinuationCodec;
  /** Tells every cache (here and in other processes) that a token changed. */
  readonly changes: ChangeAnnouncer;
  /** The effective policies where a token of these targets of this owner would work (policies/). */
  readonly creationPolicies: (userId: string, targets: TokenTargets) => Promise<readonly PolicyScope[]>;
}

/** The shared helpers of the lifecycle actions. */
export interface LifecycleKit {
  readonly deps: TokenLifecycleDeps;
  /** Appends the audit event of a change of `row` (as it is after the change), in `trx`. */
  audit(
    trx: Kysely<Database>,
    context: LifecycleContext,
    eventType: AuditEventType,
    row: TokenRow,
    details: Record<string, unknown>,
  ): Promise<void>;
  /** The change event of a token. */
  tokenChanged(authorizationId: string): ChangeEvent;
  /** The owner's token if the acting credential may see it, or the 400/404 the API answers. */
  findVisible(context: LifecycleContext, authorizationId: string): Promise<PatResult<TokenRow>>;
  /** Why a conditional change matched no row, from a fresh read: 404, 400 expired, else 409. */
  lostRace(context: LifecycleContext, authorizationId: string, now: Date): Promise<PatResult<never>>;
  /** A new token value and the secret row that stores its keyed hash. */
  newSecret(authorizationId: string, now: Date): { token: string; secret: TokenSecretTable };
}

/** Creates the shared helpers over the lifecycle's dependencies. */
export function createLifecycleKit(deps: TokenLifecycleDeps): LifecycleKit {
  const findVisible: LifecycleKit["findVisible"] = async (context, authorizationId) => {
    if (!isUuid(authorizationId)) return patFailure("invalidAuthorizationId", "authorizationId must be a GUID.");
    const visible = visibleTokens(context.acting);
    const row = await findTokenOfUser(deps.db, context.userId, authorizationId.toLowerCase(), visible);
    if (row === undefined) return notFound(authorizationId);
    const unseen = checkAuthority(context, { kind: "get", token: shapeOf(row) }, authorizationId);
    return unseen ?? { ok: true, value: row };
  };
  return {
    deps,
    async audit(trx, context, eventType, row, details) {
      await recordAuditEvent(trx, {
        eventType,
        actor: context.actor,
        timestamp: deps.clock.now(),
        orgId: row.orgId ?? context.orgId,
        authorizationId: row.authorizationId,
        tokenDisplayName: row.displayName,
        // The revision the change produced: no two audited changes of a token name the same one.
        details: { ...details, revision: row.revision, ...actingDetails(context.acting) },
      });
    },
    tokenChanged: (authorizationId) => ({ kind: "token", authorizationId }),
    findVisible,
    async lostRace(context, authorizationId, now) {
      const fresh = await findVisible(context, authorizationId);
      if (!fresh.ok) return fresh;
      return checkChangeable(fresh.value, now) ?? changedMeanwhile();
    },
    newSecret(authorizationId, now) {
      const token = generateToken(deps.tokenPrefix);
      const secret = {
        secretHash: deps.hashToken(token),
        authorizationId,
        expiresAt: null,
        createdAt: now.toISOString(),
      };
      return { token, secret };
    },
  };
}
