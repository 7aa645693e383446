/**
 * The policy service: read a level's policy, change it, and answer what creation of a token
 * must obey. Used by the REST API and the CLI alike (same validation, same audit event).
 *
 * A change is a compare-and-set on the level's revision, in one transaction with its audit event
 * and its change event. When another change of the same level commits first, the change is
 * recomputed on the fresh document only if that other change left every key this one sets as it
 * was (keys are validated independently, so the merge is then exactly what running the two one
 * after the other gives); otherwise the loser gets 409 and nothing changes.
 */
import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { ChangeAnnouncer } from "../db/change-events.js";
import type { Database } from "../db/schema.js";
import type { PolicyScope } from "../domain/policy-decisions.js";
import {
  keysOf,
  type PolicyKey,
  type PolicyLevel,
  type PolicyPatch,
  type PolicyValues,
  parsePolicyPatch,
  stricterOf,
  USER_LIST_KEYS,
} from "../domain/policy-rules.js";
import type { TokenTargets } from "../domain/token-authority.js";
import type { PolicyErrorCode } from "../http/error-catalog.js";
import { findMembershipsOfUser } from "../orgs/org.repository.js";
import {
  findPolicy,
  findUsersByReference,
  INSTANCE_POLICY_ID,
  orgPolicyId,
  type PolicyRow,
  usernamesOf,
  writePolicyIfRevision,
} from "./policy.repository.js";
import { type PolicySnapshots, valuesOfDocument } from "./policy-snapshot.js";
import { displayOf, effectiveKeys, type PolicyView } from "./policy-view.js";

/** Which level a request reads or changes. */
export type PolicyTarget =
  | { readonly level: "instance" }
  | { readonly level: "organization"; readonly orgId: string; readonly orgName: string };

export type PolicyResult<T> = { ok: true; value: T } | { ok: false; error: PolicyErrorCode; message: string };

/** Attempts of a change whose keys nobody else touched before it counts as lost (409). */
const MERGE_ATTEMPTS = 5;

export interface PolicyServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly changes: ChangeAnnouncer;
  readonly snapshots: PolicySnapshots;
}

