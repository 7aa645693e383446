/**
 * Changes of an existing token: update, regenerate, revoke. Each is bounded by the acting
 * credential (domain/token-authority) and is one conditional statement (compare-and-set on the
 * token's revision, or `revoked_at is null` for a revoke) that opens its transaction, so on
 * SQLite it takes the write lock before it reads and on PostgreSQL a concurrent loser waits for
 * the row and then sees the new revision. Only the winner replaces secrets, announces the change
 * and audits it; a loser learns why from a fresh read (404 revoked, 400 expired, else 409
 * `concurrentModification`), never from what it read before.
 */
import type { AuditEventType } from "../audit/audit-log.js";
import { visibleTokens } from "../domain/token-authority.js";
import { tokenHint } from "../domain/token-format.js";
import {
  decideValidTo,
  MAX_LIFESPAN_DAYS,
  MAX_REGENERATE_GRACE_HOURS,
  regeneratedValidTo,
  requestedValidTo,
} from "../domain/token-rules.js";
import { checkAuthority, checkChangeable, proposeUpdate, publicFields, shapeOf } from "./lifecycle-checks.js";
import type { LifecycleKit } from "./lifecycle-kit.js";
import { policyLifespan } from "./lifecycle-policies.js";
import type { LifecycleContext, UpdatePatRequest } from "./lifecycle-requests.js";
import { type PatResult, patFailure } from "./pat-errors.js";
import { type PatTokenView, toPatTokenView } from "./pat-view.js";
import {
  replaceTokenSecret,
  revokeTokenOnce,
  type TokenChanges,
  type TokenRow,
  updateActiveToken,
} from "./token.repository.js";

