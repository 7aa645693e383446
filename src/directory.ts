/**
 * Operator actions on users, organizations, memberships and projects (the CLI, and later the
 * setup page). Validation failures come back as data with a code (see DirectoryErrorCode) that
 * callers map to a status or an exit code; the message is for people. Each change is audited.
 */
import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEvent } from "./audit/audit-log.js";
import type { Clock } from "./clock.js";
import type { ChangeAnnouncer } from "./db/change-events.js";
import { isUniqueViolation } from "./db/query.js";
import type { Database } from "./db/schema.js";
import { checkEmail, checkOrgName, checkProjectName, checkUserDisplayName, checkUsername } from "./domain/names.js";
import { isOrgRole, ORG_ROLES, type OrgRole } from "./domain/roles.js";
import { hasUnstorableText, isEchoable } from "./domain/text.js";
import type { DirectoryErrorCode } from "./http/error-catalog.js";
import { newUuid } from "./ids.js";
import {
  findMember,
  findOrganizationByName,
  insertOrganization,
  lockOrganization,
  updateMemberRoleKeepingAnAdmin,
  upsertMember,
} from "./orgs/org.repository.js";
import { insertProject } from "./projects/project.repository.js";
import { hashPassword } from "./security/password.js";
import { findUserByUsername, insertUser, setUserDisabled } from "./users/user.repository.js";

export type { DirectoryErrorCode };

/** "named 'web'" for a short, plain name, else "with that name" (see domain/text.ts). */
function named(name: string): string {
  return isEchoable(name) ? `named '${name}'` : "with that name";
}

/** A directory operation's value, or its refusal: a code to act on and a message to show. */
export type DirectoryResult<T> = { ok: true; value: T } | { ok: false; code: DirectoryErrorCode; message: string };

export interface NewUser {
  username: string;
  email: string;
  displayName?: string;
  admin?: boolean;
  password?: string;
}

