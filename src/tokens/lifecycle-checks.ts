/**
 * The lifecycle's decisions that need no I/O: what an update would change, whether a token can
 * still change, and how the authority rule's answer reads to an API client. Pure.
 */
import { type ActingCredential, decideTokenAuthority, type TokenAction } from "../domain/token-authority.js";
import {
  checkDisplayName,
  checkScope,
  decideValidTo,
  MAX_LIFESPAN_DAYS,
  requestedValidTo,
  tokenStatus,
} from "../domain/token-rules.js";
import type { LifecycleContext, UpdatePatRequest } from "./lifecycle-requests.js";
import { type PatFailure, type PatResult, patFailure } from "./pat-errors.js";
import type { TokenChanges, TokenRow } from "./token.repository.js";

/** The one 404 for a token that does not exist, is someone else's, or is out of the caller's sight. */
export function notFound(authorizationId: string): PatFailure {
  return patFailure(
    "authorizationNotFound",
    `No personal access token with authorizationId ${authorizationId} was found.`,
  );
}

/** The 409 of a change that lost the race against another change of the same token. */
export function changedMeanwhile(): PatFailure {
  return patFailure(
    "concurrentModification",
    "The personal access token was changed by another request at the same time. Read it again and retry.",
  );
}

/** Revoked tokens are gone as far as changes go (404); expired ones cannot be revived (400). */
export function checkChangeable(row: TokenRow, now: Date): PatFailure | undefined {
  const status = tokenStatus(row, now);
  if (status === "revoked") return notFound(row.authorizationId);
  if (status === "expired") {
    return patFailure("expiredPatCannotBeExtended", "An expired personal access token cannot be changed or extended.");
  }
  return undefined;
}

/** Asks the authority rule (domain/token-authority) about an action of this context. */
export function checkAuthority(context: LifecycleContext, action: TokenAction, authorizationId: string) {
  const decision = decideTokenAuthority(context.acting, { isAdmin: context.ownerIsAdmin }, action);
  if (decision.ok) return undefined;
  // Out of sight reads exactly like a token that does not exist.
  if (decision.error === "authorizationNotFound") return notFound(authorizationId);
  return patFailure(decision.error, decision.message);
}

/** A row's targets and scopes, as the authority rule sees them. */
export function shapeOf(row: Pick<TokenRow, "allOrgs" | "orgId" | "scope">) {
  return { allOrgs: row.allOrgs === 1, orgId: row.orgId, scopes: row.scope.split(" ") };
}

/** The validated changes an update asks for (only the fields it names). */
export function proposeUpdate(
  current: TokenRow,
  request: UpdatePatRequest,
  orgId: string | null,
  now: Date,
): PatResult<TokenChanges> {
  const changes: TokenChanges = {};
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
  // An unset validTo leaves the expiry as it is (clients send null for a field they do not change).
  const requested = requestedValidTo(request.validTo);
  if (requested !== undefined) {
    const validTo = decideValidTo(requested, now, new Date(current.validFrom), MAX_LIFESPAN_DAYS);
    if (!validTo.ok) return validTo;
    changes.validTo = validTo.value.validTo.toISOString();
  }
  if (request.allOrgs !== undefined) {
    if (!request.allOrgs && orgId === null) {
      return patFailure("invalidTargetAccounts", "A token targets one organization or all of them.");
    }
    changes.allOrgs = request.allOrgs ? 1 : 0;
    changes.orgId = request.allOrgs ? null : orgId;
  }
  return { ok: true, value: changes };
}

/** The non-secret fields of a change, for its audit event. */
export function publicFields(changes: TokenChanges): Record<string, unknown> {
  const { displayName, scope, validTo, allOrgs, orgId } = changes;
  return Object.fromEntries(
    Object.entries({ displayName, scope, validTo, allOrgs, orgId }).filter(([, value]) => value !== undefined),
  );
}

/** How the acting credential appears in audit events (which token did it, if a token did). */
export function actingDetails(acting: ActingCredential): Record<string, unknown> {
  return acting.kind === "token"
    ? { actingCredential: "token", actingAuthorizationId: acting.authorizationId }
    : { actingCredential: acting.kind };
}
