/**
 * Token administration (Azure DevOps' tokenadmin area and Patina's organization list): an
 * administrator lists and revokes other users' tokens. Every action first asks the one
 * authority rule (domain/token-authority: decideAdministration, administeredTokens) and applies
 * its reach inside the queries and the conditional revocation, so a token beyond it is never
 * listed and never revoked: ids of other organizations' tokens, unknown ids and revoked ones
 * change nothing. Revocations go through tokens/token-revocations.ts (audited, honoured at once).
 */
import type { Kysely } from "kysely";
import type { AuditActor } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { Database } from "../db/schema.js";
import { decideRevocationRule } from "../domain/revocation-rule.js";
import { scopesGranting } from "../domain/scope-match.js";
import { KNOWN_SCOPES } from "../domain/scopes.js";
import { type AdministeringCredential, administeredTokens, decideAdministration } from "../domain/token-authority.js";
import type { TokenStatus } from "../domain/token-rules.js";
import type { ErrorCode } from "../http/error-catalog.js";
import { isUuid } from "../ids.js";
import type { ContinuationCodec } from "../tokens/continuation.js";
import type { TokenRevocations } from "../tokens/token-revocations.js";
import { findUserById, findUserByUsername, type UserRow } from "../users/user.repository.js";
import {
  type AdministeredTokenQuery,
  countAdministeredTokens,
  listAdministeredTokens,
} from "./admin-token.repository.js";
import {
  type AdminTokenView,
  type SessionTokenView,
  toAdminTokenView,
  toSessionTokenView,
} from "./token-admin.views.js";
import { parseSubjectReference, parseUserReference, type UserReference } from "./user-reference.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Largest page of either list. */
export const MAX_ADMIN_PAGE_SIZE = 100;
/** Most authorizations one revocations request may name. */
export const MAX_REVOCATIONS = 1000;
/** Longest "expiring within" window, in days (the longest lifespan a token can have). */
export const MAX_EXPIRING_WITHIN_DAYS = 365;
/** Longest search text: a display name is at most 256 characters. */
export const MAX_SEARCH_LENGTH = 256;

/** Who administers, through what, and in which organization. */
export interface AdminContext {
  readonly admin: AdministeringCredential;
  readonly actor: AuditActor;
  /** The organization acted in; null for the CLI operator without --org (the whole instance). */
  readonly orgId: string | null;
}

export type AdminFailure = {
  ok: false;
  code: Extract<ErrorCode, "badRequest" | "notFound" | "forbidden">;
  message: string;
};
export type AdminResult<T> = { ok: true; value: T } | AdminFailure;

/** The filters of Patina's organization list. */
export interface AdminListRequest {
  user?: string;
  status?: TokenStatus | "all";
  scope?: string;
  expiringWithinDays?: number;
  /** Text the token's name or its owner's username contains (any letter case); blank: no filter. */
  search?: string;
  /** Also count every token the filters match, over all pages. */
  includeTotalCount?: boolean;
  top?: number;
  continuationToken?: string;
}

export interface AdminTokenPage {
  value: AdminTokenView[];
  /** The tokens on this page. */
  count: number;
  /** Every token the filters match, when asked for (includeTotalCount). */
  totalCount?: number;
  continuationToken: string | null;
}

export interface SessionTokenPage {
  value: SessionTokenView[];
  continuationToken: string | null;
}

export interface TokenAdminDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly continuation: ContinuationCodec;
  readonly revocations: TokenRevocations;
}

const fail = (code: AdminFailure["code"], message: string): AdminFailure => ({ ok: false, code, message });

