/**
 * Records each token's expiry in the audit log (`Token.PatExpiredEvent`, SPEC section 8): an
 * expiry is no request, so nothing else would write it. A scheduled job finds tokens whose
 * `validTo` has passed and whose expiry is not recorded yet (an indexed read of only those),
 * and marks each with one conditional update in the transaction of its event, so two runs (or
 * two instances) record it once. Revoked tokens are marked without an event: they ended by
 * revocation, which is audited already. An expired token cannot be extended, so a mark is final.
 */
import { type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import { recordAuditEvent, SYSTEM_ACTOR } from "../audit/audit-log.js";
import type { Database } from "../db/schema.js";
import type { ScheduledJob } from "../jobs/scheduled-job.js";

/** Tokens handled per batch. */
const BATCH = 500;

/** The job's name, for the runner and its metrics. */
export const TOKEN_EXPIRY_JOB = "token-expiry-audit";

/** Creates the job that audits expired tokens once each. */
export function createTokenExpiryJob(deps: { db: Kysely<Database>; logger?: Logger }): ScheduledJob {
  return {
    name: TOKEN_EXPIRY_JOB,
    intervalMs: 5 * 60 * 1000,
    async run(now) {
      const recorded = await recordExpiries(deps.db, now);
      if (recorded > 0) deps.logger?.info({ job: TOKEN_EXPIRY_JOB, recorded }, "token expiries audited");
    },
  };
}

/** Audits every token that expired by `now` and is not audited yet; returns how many events it wrote. */
export async function recordExpiries(db: Kysely<Database>, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  let events = 0;
  while (true) {
    const due = await db
      .selectFrom("tokens")
      .select(["authorizationId", "orgId", "displayName", "validTo", "revokedAt"])
      // A literal, not a parameter: only then may SQLite's planner use the partial index.
      .where("expiryRecorded", "=", sql.lit(0))
      .where("validTo", "<=", nowIso)
      .orderBy("validTo")
      .limit(BATCH)
      .execute();
    for (const token of due) {
      const wrote = await db.transaction().execute(async (trx) => {
        const marked = await trx
          .updateTable("tokens")
          .set({ expiryRecorded: 1 })
          .where("authorizationId", "=", token.authorizationId)
          .where("expiryRecorded", "=", 0)
          .executeTakeFirst();
        // Another run marked it first, or it ended by revocation (already audited).
        if (Number(marked.numUpdatedRows) !== 1 || token.revokedAt !== null) return false;
        await recordAuditEvent(trx, {
          eventType: "Token.PatExpiredEvent",
          actor: SYSTEM_ACTOR,
          timestamp: now,
          orgId: token.orgId,
          authorizationId: token.authorizationId,
          tokenDisplayName: token.displayName,
          details: { validTo: token.validTo },
        });
        return true;
      });
      if (wrote) events++;
    }
    if (due.length < BATCH) return events;
  }
}
