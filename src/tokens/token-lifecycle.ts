/**
 * The PAT lifecycle (SPEC section 5): create, list, get, update, regenerate, revoke. Applies
 * the pure rules from domain/token-rules and domain/token-authority, persists through the
 * repository in one transaction with its audit event, and invalidates cached verifications so
 * a change is honoured at once. Used by the REST API and the CLI alike.
 *
 * Every action is bounded by the acting credential (context.acting): a token acts with its own
 * targets and grants, never its owner's. Changes of existing tokens (update, regenerate,
 * revoke) are in token-changes.ts: each is one conditional write, race-free across instances.
 */
import { visibleTokens } from "../domain/token-authority.js";
import { tokenHint } from "../domain/token-format.js";
import {
  checkDisplayName,
  checkScope,
  decideValidTo,
  defaultValidTo,
  MAX_LIFESPAN_DAYS,
  type RuleResult,
  requestedValidTo,
  type ValidToDecision,
} from "../domain/token-rules.js";
import { newUuid } from "../ids.js";
import { checkAuthority } from "./lifecycle-checks.js";
import { createLifecycleKit, type TokenLifecycleDeps } from "./lifecycle-kit.js";
import { policyLifespan } from "./lifecycle-policies.js";
import {
  type CreatePatRequest,
  type LifecycleContext,
  type ListPatRequest,
  MAX_PAGE_SIZE,
  type PagedPatTokens,
} from "./lifecycle-requests.js";
import { type PatResult, patFailure } from "./pat-errors.js";
import { type PatTokenView, toPatTokenView } from "./pat-view.js";
import {
  countTokensOfUser,
  insertToken,
  listTokensOfUser,
  type TokenListQuery,
  type TokenRow,
} from "./token.repository.js";
import { createTokenChanges } from "./token-changes.js";

export type { TokenLifecycleDeps } from "./lifecycle-kit.js";
export type {
  CreatePatRequest,
  LifecycleContext,
  ListPatRequest,
  PagedPatTokens,
  UpdatePatRequest,
} from "./lifecycle-requests.js";

/** Creates the lifecycle service. */
export function createTokenLifecycle(deps: TokenLifecycleDeps) {
  const { db, clock } = deps;
  const kit = createLifecycleKit(deps);

  return {
    /** Creates a token; the response is the only place its value ever appears. */
    async create(context: LifecycleContext, request: CreatePatRequest): Promise<PatResult<PatTokenView>> {
      const now = clock.now();
      const name = checkDisplayName(request.displayName);
      if (!name.ok) return name;
      const scopes = checkScope(request.scope);
      if (!scopes.ok) return scopes;
      // Microsoft's API requires no field: an unset validTo takes the default lifespan.
      const requested = requestedValidTo(request.validTo);
      if (requested !== undefined) {
        // Checked before the policies are read, so a malformed date is a 400 whatever they say.
        const validTo = decideValidTo(requested, now, now, MAX_LIFESPAN_DAYS);
        if (!validTo.ok) return validTo;
      }
      const allOrgs = request.allOrgs === true;
      if (!allOrgs && context.orgId === null) {
        return patFailure("invalidTargetAccounts", "A token targets one organization or all of them.");
      }
      const orgId = allOrgs ? null : context.orgId;
      const authorizationId = newUuid();
      const beyond = checkAuthority(
        context,
        { kind: "create", result: { allOrgs, orgId, scopes: scopes.value } },
        authorizationId,
      );
      if (beyond) return beyond;
      const lifespan = await policyLifespan(deps, context.userId, { allOrgs, orgId, scopes: scopes.value });
      if (!lifespan.ok) return lifespan;
      const clamped: RuleResult<ValidToDecision> =
        requested === undefined
          ? { ok: true, value: { validTo: defaultValidTo(now, lifespan.value), clamped: false } }
          : decideValidTo(requested, now, now, lifespan.value);
      if (!clamped.ok) return clamped;
      const { token, secret } = kit.newSecret(authorizationId, now);
      const row: TokenRow = {
        authorizationId,
        userId: context.userId,
        displayName: name.value,
        scope: scopes.value.join(" "),
        allOrgs: allOrgs ? 1 : 0,
        orgId,
        validFrom: now.toISOString(),
        validTo: clamped.value.validTo.toISOString(),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        revokedAt: null,
        revokedBy: null,
        secretHint: tokenHint(token, deps.tokenPrefix),
        lastUsedAt: null,
        lastUsedIps: "[]",
        revision: 0,
        expiryRecorded: 0,
      };
      await db.transaction().execute(async (trx) => {
        await insertToken(trx, row, secret);
        await deps.changes.record(trx, kit.tokenChanged(authorizationId));
        await kit.audit(trx, context, "Token.PatCreateEvent", row, {
          scope: row.scope,
          validTo: row.validTo,
          allOrgs,
          validToClamped: clamped.value.clamped,
          validToDefaulted: requested === undefined,
        });
      });
      await deps.changes.applied(kit.tokenChanged(authorizationId));
      return { ok: true, value: toPatTokenView(row, now, token) };
    },

    /** One page of the caller's tokens that the acting credential may see. */
    async list(context: LifecycleContext, request: ListPatRequest): Promise<PatResult<PagedPatTokens>> {
      const filter = request.displayFilterOption ?? "active";
      const sortBy = request.sortByOption ?? "displayName";
      const ascending = request.isSortAscending ?? true;
      const top = request.top ?? MAX_PAGE_SIZE;
      const search = request.search === undefined || request.search.trim() === "" ? null : request.search.trim();
      // A continuation token pages the very list it came from: the search is part of its options.
      const options = `${filter}|${sortBy}|${ascending}${search === null ? "" : `|${search}`}`;
      let skip = 0;
      // "" is what the last page answered: a loop that sends it back asks for the first page.
      if (request.continuationToken !== undefined && request.continuationToken !== "") {
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
        visible: visibleTokens(context.acting),
        filter,
        search,
        sortBy,
        ascending,
        skip,
        top: top + 1,
        now: now.toISOString(),
      };
      const rows = await listTokensOfUser(db, query);
      const page = rows.slice(0, top);
      const totalCount = request.includeTotalCount === true ? await countTokensOfUser(db, query) : undefined;
      return {
        ok: true,
        value: {
          // "" on the last page, as in Microsoft's own example of this API (not null).
          continuationToken: rows.length > top ? deps.continuation.encode(options, skip + top) : "",
          patTokens: page.map((row) => toPatTokenView(row, now)),
          ...(totalCount === undefined ? {} : { totalCount }),
        },
      };
    },

    /** One of the caller's tokens, without its secret. */
    async get(context: LifecycleContext, authorizationId: string): Promise<PatResult<PatTokenView>> {
      const found = await kit.findVisible(context, authorizationId);
      if (!found.ok) return found;
      return { ok: true, value: toPatTokenView(found.value, clock.now()) };
    },

    ...createTokenChanges(kit),
  };
}

export type TokenLifecycle = ReturnType<typeof createTokenLifecycle>;
