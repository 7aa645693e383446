/**
 * Applies the group → role mapping at a single sign-on: the user's memberships in the
 * organizations the mapping names become what their groups say (domain/group-roles.ts), on every
 * sign-in. Each change goes through the membership rules of orgs/ (the organization's row locked,
 * the last admin kept) with its audit event (`source: "sso"`) and change event, so tokens follow
 * at once. An organization that does not exist is skipped and logged; a change that would take
 * away an organization's last admin is skipped and logged.
 */
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { ChangeAnnouncer } from "../db/change-events.js";
import type { Database, UserTable } from "../db/schema.js";
import { desiredRoles, type GroupRole, type MembershipChange, membershipChanges } from "../domain/group-roles.js";
import type { OrgRole } from "../domain/roles.js";
import {
  deleteMemberKeepingAnAdmin,
  findMembershipsOfUser,
  findOrganizationByName,
  insertMemberIfAbsent,
  lockOrganization,
  updateMemberRoleKeepingAnAdmin,
} from "../orgs/org.repository.js";

export interface GroupSyncDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly changes: ChangeAnnouncer;
  readonly logger: Logger;
  readonly mapping: readonly GroupRole[];
}

/** Creates the procedure; it returns the changes made. */
export function createGroupSync(deps: GroupSyncDeps) {
  const { db, clock, logger } = deps;

  async function apply(actor: AuditActor, user: UserTable, change: MembershipChange): Promise<boolean> {
    const org = await findOrganizationByName(db, change.org);
    if (org === undefined) {
      logger.warn(
        { org: change.org },
        "single sign-on: PATINA_OIDC_GROUP_ROLES names an organization that does not exist",
      );
      return false;
    }
    const done = await db.transaction().execute(async (trx) => {
      await lockOrganization(trx, org.id);
      const now = clock.now();
      const changed =
        change.kind === "add"
          ? await insertMemberIfAbsent(trx, {
              orgId: org.id,
              userId: user.id,
              role: change.role,
              createdAt: now.toISOString(),
            })
          : change.kind === "update"
            ? await updateMemberRoleKeepingAnAdmin(trx, org.id, user.id, change.role)
            : await deleteMemberKeepingAnAdmin(trx, org.id, user.id);
      if (!changed) return false;
      await deps.changes.record(trx, { kind: "membership", userId: user.id });
      await recordAuditEvent(trx, {
        eventType:
          change.kind === "add"
            ? "Organization.MemberAddEvent"
            : change.kind === "update"
              ? "Organization.MemberUpdateEvent"
              : "Organization.MemberRemoveEvent",
        actor,
        timestamp: now,
        orgId: org.id,
        details: {
          userId: user.id,
          username: user.username,
          ...(change.kind === "remove" ? { role: change.previousRole } : { role: change.role }),
          ...(change.kind === "update" ? { previousRole: change.previousRole } : {}),
          source: "sso",
        },
      });
      return true;
    });
    if (!done)
      logger.warn(
        { org: change.org, userId: user.id, change: change.kind },
        "single sign-on: membership left as it was (the organization's last admin, or changed meanwhile)",
      );
    return done;
  }

  return async (actor: AuditActor, user: UserTable, groups: readonly string[]): Promise<MembershipChange[]> => {
    const current = new Map<string, OrgRole>(
      (await findMembershipsOfUser(db, user.id)).map((membership) => [membership.orgName, membership.role]),
    );
    const applied: MembershipChange[] = [];
    for (const change of membershipChanges(desiredRoles(deps.mapping, groups), current)) {
      if (await apply(actor, user, change)) applied.push(change);
    }
    if (applied.length > 0) await deps.changes.applied({ kind: "membership", userId: user.id });
    return applied;
  };
}

export type GroupSync = ReturnType<typeof createGroupSync>;
