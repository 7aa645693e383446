/**
 * The PAT lifecycle (SPEC section 5): create, list, get, update, regenerate, revoke. Applies
 * the pure rules from domain/token-rules, persists through the repository in one transaction
 * with its audit event, and invalidates cached verifications so a change is honoured at once.
 * Used by the REST API and the CLI alike.
 */
import type { Kysely } from "kysely";
import { type AuditEventType, recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { ChangeAnnouncer, ChangeEvent } from "../db/change-events.js";
import type { Database } from "../db/schema.js";
import { generateToken, tokenHint } from "../domain/token-format.js";
import {
  checkDisplayName,
  checkScope,
  decideValidTo,
  MAX_LIFESPAN_DAYS,
  MAX_REGENERATE_GRACE_HOURS,
  regeneratedValidTo,
  tokenStatus,
} from "../domain/token-rules.js";
import { isUuid, newUuid } from "../ids.js";
import type { TokenHasher } from "../security/token-hash.js";
import type { ContinuationCodec } from "./continuation.js";
import {
  type CreatePatRequest,
  type LifecycleContext,
  type ListPatRequest,
  MAX_PAGE_SIZE,
  type PagedPatTokens,
  type UpdatePatRequest,
} from "./lifecycle-requests.js";
import { type PatFailure, type PatResult, patFailure } from "./pat-errors.js";
import { type PatTokenView, toPatTokenView } from "./pat-view.js";
import {
  findTokenOfUser,
  insertToken,
  listTokensOfUser,
  replaceTokenSecret,
  type TokenListQuery,
  type TokenRow,
  updateToken,
} from "./token.repository.js";

export type {
  CreatePatRequest,
  LifecycleContext,
  ListPatRequest,
  PagedPatTokens,
  UpdatePatRequest,
} from "./lifecycle-requests.js";

export interface TokenLifecycleDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly tokenPrefix: string;
  readonly hashToken: TokenHasher;
  readonly continuation: ContinuationCodec;
  /** Tells every cache (here and in other processes) that a token changed. */
  readonly changes: ChangeAnnouncer;
}