/** The change actions of the lifecycle service. */
export function createTokenChanges(kit: LifecycleKit) {
  const { deps } = kit;

  /**
   * Policies on an update: anything but a rename brings a reshaped or extended token into being,
   * so the result must be allowed where it works, and a new validTo is clamped to the policy's
   * maximum from the token's validFrom. Sets the clamped validTo in `changes`; true when clamped.
   */
  const clampUpdate = async (
    context: LifecycleContext,
    current: TokenRow,
    request: UpdatePatRequest,
    changes: TokenChanges,
    now: Date,
  ): Promise<PatResult<boolean>> => {
    if (changes.scope === undefined && changes.allOrgs === undefined && changes.validTo === undefined) {
      return { ok: true, value: false };
    }
    const lifespan = await policyLifespan(deps, context.userId, shapeOf({ ...current, ...changes }));
    if (!lifespan.ok) return lifespan;
    const requested = requestedValidTo(request.validTo);
    if (requested === undefined) return { ok: true, value: false };
    const decided = decideValidTo(requested, now, new Date(current.validFrom), lifespan.value);
    if (!decided.ok) return decided;
    changes.validTo = decided.value.validTo.toISOString();
    return { ok: true, value: decided.value.clamped };
  };

  return {
    /** Renames, rescopes, retargets or extends an active token; keeps its secret. */
    async update(context: LifecycleContext, request: UpdatePatRequest): Promise<PatResult<PatTokenView>> {
      const found = await kit.findVisible(context, request.authorizationId);
      if (!found.ok) return found;
      const current = found.value;
      const now = deps.clock.now();
      const unchangeable = checkChangeable(current, now);
      if (unchangeable) return unchangeable;
      const proposed = proposeUpdate(current, request, context.orgId, now);
      if (!proposed.ok) return proposed;
      const clamped = await clampUpdate(context, current, request, proposed.value, now);
      if (!clamped.ok) return clamped;
      const changes = { ...proposed.value, updatedAt: now.toISOString() };
      const updated: TokenRow = { ...current, ...changes, revision: current.revision + 1 };
      const action = { kind: "update", token: shapeOf(current), result: shapeOf(updated) } as const;
      const beyond = checkAuthority(context, action, current.authorizationId);
      if (beyond) return beyond;
      const won = await deps.db.transaction().execute(async (trx) => {
        if (!(await updateActiveToken(trx, current, now.toISOString(), changes))) return false;
        await deps.changes.record(trx, kit.tokenChanged(current.authorizationId));
        await kit.audit(trx, context, "Token.PatUpdateEvent", updated, {
          changed: Object.keys(proposed.value),
          ...publicFields(proposed.value),
          ...(requestedValidTo(request.validTo) === undefined ? {} : { validToClamped: clamped.value }),
        });
        return true;
      });
      if (!won) return kit.lostRace(context, current.authorizationId, now);
      await deps.changes.applied(kit.tokenChanged(current.authorizationId));
      return { ok: true, value: toPatTokenView(updated, now) };
    },

    /** Issues a new secret for an active token; the old one stops working (after an optional grace period). */
    async regenerate(
      context: LifecycleContext,
      authorizationId: string,
      graceHours = 0,
    ): Promise<PatResult<PatTokenView>> {
      if (!Number.isInteger(graceHours) || graceHours < 0 || graceHours > MAX_REGENERATE_GRACE_HOURS) {
        return patFailure("invalidValidTo", `The grace period must be 0 to ${MAX_REGENERATE_GRACE_HOURS} hours.`);
      }
      const found = await kit.findVisible(context, authorizationId);
      if (!found.ok) return found;
      const current = found.value;
      const now = deps.clock.now();
      const unchangeable = checkChangeable(current, now);
      if (unchangeable) return unchangeable;
      // A regeneration hands out a fresh value of this very token: the caller must be able to create it.
      const action = { kind: "regenerate", token: shapeOf(current), result: shapeOf(current) } as const;
      const beyond = checkAuthority(context, action, current.authorizationId);
      if (beyond) return beyond;
      const lifespan = await policyLifespan(deps, current.userId, shapeOf(current));
      if (!lifespan.ok) return lifespan;
      const validTo = regeneratedValidTo(current, now, lifespan.value);
      const validToClamped = validTo.getTime() < regeneratedValidTo(current, now, MAX_LIFESPAN_DAYS).getTime();
      const { token, secret } = kit.newSecret(current.authorizationId, now);
      const graceUntil = graceHours > 0 ? new Date(now.getTime() + graceHours * 3_600_000).toISOString() : null;
      const changes = {
        validFrom: now.toISOString(),
        validTo: validTo.toISOString(),
        updatedAt: now.toISOString(),
        secretHint: tokenHint(token, deps.tokenPrefix),
      };
      const updated: TokenRow = { ...current, ...changes, revision: current.revision + 1 };
      const won = await deps.db.transaction().execute(async (trx) => {
        // First statement of the transaction: on SQLite it takes the write lock before reading,
        // on PostgreSQL a concurrent loser waits for the row and then sees the new revision.
        if (!(await updateActiveToken(trx, current, now.toISOString(), changes))) return false;
        await replaceTokenSecret(trx, current.authorizationId, secret, graceUntil);
        await deps.changes.record(trx, kit.tokenChanged(current.authorizationId));
        await kit.audit(trx, context, "Token.PatRegenerateEvent", updated, {
          validTo: updated.validTo,
          graceUntil,
          validToClamped,
        });
        return true;
      });
      if (!won) return kit.lostRace(context, current.authorizationId, now);
      await deps.changes.applied(kit.tokenChanged(current.authorizationId));
      return { ok: true, value: toPatTokenView(updated, now, token) };
    },

    /** Revokes a token; idempotent: every concurrent or repeated call succeeds, one of them audits. */
    async revoke(
      context: LifecycleContext,
      authorizationId: string,
      eventType: AuditEventType = "Token.PatRevokeEvent",
    ): Promise<PatResult<PatTokenView>> {
      const found = await kit.findVisible(context, authorizationId);
      if (!found.ok) return found;
      const current = found.value;
      const now = deps.clock.now();
      if (current.revokedAt !== null) return { ok: true, value: toPatTokenView(current, now) };
      const revocation = { revokedAt: now.toISOString(), revokedBy: context.userId };
      const revoked: TokenRow = {
        ...current,
        ...revocation,
        updatedAt: revocation.revokedAt,
        revision: current.revision + 1,
      };
      const target = { authorizationId: current.authorizationId, userId: context.userId };
      const won = await deps.db.transaction().execute(async (trx) => {
        const visible = visibleTokens(context.acting);
        if (!(await revokeTokenOnce(trx, { ...target, visible }, revocation))) return false;
        await deps.changes.record(trx, kit.tokenChanged(current.authorizationId));
        await kit.audit(trx, context, eventType, revoked, {});
        return true;
      });
      if (!won) {
        // Someone else revoked it first (fine: revoking is idempotent), or it left our sight.
        const fresh = await kit.findVisible(context, authorizationId);
        return fresh.ok ? { ok: true, value: toPatTokenView(fresh.value, now) } : fresh;
      }
      await deps.changes.applied(kit.tokenChanged(current.authorizationId));
      return { ok: true, value: toPatTokenView(revoked, now) };
    },
  };
}
