/**
 * An organization's members as its administrators manage them: list, add, change role, remove.
 *
 * Rules: an organization always keeps at least one admin. The last admin can be neither demoted
 * nor removed, and two admins demoting (or removing) each other at the same moment cannot both
 * succeed: each change locks the organization's row first and then runs one conditional
 * statement ("unless no other admin remains") whose affected-row count decides (see
 * org.repository.ts). Every change is audited and announced on the change feed in the same
 * transaction, so verification caches everywhere drop the member's memberships: a removed
 * member's tokens stop working in the organization at once.
 *
 * Users of other organizations and unknown ids read alike (404): an administrator learns
 * nothing about users beyond their organization, except that a username they type exists.
 */
import type { Kysely, Transaction } from "kysely";
import type { AuditActor } from "../audit/audit-log.js";
import { recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { ChangeAnnouncer } from "../db/change-events.js";
import type { Database } from "../db/schema.js";
import { isOrgRole, ORG_ROLES, type OrgRole } from "../domain/roles.js";
import { hasUnstorableText } from "../domain/text.js";
import type { ErrorCode } from "../http/error-catalog.js";
import { isUuid } from "../ids.js";
import { parseUserReference } from "../tokenadmin/user-reference.js";
import type { ContinuationCodec } from "../tokens/continuation.js";
import { findUserById, findUserByUsername } from "../users/user.repository.js";
import {
  deleteMemberKeepingAnAdmin,
  findMember,
  insertMemberIfAbsent,
  listMembers,
  lockOrganization,
  type MemberRow,
  updateMemberRoleKeepingAnAdmin,
} from "./org.repository.js";

/** Largest page of the member list, and the page when the client does not say. */
export const MAX_MEMBER_PAGE_SIZE = 100;
export const DEFAULT_MEMBER_PAGE_SIZE = 100;
/** Longest search text. */
export const MAX_MEMBER_SEARCH_LENGTH = 256;

/** A member as the API shows them. */
export interface MemberView {
  userId: string;
  username: string;
  displayName: string;
  email: string;
  role: OrgRole;
  isDisabled: boolean;
  addedAt: string;
}

export interface MemberPage {
  members: MemberView[];
  continuationToken: string | null;
}

/** Who changes the membership, in which organization, with which credential. */
export interface MemberContext {
  readonly orgId: string;
  readonly actor: AuditActor;
  /** How the caller authenticated (audit: `authenticationMechanism`). */
  readonly actingCredential: "token" | "session";
}

export type MemberFailure = {
  ok: false;
  code: Extract<ErrorCode, "badRequest" | "notFound" | "conflict">;
  message: string;
};
export type MemberResult<T> = { ok: true; value: T } | MemberFailure;

export interface MembersDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly changes: ChangeAnnouncer;
  readonly continuation: ContinuationCodec;
}

const fail = (code: MemberFailure["code"], message: string): MemberFailure => ({ ok: false, code, message });
const NOT_A_MEMBER = "No such member was found in this organization.";
const LAST_ADMIN =
  "This is the organization's last administrator: make another member an administrator first, then change or remove this one.";

/** The API view of a member row. */
export function toMemberView(row: MemberRow): MemberView {
  return { ...row, isDisabled: row.isDisabled !== 0 };
}