const idOf = (target: PolicyTarget) => (target.level === "instance" ? INSTANCE_POLICY_ID : orgPolicyId(target.orgId));
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Creates the service. */
export function createPolicyService(deps: PolicyServiceDeps) {
  const { db, snapshots } = deps;

  const storedValues = (level: PolicyLevel, row: PolicyRow | undefined): PolicyValues =>
    valuesOfDocument(level, row?.document ?? "{}");

  const view = async (target: PolicyTarget): Promise<PolicyView> => {
    const row = await findPolicy(db, idOf(target));
    const values = storedValues(target.level, row);
    const instance =
      target.level === "instance" ? values : storedValues("instance", await findPolicy(db, INSTANCE_POLICY_ID));
    const effective = target.level === "instance" ? instance : stricterOf(instance, values);
    const names = await usernamesOf(db, [...effective.patCreationAllowList, ...effective.passwordBreakGlassUsers]);
    return {
      level: target.level,
      organization: target.level === "instance" ? null : target.orgName,
      revision: row?.revision ?? 0,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
      values: displayOf(values, keysOf(target.level), names),
      effective: displayOf(effective, effectiveKeys(target.level), names),
    };
  };

  /** The allow list's names and ids as user ids; an unknown one is a 400 naming it. */
  const resolveUsers = async (patch: PolicyPatch): Promise<PolicyResult<PolicyPatch>> => {
    let resolved: PolicyPatch = patch;
    for (const key of USER_LIST_KEYS) {
      const references = patch[key];
      if (references === undefined) continue;
      const found = await findUsersByReference(db, references);
      const ids: string[] = [];
      for (const reference of references) {
        const lower = reference.toLowerCase();
        const user = found.find((candidate) => candidate.username === lower || candidate.id === lower);
        if (user === undefined) {
          return { ok: false, error: "invalidPolicyValue", message: `${key}: no user '${reference}'.` };
        }
        if (!ids.includes(user.id)) ids.push(user.id);
      }
      resolved = { ...resolved, [key]: ids };
    }
    return { ok: true, value: resolved };
  };

  /** One compare-and-set attempt: undefined when another change came first. */
  const attempt = async (
    actor: AuditActor,
    target: PolicyTarget,
    row: PolicyRow | undefined,
    current: PolicyValues,
    patch: PolicyPatch,
  ): Promise<"won" | "unchanged" | "lost"> => {
    const changed = (Object.keys(patch) as PolicyKey[]).filter((key) => !sameValue(current[key], patch[key]));
    if (changed.length === 0) return "unchanged";
    const stored = row === undefined ? {} : storedDocument(row.document);
    const revision = (row?.revision ?? 0) + 1;
    const now = deps.clock.now().toISOString();
    const next: PolicyRow = {
      policyId: idOf(target),
      orgId: target.level === "instance" ? null : target.orgId,
      document: JSON.stringify({ ...stored, ...patch }),
      revision,
      updatedAt: now,
      updatedBy: actor.name,
    };
    const after = { ...current, ...patch };
    const names = await usernamesOf(db, [
      ...current.patCreationAllowList,
      ...after.patCreationAllowList,
      ...current.passwordBreakGlassUsers,
      ...after.passwordBreakGlassUsers,
    ]);
    return db.transaction().execute(async (trx) => {
      // First statement of the transaction: on SQLite it takes the write lock before anything is read.
      if (!(await writePolicyIfRevision(trx, next, row?.revision ?? 0))) return "lost";
      await deps.changes.record(trx, { kind: "policy" });
      await recordAuditEvent(trx, {
        eventType: "Policy.PolicyValueUpdated",
        actor,
        timestamp: deps.clock.now(),
        orgId: target.level === "instance" ? null : target.orgId,
        details: {
          level: target.level,
          organization: target.level === "instance" ? null : target.orgName,
          revision,
          changed,
          before: displayOf(current, changed, names),
          after: displayOf(after, changed, names),
        },
      });
      return "won";
    });
  };

  /**
   * The effective policies where a token of these targets works (from memory): the instance's
   * own, and the stricter of the instance's and each organization's: for a global token, every
   * organization its owner belongs to, since it works in each.
   */
  const creationScopes = async (userId: string, targets: TokenTargets): Promise<PolicyScope[]> => {
    const snapshot = snapshots.current();
    const scopes: PolicyScope[] = [{ orgName: null, values: snapshot.instance }];
    const orgIds = targets.allOrgs
      ? (await findMembershipsOfUser(db, userId)).map((membership) => membership.orgId)
      : targets.orgId === null
        ? []
        : [targets.orgId];
    for (const orgId of orgIds) {
      const org = snapshot.orgs.get(orgId);
      if (org !== undefined) scopes.push({ orgName: org.orgName, values: stricterOf(snapshot.instance, org.values) });
    }
    return scopes;
  };

  return {
    /** A level's own values and the effective ones. */
    view,

    /** Applies a partial change (only the keys named); validated whole before anything is written. */
    async update(actor: AuditActor, target: PolicyTarget, input: unknown): Promise<PolicyResult<PolicyView>> {
      const parsed = parsePolicyPatch(target.level, input);
      if (!parsed.ok) return { ok: false, error: "invalidPolicyValue", message: parsed.message };
      const resolved = await resolveUsers(parsed.patch);
      if (!resolved.ok) return resolved;
      const patch = resolved.value;
      let basis: PolicyValues | undefined;
      for (let round = 0; round < MERGE_ATTEMPTS; round++) {
        const row = await findPolicy(db, idOf(target));
        const current = storedValues(target.level, row);
        // Another change came first: go on only if it left every key this change sets as it was.
        if (
          basis !== undefined &&
          !(Object.keys(patch) as PolicyKey[]).every((k) => sameValue(basis?.[k], current[k]))
        ) {
          break;
        }
        basis ??= current;
        const outcome = await attempt(actor, target, row, current, patch);
        if (outcome === "lost") continue;
        // This process and every other live instance honour the change before it is answered.
        if (outcome === "won") await deps.changes.applied({ kind: "policy" });
        return { ok: true, value: await view(target) };
      }
      return {
        ok: false,
        error: "policyChangedMeanwhile",
        message: "The policy was changed by another request at the same time. Read it again and retry.",
      };
    },

    creationScopes,

    /**
     * Whether a leaked token of this owner and these targets is revoked (else its owner is only
     * told): on when any place the token works has it on (for the leak response).
     */
    async autoRevokesLeaked(userId: string, targets: TokenTargets): Promise<boolean> {
      return (await creationScopes(userId, targets)).some((scope) => scope.values.autoRevokeLeakedPats);
    },

    /** The current snapshot: the authentication step's use rules, the unused-token job's days. */
    current: () => snapshots.current(),
  };
}

export type PolicyService = ReturnType<typeof createPolicyService>;

/**
 * A level's stored document as an object; a damaged one reads as empty, so a PATCH can still
 * repair the level (reading already falls back to the defaults for it).
 */
function storedDocument(document: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(document);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