/** Creates the lifecycle service. */
export function createTokenLifecycle(deps: TokenLifecycleDeps) {
  const { db, clock } = deps;

  async function audit(
    trx: Kysely<Database>,
    context: LifecycleContext,
    eventType: AuditEventType,
    row: TokenRow,
    details: Record<string, unknown>,
  ) {
    await recordAuditEvent(trx, {
      eventType,
      actor: context.actor,
      timestamp: clock.now(),
      orgId: row.orgId ?? context.orgId,
      authorizationId: row.authorizationId,
      tokenDisplayName: row.displayName,
      details,
    });
  }

  const tokenChanged = (authorizationId: string): ChangeEvent => ({ kind: "token", authorizationId });

  /** Finds the caller's own token, or the 400/404 the API answers. */
  async function findOwn(context: LifecycleContext, authorizationId: string): Promise<PatResult<TokenRow>> {
    if (!isUuid(authorizationId)) return patFailure("invalidAuthorizationId", "authorizationId must be a GUID.");
    const row = await findTokenOfUser(db, context.userId, authorizationId.toLowerCase());
    if (row === undefined) return notFound(authorizationId);
    return { ok: true, value: row };
  }

  function newSecret(authorizationId: string, now: Date, expiresAt: string | null = null) {
    const token = generateToken(deps.tokenPrefix);
    const secret = { secretHash: deps.hashToken(token), authorizationId, expiresAt, createdAt: now.toISOString() };
    return { token, secret };
  }

  return {
    /** Creates a token; the response is the only place its value ever appears. */
    async create(context: LifecycleContext, request: CreatePatRequest): Promise<PatResult<PatTokenView>> {
      const now = clock.now();
      const name = checkDisplayName(request.displayName);
      if (!name.ok) return name;
      const scopes = checkScope(request.scope);
      if (!scopes.ok) return scopes;
      const validTo = decideValidTo(request.validTo, now, now, MAX_LIFESPAN_DAYS);
      if (!validTo.ok) return validTo;
      const allOrgs = request.allOrgs === true;
      if (!allOrgs && context.orgId === null) {
        return patFailure("invalidTargetAccounts", "A token targets one organization or all of them.");
      }
      const authorizationId = newUuid();
      const { token, secret } = newSecret(authorizationId, now);
      const row: TokenRow = {
        authorizationId,
        userId: context.userId,
        displayName: name.value,
        scope: scopes.value.join(" "),
        allOrgs: allOrgs ? 1 : 0,
        orgId: allOrgs ? null : context.orgId,
        validFrom: now.toISOString(),
        validTo: validTo.value.validTo.toISOString(),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        revokedAt: null,
        revokedBy: null,
        secretHint: tokenHint(token, deps.tokenPrefix),
        lastUsedAt: null,
        lastUsedIps: "[]",
      };
      await db.transaction().execute(async (trx) => {
        await insertToken(trx, row, secret);
        await deps.changes.record(trx, tokenChanged(authorizationId));
        await audit(trx, context, "Token.PatCreateEvent", row, {
          scope: row.scope,
          validTo: row.validTo,
          allOrgs,
          validToClamped: validTo.value.clamped,
        });
      });
      deps.changes.applied(tokenChanged(authorizationId));
      return { ok: true, value: toPatTokenView(row, now, token) };
    },

    /** One page of the caller's tokens. */
    async list(context: LifecycleContext, request: ListPatRequest): Promise<PatResult<PagedPatTokens>> {
      const filter = request.displayFilterOption ?? "active";
      const sortBy = request.sortByOption ?? "displayName";
      const ascending = request.isSortAscending ?? true;
      const top = request.top ?? MAX_PAGE_SIZE;
      const options = `${filter}|${sortBy}|${ascending}`;
      let skip = 0;
      if (request.continuationToken !== undefined) {
        const decoded = deps.continuation.decode(options, request.continuationToken);
        if (decoded === undefined) {
          return patFailure(
            "invalidContinuationToken",
            "The continuationToken is invalid or was issued for different list options.",
          );
        }
        skip = decoded;
      }
      const now = clock.now();
      const query: TokenListQuery = {
        userId: context.userId,
        filter,
        sortBy,
        ascending,
        skip,
        top: top + 1,
        now: now.toISOString(),
      };
      const rows = await listTokensOfUser(db, query);
      const page = rows.slice(0, top);
      return {
        ok: true,
        value: {
          continuationToken: rows.length > top ? deps.continuation.encode(options, skip + top) : null,
          patTokens: page.map((row) => toPatTokenView(row, now)),
        },
      };
    },

    /** One of the caller's tokens, without its secret. */
    async get(context: LifecycleContext, authorizationId: string): Promise<PatResult<PatTokenView>> {
      const found = await findOwn(context, authorizationId);
      if (!found.ok) return found;
      return { ok: true, value: toPatTokenView(found.value, clock.now()) };
    },

    /** Renames, rescopes, retargets or extends an active token; keeps its secret. */
    async update(context: LifecycleContext, request: UpdatePatRequest): Promise<PatResult<PatTokenView>> {
      const found = await findOwn(context, request.authorizationId);
      if (!found.ok) return found;
      const current = found.value;
      const now = clock.now();
      const unchangeable = checkChangeable(current, now);
      if (unchangeable) return unchangeable;
      const changes: Partial<TokenRow> = {};
      if (request.displayName !== undefined) {
        const name = checkDisplayName(request.displayName);
        if (!name.ok) return name;
        changes.displayName = name.value;
      }
      if (request.scope !== undefined) {
        const scopes = checkScope(request.scope);
        if (!scopes.ok) return scopes;
        changes.scope = scopes.value.join(" ");
      }
      if (request.validTo !== undefined) {
        const validTo = decideValidTo(request.validTo, now, new Date(current.validFrom), MAX_LIFESPAN_DAYS);
        if (!validTo.ok) return validTo;
        changes.validTo = validTo.value.validTo.toISOString();
      }
      if (request.allOrgs !== undefined) {
        if (!request.allOrgs && context.orgId === null) {
          return patFailure("invalidTargetAccounts", "A token targets one organization or all of them.");
        }
        changes.allOrgs = request.allOrgs ? 1 : 0;
        changes.orgId = request.allOrgs ? null : context.orgId;
      }
      const updated: TokenRow = { ...current, ...changes, updatedAt: now.toISOString() };
      await db.transaction().execute(async (trx) => {
        await updateToken(trx, current.authorizationId, { ...changes, updatedAt: updated.updatedAt });
        await deps.changes.record(trx, tokenChanged(current.authorizationId));
        await audit(trx, context, "Token.PatUpdateEvent", updated, {
          changed: Object.keys(changes),
          ...publicFields(changes),
        });
      });
      deps.changes.applied(tokenChanged(current.authorizationId));
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
      const found = await findOwn(context, authorizationId);
      if (!found.ok) return found;
      const current = found.value;
      const now = clock.now();
      const unchangeable = checkChangeable(current, now);
      if (unchangeable) return unchangeable;
      const { token, secret } = newSecret(current.authorizationId, now);
      const validTo = regeneratedValidTo(current, now, MAX_LIFESPAN_DAYS);
      const graceUntil = graceHours > 0 ? new Date(now.getTime() + graceHours * 3_600_000).toISOString() : null;
      const updated: TokenRow = {
        ...current,
        validFrom: now.toISOString(),
        validTo: validTo.toISOString(),
        updatedAt: now.toISOString(),
        secretHint: tokenHint(token, deps.tokenPrefix),
      };
      await db.transaction().execute(async (trx) => {
        await replaceTokenSecret(trx, current.authorizationId, secret, graceUntil);
        await deps.changes.record(trx, tokenChanged(current.authorizationId));
        await updateToken(trx, current.authorizationId, {
          validFrom: updated.validFrom,
          validTo: updated.validTo,
          updatedAt: updated.updatedAt,
          secretHint: updated.secretHint,
        });
        await audit(trx, context, "Token.PatRegenerateEvent", updated, { validTo: updated.validTo, graceUntil });
      });
      deps.changes.applied(tokenChanged(current.authorizationId));
      return { ok: true, value: toPatTokenView(updated, now, token) };
    },

    /** Revokes a token; idempotent. */
    async revoke(
      context: LifecycleContext,
      authorizationId: string,
      eventType: AuditEventType = "Token.PatRevokeEvent",
    ): Promise<PatResult<PatTokenView>> {
      const found = await findOwn(context, authorizationId);
      if (!found.ok) return found;
      const current = found.value;
      const now = clock.now();
      if (current.revokedAt !== null) return { ok: true, value: toPatTokenView(current, now) };
      const revoked: TokenRow = {
        ...current,
        revokedAt: now.toISOString(),
        revokedBy: context.userId,
        updatedAt: now.toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await updateToken(trx, current.authorizationId, {
          revokedAt: revoked.revokedAt,
          revokedBy: revoked.revokedBy,
          updatedAt: revoked.updatedAt,
        });
        await deps.changes.record(trx, tokenChanged(current.authorizationId));
        await audit(trx, context, eventType, revoked, {});
      });
      deps.changes.applied(tokenChanged(current.authorizationId));
      return { ok: true, value: toPatTokenView(revoked, now) };
    },
  };
}

export type TokenLifecycle = ReturnType<typeof createTokenLifecycle>;

function notFound(authorizationId: string): PatFailure {
  return patFailure(
    "authorizationNotFound",
    `No personal access token with authorizationId ${authorizationId} was found.`,
  );
}

/** Revoked tokens are gone as far as changes go (404); expired ones cannot be revived (400). */
function checkChangeable(row: TokenRow, now: Date): PatFailure | undefined {
  const status = tokenStatus(row, now);
  if (status === "revoked") return notFound(row.authorizationId);
  if (status === "expired") {
    return patFailure("expiredPatCannotBeExtended", "An expired personal access token cannot be changed or extended.");
  }
  return undefined;
}

function publicFields(changes: Partial<TokenRow>): Record<string, unknown> {
  const { displayName, scope, validTo, allOrgs, orgId } = changes;
  return Object.fromEntries(
    Object.entries({ displayName, scope, validTo, allOrgs, orgId }).filter(([, value]) => value !== undefined),
  );
}