/** Creates the membership service. */
export function createMembers(deps: MembersDeps) {
  const { db, clock } = deps;

  const badRole = () => fail("badRequest", `A role is one of ${ORG_ROLES.join(", ")}.`);

  /** Audits a change and records it on the change feed, inside the change's transaction. */
  async function announce(
    trx: Transaction<Database>,
    context: MemberContext,
    eventType: "Organization.MemberAddEvent" | "Organization.MemberUpdateEvent" | "Organization.MemberRemoveEvent",
    member: MemberRow,
    details: Record<string, unknown>,
  ) {
    await deps.changes.record(trx, { kind: "membership", userId: member.userId });
    await recordAuditEvent(trx, {
      eventType,
      actor: context.actor,
      timestamp: clock.now(),
      orgId: context.orgId,
      details: {
        userId: member.userId,
        username: member.username,
        ...details,
        actingCredential: context.actingCredential,
      },
    });
  }

  return {
    /** A page of the organization's members, by username, optionally searched. */
    async list(
      orgId: string,
      request: { search?: string; top?: number; continuationToken?: string },
    ): Promise<MemberResult<MemberPage>> {
      const search = request.search?.trim() ?? "";
      if (search.length > MAX_MEMBER_SEARCH_LENGTH || hasUnstorableText(search)) {
        return fail("badRequest", `The search is at most ${MAX_MEMBER_SEARCH_LENGTH} characters of text.`);
      }
      const top = request.top ?? DEFAULT_MEMBER_PAGE_SIZE;
      const options = JSON.stringify([orgId, search.toLowerCase()]);
      const skip =
        request.continuationToken === undefined ? 0 : deps.continuation.decode(options, request.continuationToken);
      if (skip === undefined) {
        return fail("badRequest", "The continuationToken is invalid or was issued for a different search.");
      }
      // One row more than asked tells whether another page exists without a count.
      const rows = await listMembers(db, orgId, { search, skip, limit: top + 1 });
      return {
        ok: true,
        value: {
          members: rows.slice(0, top).map(toMemberView),
          continuationToken: rows.length > top ? deps.continuation.encode(options, skip + top) : null,
        },
      };
    },

    /** Adds a user (by username, id or subject descriptor) to the organization with a role. */
    async add(context: MemberContext, userText: string, role: string): Promise<MemberResult<MemberView>> {
      if (!isOrgRole(role)) return badRole();
      const reference = parseUserReference(userText.trim());
      if (reference.kind === "invalid") return fail("badRequest", reference.message);
      const user =
        reference.kind === "id"
          ? await findUserById(db, reference.userId)
          : hasUnstorableText(reference.username)
            ? undefined
            : await findUserByUsername(db, reference.username);
      if (user === undefined) return fail("notFound", "No such user was found.");
      const added = await db.transaction().execute(async (trx) => {
        await lockOrganization(trx, context.orgId);
        const inserted = await insertMemberIfAbsent(trx, {
          orgId: context.orgId,
          userId: user.id,
          role,
          createdAt: clock.now().toISOString(),
        });
        if (!inserted) return undefined;
        const member = await findMember(trx, context.orgId, user.id);
        if (member === undefined) throw new Error("a member just added is missing");
        await announce(trx, context, "Organization.MemberAddEvent", member, { role });
        return member;
      });
      if (added === undefined) return fail("conflict", "That user is already a member of this organization.");
      await deps.changes.applied({ kind: "membership", userId: user.id });
      return { ok: true, value: toMemberView(added) };
    },

    /** Changes a member's role; the last admin cannot be demoted. */
    async setRole(context: MemberContext, userId: string, role: string): Promise<MemberResult<MemberView>> {
      if (!isOrgRole(role)) return badRole();
      if (!isUuid(userId)) return fail("notFound", NOT_A_MEMBER);
      const id = userId.toLowerCase();
      const outcome = await db.transaction().execute(async (trx) => {
        await lockOrganization(trx, context.orgId);
        const before = await findMember(trx, context.orgId, id);
        if (before === undefined) return fail("notFound", NOT_A_MEMBER);
        if (before.role === role) return { ok: true as const, value: before, changed: false };
        if (!(await updateMemberRoleKeepingAnAdmin(trx, context.orgId, id, role))) return fail("conflict", LAST_ADMIN);
        await announce(trx, context, "Organization.MemberUpdateEvent", before, { role, previousRole: before.role });
        return { ok: true as const, value: { ...before, role }, changed: true };
      });
      if (!outcome.ok) return outcome;
      if (outcome.changed) await deps.changes.applied({ kind: "membership", userId: id });
      return { ok: true, value: toMemberView(outcome.value) };
    },

    /** Removes a member; the last admin cannot be removed. Their tokens stop working here at once. */
    async remove(context: MemberContext, userId: string): Promise<MemberResult<null>> {
      if (!isUuid(userId)) return fail("notFound", NOT_A_MEMBER);
      const id = userId.toLowerCase();
      const outcome = await db.transaction().execute(async (trx): Promise<MemberResult<null>> => {
        await lockOrganization(trx, context.orgId);
        const before = await findMember(trx, context.orgId, id);
        if (before === undefined) return fail("notFound", NOT_A_MEMBER);
        if (!(await deleteMemberKeepingAnAdmin(trx, context.orgId, id))) return fail("conflict", LAST_ADMIN);
        await announce(trx, context, "Organization.MemberRemoveEvent", before, { role: before.role });
        return { ok: true, value: null };
      });
      if (outcome.ok) await deps.changes.applied({ kind: "membership", userId: id });
      return outcome;
    },
  };
}

export type Members = ReturnType<typeof createMembers>;