/** Creates the directory service. */
export function createDirectory(deps: { db: Kysely<Database>; clock: Clock; changes: ChangeAnnouncer }) {
  const { db, clock } = deps;
  const fail = (code: DirectoryErrorCode, message: string) => ({ ok: false as const, code, message });
  // Names that were looked up, not validated, are repeated only when short and plain (see domain/text.ts).
  const noUser = (username: string) => fail("userNotFound", `No user ${named(username)}.`);
  const noOrg = (name: string) => fail("orgNotFound", `No organization ${named(name)}.`);
  // A name no database can hold names nobody; PostgreSQL would refuse the lookup itself.
  const userNamed = async (username: string) =>
    hasUnstorableText(username) ? undefined : await findUserByUsername(db, username);
  const orgNamed = async (name: string) =>
    hasUnstorableText(name) ? undefined : await findOrganizationByName(db, name);

  return {
    /** Adds a local user. */
    async addUser(actor: AuditActor, input: NewUser): Promise<DirectoryResult<{ id: string; username: string }>> {
      const username = checkUsername(input.username);
      if (!username.ok) return fail("invalidName", username.message);
      const displayName = checkUserDisplayName(input.displayName ?? "");
      if (!displayName.ok) return fail("invalidName", displayName.message);
      const email = checkEmail(input.email);
      if (!email.ok) return fail("invalidEmail", email.message);
      if (input.password !== undefined && input.password.length < 8)
        return fail("invalidPassword", "A password has at least 8 characters.");
      const id = newUuid();
      const now = clock.now().toISOString();
      const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
      try {
        await db.transaction().execute(async (trx) => {
          await insertUser(trx, {
            id,
            username: username.value,
            displayName: displayName.value || username.value,
            email: email.value,
            passwordHash,
            isAdmin: input.admin ? 1 : 0,
            isDisabled: 0,
            createdAt: now,
          });
          await recordAuditEvent(trx, {
            eventType: "User.CreateEvent",
            actor,
            timestamp: clock.now(),
            details: { userId: id, username: username.value, admin: input.admin === true },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) return fail("duplicate", `A user ${named(username.value)} already exists.`);
        throw error;
      }
      return { ok: true, value: { id, username: username.value } };
    },

    /**
     * Disables a user (their tokens and sessions stop working; nothing is deleted) or enables
     * them again. Other processes hear of it through the change feed: when it commits
     * (PostgreSQL's NOTIFY) or at the next poll of the change log (SQLite, every 100 ms).
     */
    async setDisabled(actor: AuditActor, username: string, disabled: boolean): Promise<DirectoryResult<null>> {
      const user = await userNamed(username);
      if (user === undefined) return noUser(username);
      await db.transaction().execute(async (trx) => {
        await setUserDisabled(trx, user.id, disabled);
        await deps.changes.record(trx, { kind: "user", userId: user.id });
        await recordAuditEvent(trx, {
          eventType: disabled ? "User.DisableEvent" : "User.EnableEvent",
          actor,
          timestamp: clock.now(),
          details: { userId: user.id, username: user.username },
        });
      });
      await deps.changes.applied({ kind: "user", userId: user.id });
      return { ok: true, value: null };
    },

    /** Adds an organization with its first administrator. */
    async addOrganization(
      actor: AuditActor,
      name: string,
      ownerUsername: string,
    ): Promise<DirectoryResult<{ id: string; name: string }>> {
      const orgName = checkOrgName(name);
      if (!orgName.ok) return fail("invalidName", orgName.message);
      const owner = await userNamed(ownerUsername);
      if (owner === undefined) return noUser(ownerUsername);
      const id = newUuid();
      const now = clock.now().toISOString();
      try {
        await db.transaction().execute(async (trx) => {
          await insertOrganization(trx, { id, name: orgName.value, createdAt: now });
          await upsertMember(trx, { orgId: id, userId: owner.id, role: "admin", createdAt: now });
          await deps.changes.record(trx, { kind: "membership", userId: owner.id });
          await recordAuditEvent(trx, {
            eventType: "Organization.CreateEvent",
            actor,
            timestamp: clock.now(),
            orgId: id,
            details: { name: orgName.value, owner: owner.username },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error))
          return fail("duplicate", `An organization ${named(orgName.value)} already exists.`);
        throw error;
      }
      await deps.changes.applied({ kind: "membership", userId: owner.id });
      return { ok: true, value: { id, name: orgName.value } };
    },

    /** Adds a member to an organization, or changes their role (never the last admin's). */
    async setMember(
      actor: AuditActor,
      orgName: string,
      username: string,
      role: OrgRole,
    ): Promise<DirectoryResult<null>> {
      // Typed, but callers pass what they were sent: a role the guard does not know grants nothing sensible.
      if (!isOrgRole(role)) return fail("invalidRole", `A role is one of ${ORG_ROLES.join(", ")}.`);
      const org = await orgNamed(orgName);
      if (org === undefined) return noOrg(orgName);
      const user = await userNamed(username);
      if (user === undefined) return noUser(username);
      // The same rule as the member routes (orgs/members.service.ts): the last admin stays one.
      const kept = await db.transaction().execute(async (trx) => {
        await lockOrganization(trx, org.id);
        const before = await findMember(trx, org.id, user.id);
        if (before === undefined) {
          await upsertMember(trx, { orgId: org.id, userId: user.id, role, createdAt: clock.now().toISOString() });
        } else if (!(await updateMemberRoleKeepingAnAdmin(trx, org.id, user.id, role))) {
          return false;
        }
        await deps.changes.record(trx, { kind: "membership", userId: user.id });
        await recordAuditEvent(trx, {
          eventType: "Organization.MemberUpdateEvent",
          actor,
          timestamp: clock.now(),
          orgId: org.id,
          details: { userId: user.id, username: user.username, role },
        });
        return true;
      });
      if (!kept) {
        return fail(
          "lastAdmin",
          "This is the organization's last administrator: make another member an administrator first.",
        );
      }
      await deps.changes.applied({ kind: "membership", userId: user.id });
      return { ok: true, value: null };
    },

    /** Adds a project to an organization. */
    async addProject(
      actor: AuditActor,
      orgName: string,
      projectName: string,
      description = "",
    ): Promise<DirectoryResult<{ id: string; name: string }>> {
      const org = await orgNamed(orgName);
      if (org === undefined) return noOrg(orgName);
      const name = checkProjectName(projectName);
      if (!name.ok) return fail("invalidName", name.message);
      const id = newUuid();
      const now = clock.now().toISOString();
      try {
        await db.transaction().execute(async (trx) => {
          await insertProject(trx, {
            id,
            orgId: org.id,
            name: name.value,
            nameKey: name.value.toLowerCase(),
            description,
            visibility: "private",
            revision: 1,
            lastUpdateTime: now,
            createdAt: now,
          });
          await recordAuditEvent(trx, {
            eventType: "Project.CreateEvent",
            actor,
            timestamp: clock.now(),
            orgId: org.id,
            details: { projectId: id, name: name.value },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error))
          return fail("duplicate", `A project ${named(name.value)} already exists in this organization.`);
        throw error;
      }
      return { ok: true, value: { id, name: name.value } };
    },
  };
}

export type Directory = ReturnType<typeof createDirectory>;
