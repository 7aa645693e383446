/**
 * "At most one run of a job at a time, across every instance." On PostgreSQL a session-level
 * advisory lock per job name, taken with pg_try_advisory_lock on one pooled connection that is
 * held for the run and unlocked after it (a lost race skips the round; no transaction stays open
 * around the job's own work, which uses other connections). If the process dies, PostgreSQL ends
 * the session and the lock with it. On SQLite there is one server process by design, so the lock
 * is in-process only: a CLI run alongside it may overlap, which the jobs tolerate (their writes are
 * conditional).
 */
import { type Kysely, sql } from "kysely";
import type { DialectName } from "../db/database.js";
import type { Database } from "../db/schema.js";

/** Runs `work` only if no other run of the same job holds the lock; "busy" when one does. */
export interface JobLock {
  withLock(name: string, work: () => Promise<void>): Promise<"ran" | "busy">;
}

/** The first key of Patina's advisory locks (the second is the job name's hash). */
const ADVISORY_NAMESPACE = 0x5041_5449; // "PATI"

/** The lock for a store's dialect. */
export function createJobLock(db: Kysely<Database>, dialect: DialectName): JobLock {
  return dialect === "postgres" ? advisoryLock(db) : inProcessLock();
}

function inProcessLock(): JobLock {
  const held = new Set<string>();
  return {
    async withLock(name, work) {
      if (held.has(name)) return "busy";
      held.add(name);
      try {
        await work();
        return "ran";
      } finally {
        held.delete(name);
      }
    },
  };
}

function advisoryLock(db: Kysely<Database>): JobLock {
  // Within one process the advisory lock is re-entrant per session, and two runs could get two
  // sessions; the in-process set keeps this process to one run per job first.
  const local = inProcessLock();
  return {
    async withLock(name, work) {
      let outcome: "ran" | "busy" = "busy";
      const ran = await local.withLock(name, () =>
        db.connection().execute(async (connection) => {
          const taken = await sql<{ taken: boolean }>`
            select pg_try_advisory_lock(${ADVISORY_NAMESPACE}, hashtext(${name})) as taken`.execute(connection);
          if (taken.rows[0]?.taken !== true) return;
          try {
            await work();
            outcome = "ran";
          } finally {
            await sql`select pg_advisory_unlock(${ADVISORY_NAMESPACE}, hashtext(${name}))`.execute(connection);
          }
        }),
      );
      return ran === "busy" ? "busy" : outcome;
    },
  };
}
