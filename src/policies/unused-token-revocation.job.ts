/**
 * Revokes tokens unused for N days (policy `revokeUnusedPatsAfterDays`; GitHub revokes after a
 * year unused). A token's N is the effective one where it works: the instance's for every token,
 * an organization's (when stricter) for its tokens and for its members' global tokens, since a
 * global token works there too. The revocation itself is the shared "revoke as the system" path
 * (audited `Token.PatSystemRevokeEvent` with reason "unused", the owner is notified from it).
 */
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Database } from "../db/schema.js";
import type { ScheduledJob } from "../jobs/scheduled-job.js";
import type { PolicySnapshot } from "./policy-snapshot.js";
import { findUnusedTokens } from "./unused-tokens.repository.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Tokens revoked per batch (one indexed read, one revocation call). */
const BATCH = 500;

/** Revokes active tokens as the system; returns how many it revoked (the token admin feature provides it). */
export type RevokeAsSystem = (authorizationIds: readonly string[], reason: "unused", now: Date) => Promise<number>;

export interface UnusedTokenRevocationDeps {
  readonly db: Kysely<Database>;
  readonly policies: { current(): PolicySnapshot };
  readonly revokeAsSystem: RevokeAsSystem;
  readonly logger?: Logger;
  /** How often the runner starts the job (default hourly). */
  readonly intervalMs?: number;
}

/** The passes of one run: the instance's N over every token, and each stricter organization N over its tokens. */
export function revocationPasses(snapshot: PolicySnapshot): { orgId: string | null; days: number }[] {
  const instanceDays = snapshot.instance.revokeUnusedPatsAfterDays;
  const passes: { orgId: string | null; days: number }[] =
    instanceDays === null ? [] : [{ orgId: null, days: instanceDays }];
  for (const [orgId, org] of snapshot.orgs) {
    const days = org.values.revokeUnusedPatsAfterDays;
    if (days !== null && (instanceDays === null || days < instanceDays)) passes.push({ orgId, days });
  }
  return passes;
}

/** The scheduled job. Safe to repeat: a revoked token is no longer found. */
export function unusedTokenRevocationJob(deps: UnusedTokenRevocationDeps): ScheduledJob {
  return {
    name: "unused-token-revocation",
    intervalMs: deps.intervalMs ?? 60 * 60 * 1000,
    async run(now) {
      let total = 0;
      for (const pass of revocationPasses(deps.policies.current())) {
        const cutoff = new Date(now.getTime() - pass.days * DAY_MS).toISOString();
        while (true) {
          const ids = await findUnusedTokens(deps.db, {
            cutoff,
            now: now.toISOString(),
            orgId: pass.orgId,
            limit: BATCH,
          });
          if (ids.length === 0) break;
          const revoked = await deps.revokeAsSystem(ids, "unused", now);
          total += revoked;
          // A batch nobody could revoke (all revoked meanwhile) ends the pass instead of spinning.
          if (ids.length < BATCH || revoked === 0) break;
        }
      }
      if (total > 0) deps.logger?.info({ job: "unused-token-revocation", revoked: total }, "unused tokens revoked");
    },
  };
}