/** Creates the token administration service. */
export function createTokenAdmin(deps: TokenAdminDeps) {
  const { db, clock } = deps;

  /** The user a reference names, if they exist and (in an organization) are a member of it. */
  async function resolveUser(context: AdminContext, reference: UserReference): Promise<AdminResult<UserRow>> {
    if (reference.kind === "invalid") return fail("badRequest", reference.message);
    const user =
      reference.kind === "id"
        ? await findUserById(db, reference.userId)
        : await findUserByUsername(db, reference.username);
    const member =
      user !== undefined &&
      (context.orgId === null ||
        (await db
          .selectFrom("orgMembers")
          .select("userId")
          .where("orgId", "=", context.orgId)
          .where("userId", "=", user.id)
          .executeTakeFirst()) !== undefined);
    // A user of another organization reads exactly like one that does not exist.
    if (user === undefined || !member) return fail("notFound", "No such user was found in this organization.");
    return { ok: true, value: user };
  }

  /** The admission check every action starts with. */
  function admitted(context: AdminContext): AdminFailure | undefined {
    const decision = decideAdministration(context.admin);
    return decision.ok ? undefined : fail("forbidden", decision.message);
  }

  /** The offset a continuation token carries, for these list options. */
  function offsetOf(options: string, continuationToken: string | undefined): AdminResult<number> {
    if (continuationToken === undefined) return { ok: true, value: 0 };
    const offset = deps.continuation.decode(options, continuationToken);
    if (offset === undefined) {
      return fail("badRequest", "The continuationToken is invalid or was issued for different list options.");
    }
    return { ok: true, value: offset };
  }

  async function page(
    query: Omit<AdministeredTokenQuery, "skip" | "top" | "now">,
    options: string,
    top: number,
    continuationToken?: string,
  ) {
    const skip = offsetOf(options, continuationToken);
    if (!skip.ok) return skip;
    const now = clock.now();
    const rows = await listAdministeredTokens(db, { ...query, now: now.toISOString(), skip: skip.value, top: top + 1 });
    const more = rows.length > top;
    return {
      ok: true as const,
      value: {
        rows: rows.slice(0, top),
        now,
        continuationToken: more ? deps.continuation.encode(options, skip.value + top) : null,
      },
    };
  }

  return {
    /** Patina's organization list: every governed token, filtered, newest first, paged. */
    async listTokens(context: AdminContext, request: AdminListRequest): Promise<AdminResult<AdminTokenPage>> {
      const refused = admitted(context);
      if (refused) return refused;
      let userId: string | undefined;
      if (request.user !== undefined) {
        const user = await resolveUser(context, parseUserReference(request.user));
        if (!user.ok) return user;
        userId = user.value.id;
      }
      if (request.scope !== undefined && !KNOWN_SCOPES.has(request.scope)) {
        return fail("badRequest", "scope must be one scope name such as vso.code.");
      }
      const status = request.status ?? "active";
      if (request.expiringWithinDays !== undefined && status !== "active") {
        return fail("badRequest", "expiringWithinDays lists active tokens: leave status out or set it to active.");
      }
      const now = clock.now();
      const expiringBy =
        request.expiringWithinDays === undefined
          ? undefined
          : new Date(now.getTime() + request.expiringWithinDays * DAY_MS).toISOString();
      const top = request.top ?? MAX_ADMIN_PAGE_SIZE;
      const search = request.search?.trim() || undefined;
      // Bound to the filters, not the page size: a client may change $top between pages.
      const options = JSON.stringify([
        context.orgId,
        userId,
        status,
        request.scope,
        request.expiringWithinDays,
        search,
      ]);
      const filter = {
        governed: administeredTokens(context.admin),
        userId,
        status,
        scopesAny: request.scope === undefined ? undefined : scopesGranting(request.scope),
        expiringBy,
        search,
      };
      const listed = await page(filter, options, top, request.continuationToken);
      if (!listed.ok) return listed;
      const value = listed.value.rows.map((row) => toAdminTokenView(row, listed.value.now));
      const totalCount =
        request.includeTotalCount === true
          ? await countAdministeredTokens(db, { ...filter, now: listed.value.now.toISOString() })
          : undefined;
      return {
        ok: true,
        value: {
          value,
          count: value.length,
          ...(totalCount === undefined ? {} : { totalCount }),
          continuationToken: listed.value.continuationToken,
        },
      };
    },

    /** Azure DevOps' ListPersonalAccessTokens: one user's governed tokens as SessionTokens, every status. */
    async listSessionTokens(
      context: AdminContext,
      subject: string,
      request: { pageSize?: number; continuationToken?: string; isPublic?: boolean },
    ): Promise<AdminResult<SessionTokenPage>> {
      const refused = admitted(context);
      if (refused) return refused;
      const user = await resolveUser(context, parseSubjectReference(subject));
      if (!user.ok) return user;
      const top = request.pageSize ?? MAX_ADMIN_PAGE_SIZE;
      // isPublic=true asks for SSH keys; Patina has none, so that list is empty (paging still checked).
      const governed = request.isPublic === true ? { kind: "none" as const } : administeredTokens(context.admin);
      const options = JSON.stringify(["sessionTokens", context.orgId, user.value.id, request.isPublic === true]);
      const listed = await page(
        { governed, userId: user.value.id, status: "all" },
        options,
        top,
        request.continuationToken,
      );
      if (!listed.ok) return listed;
      const value = listed.value.rows.map((row) => toSessionTokenView(row, listed.value.now));
      return { ok: true, value: { value, continuationToken: listed.value.continuationToken } };
    },

    /** Azure DevOps' RevokeAuthorizations: revokes the governed ones among `authorizationIds`; the rest change nothing. */
    async revokeAuthorizations(
      context: AdminContext,
      authorizationIds: readonly string[],
      options: { isPublic?: boolean } = {},
    ): Promise<AdminResult<number>> {
      const refused = admitted(context);
      if (refused) return refused;
      if (authorizationIds.length === 0) return fail("badRequest", "Name at least one authorizationId to revoke.");
      if (authorizationIds.length > MAX_REVOCATIONS) {
        return fail("badRequest", `At most ${MAX_REVOCATIONS} authorizations can be revoked in one request.`);
      }
      if (!authorizationIds.every(isUuid)) return fail("badRequest", "Every authorizationId must be a GUID.");
      // isPublic=true names SSH keys; Patina has none, so nothing matches.
      if (options.isPublic === true) return { ok: true, value: 0 };
      const party = { kind: "admin" as const, admin: context.admin, actor: context.actor, orgId: context.orgId };
      return { ok: true, value: await deps.revocations.revoke(party, { authorizationIds }, "admin", clock.now()) };
    },

    /** Azure DevOps' CreateRevocationRule: revokes every governed token created before the date that grants any of the scopes. */
    async createRevocationRule(
      context: AdminContext,
      request: { scopes?: string; createdBefore?: string },
    ): Promise<AdminResult<{ scopes: string; createdBefore: string; revokedCount: number }>> {
      const refused = admitted(context);
      if (refused) return refused;
      const now = clock.now();
      const rule = decideRevocationRule(request.scopes, request.createdBefore, now);
      if (!rule.ok) return fail("badRequest", rule.message);
      const party = { kind: "admin" as const, admin: context.admin, actor: context.actor, orgId: context.orgId };
      const createdBefore = rule.value.createdBefore.toISOString();
      const revokedCount = await deps.revocations.revoke(
        party,
        { scopesAny: rule.value.matchingScopes, createdBefore },
        "revocationRule",
        now,
        { ruleScopes: rule.value.scopes.join(" "), ruleCreatedBefore: createdBefore },
      );
      return { ok: true, value: { scopes: rule.value.scopes.join(" "), createdBefore, revokedCount } };
    },

    /** Revokes every governed token of one user. */
    async revokeAllOfUser(context: AdminContext, user: string): Promise<AdminResult<number>> {
      const refused = admitted(context);
      if (refused) return refused;
      const owner = await resolveUser(context, parseUserReference(user));
      if (!owner.ok) return owner;
      const party = { kind: "admin" as const, admin: context.admin, actor: context.actor, orgId: context.orgId };
      return {
        ok: true,
        value: await deps.revocations.revoke(party, { userId: owner.value.id }, "adminRevokeAll", clock.now()),
      };
    },
  };
}

export type TokenAdmin = ReturnType<typeof createTokenAdmin>;
