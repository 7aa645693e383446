/**
 * The policies of this process, held in memory so that verification consults them without a
 * query (SPEC section 7: "verification consults them from memory"). Loaded at start; reloaded
 * when a `policy` change event arrives (from this process or another) and on every resync.
 *
 * A reload is asynchronous: until the new snapshot is loaded, verification keeps using the old
 * one, whole (a snapshot is immutable and replaced in one assignment). Loads run one after the
 * other, so a slow older load can never replace a newer snapshot. A failed load keeps the old
 * snapshot and is logged. No verification result is cached with policy in it (the use rules run
 * on every request after the token cache), so no token cache needs clearing on a change.
 */
import type { Logger } from "pino";
import type { Queryable } from "../db/query.js";
import { type AtUseRules, type AtUseSnapshot, atUseRulesOf, rulesActive } from "../domain/policy-decisions.js";
import {
  DEFAULT_POLICY,
  defaultsOf,
  type PolicyLevel,
  type PolicyValues,
  parsePolicyPatch,
  stricterOf,
} from "../domain/policy-rules.js";
import { INSTANCE_POLICY_ID, listPolicies } from "./policy.repository.js";

/** One organization's stored policy. */
export interface OrgPolicy {
  readonly orgName: string;
  readonly values: PolicyValues;
}

/** Every policy at one moment, with the use rules precomputed. */
export interface PolicySnapshot extends AtUseSnapshot {
  readonly instance: PolicyValues;
  /** Organizations that have a policy row, by id. */
  readonly orgs: ReadonlyMap<string, OrgPolicy>;
}

/** The values a stored document sets, over the defaults; what does not validate is left out (and logged). */
export function valuesOfDocument(level: PolicyLevel, document: string, logger?: Logger): PolicyValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    parsed = undefined;
  }
  const checked = parsePolicyPatch(level, parsed);
  if (checked.ok) return { ...defaultsOf(level), ...checked.patch };
  logger?.error({ level, reason: checked.message }, "stored policy document ignored");
  return defaultsOf(level);
}

/** Builds a snapshot from the stored rows. */
export function buildSnapshot(
  rows: readonly { policyId: string; orgId: string | null; document: string; name: string | null }[],
  logger?: Logger,
): PolicySnapshot {
  const instanceRow = rows.find((row) => row.policyId === INSTANCE_POLICY_ID);
  const instance = instanceRow ? valuesOfDocument("instance", instanceRow.document, logger) : DEFAULT_POLICY;
  const orgs = new Map<string, OrgPolicy>();
  const atUseRulesByOrg = new Map<string, AtUseRules>();
  const outsideOrgs = atUseRulesOf(instance, null);
  let atUseActive = rulesActive(outsideOrgs);
  for (const row of rows) {
    if (row.orgId === null || row.name === null) continue;
    const values = valuesOfDocument("organization", row.document, logger);
    orgs.set(row.orgId, { orgName: row.name, values });
    const rules = atUseRulesOf(stricterOf(instance, values), row.name);
    atUseRulesByOrg.set(row.orgId, rules);
    atUseActive ||= rulesActive(rules);
  }
  return { instance, orgs, atUseActive, outsideOrgs, atUseRulesByOrg };
}

/** The snapshot of a store with no policies. */
export const EMPTY_SNAPSHOT: PolicySnapshot = buildSnapshot([]);

/** Holds the current snapshot and reloads it. */
export class PolicySnapshots {
  #current: PolicySnapshot = EMPTY_SNAPSHOT;
  #chain: Promise<void> = Promise.resolve();
  #queued: Promise<void> | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly logger: Logger,
  ) {}

  /** The snapshot verification uses now. */
  current(): PolicySnapshot {
    return this.#current;
  }

  /** Loads the snapshot now; rejects when the store cannot be read (at start, that stops the process). */
  async load(): Promise<void> {
    this.#current = buildSnapshot(await listPolicies(this.db), this.logger);
  }

  /**
   * Queues a load after any running one (one waiting load serves every request made meanwhile);
   * resolves when it finished. Never rejects: a failure keeps the old snapshot and is logged.
   */
  reload(): Promise<void> {
    if (this.#queued !== null) return this.#queued;
    const queued = this.#chain
      .then(async () => {
        this.#queued = null;
        await this.load();
      })
      .catch((error: unknown) => {
        this.#queued = null;
        this.logger.error({ err: error }, "policy reload failed; the previous policies stay in force");
      });
    this.#queued = queued;
    this.#chain = queued;
    return queued;
  }
}
