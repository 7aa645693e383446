/**
 * "No request begun after a change returned is answered from a stale cache, on any instance."
 *
 * NOTIFY alone is asynchronous: the instance that revoked a token answers at once, while the
 * others apply the event a few milliseconds later; a request begun in between would succeed.
 * So the request that made a change waits, before answering, until every live instance has
 * applied it (bounded by BARRIER_TIMEOUT_MS).
 *
 * How, with no table and no write per verification:
 * - Every instance's LISTEN connection carries its feed id in `application_name`
 *   (`patina-change-feed:<id>`), so pg_stat_activity is the list of live instances; a crashed
 *   instance's connection leaves that list by itself.
 * - After its change commits, the instance sends a barrier (a NOTIFY on the same channel).
 *   PostgreSQL delivers notifications in commit order, so every listener receives the change
 *   before the barrier; each applies what it received, in order, and then acknowledges the
 *   barrier (another NOTIFY, carrying its id).
 * - The change's request waits until every live instance listed (but itself) acknowledged.
 *   An instance that does not, within the bound, is logged by id; its cache is then bounded by
 *   the token cache TTL, as before.
 * Barriers asked for while one is still forming are shared (a "revoke all" of many tokens sends
 * one). SQLite (one server process) never waits.
 */
import { sql } from "kysely";
import type { Logger } from "pino";
import { newUuid } from "../ids.js";
import type { Queryable } from "./query.js";

/** How long a change's request waits for the other instances' acknowledgements at most. */
export const BARRIER_TIMEOUT_MS = 250;
/** The prefix of every listener's application_name; the feed id follows the colon. */
export const LISTENER_NAME_PREFIX = "patina-change-feed:";

/** The barrier and acknowledgement messages, on the change channel (change events have a `kind` instead). */
export type BarrierMessage = { barrier: string; origin: string } | { ack: string; origin: string };

/** Parses a barrier message; undefined for anything else (a change event, or malformed). */
export function parseBarrierMessage(payload: string): BarrierMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const message = parsed as Record<string, unknown>;
  if (typeof message.origin !== "string") return undefined;
  if (typeof message.barrier === "string") return { barrier: message.barrier, origin: message.origin };
  if (typeof message.ack === "string") return { ack: message.ack, origin: message.origin };
  return undefined;
}

interface Waiter {
  readonly missing: Set<string>;
  done(): void;
}

/** One instance's side of barriers: sending its own and waiting, and acknowledging others'. */
export class ChangeBarriers {
  readonly #waiters = new Map<string, Waiter>();
  #forming: Promise<void> | null = null;
  /** Resolves when everything received so far is applied (policy reloads are asynchronous). */
  #applied: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Queryable,
    private readonly origin: string,
    private readonly notify: (trx: Queryable, payload: string) => Promise<void>,
    private readonly logger: Logger,
    private readonly timeoutMs = BARRIER_TIMEOUT_MS,
  ) {}

  /** Resolves once every live instance applied every change this one committed before the call (bounded). */
  settle(): Promise<void> {
    if (this.#forming !== null) return this.#forming;
    const forming = Promise.resolve().then(() => this.#send());
    this.#forming = forming;
    return forming;
  }

  /** Notes that a received change is being applied (the promise, if its application is asynchronous). */
  applying(result: void | Promise<void>): void {
    if (result instanceof Promise) this.#applied = Promise.all([this.#applied, result]).then(() => {});
  }

  /** Handles a barrier message received from the channel. */
  received(message: BarrierMessage): void {
    if ("barrier" in message) {
      if (message.origin === this.origin) return;
      const ack = JSON.stringify({ ack: message.barrier, origin: this.origin });
      // After everything received before the barrier is applied: that is what the ack says.
      this.#applied
        .then(() => this.notify(this.db, ack))
        .catch((error: unknown) => this.logger.warn({ err: error }, "change barrier acknowledgement failed"));
      return;
    }
    const waiter = this.#waiters.get(message.ack);
    if (waiter === undefined) return;
    waiter.missing.delete(message.origin);
    if (waiter.missing.size === 0) waiter.done();
  }

  async #send(): Promise<void> {
    try {
      const live = await this.#liveInstances();
      // From here on, a later change needs a later barrier.
      this.#forming = null;
      live.delete(this.origin);
      if (live.size === 0) return;
      const id = newUuid();
      let timer: NodeJS.Timeout | undefined;
      const acknowledged = new Promise<void>((resolve) => {
        const waiter: Waiter = { missing: live, done: () => resolve() };
        this.#waiters.set(id, waiter);
        timer = setTimeout(() => {
          this.logger.warn(
            { instances: [...live], timeoutMs: this.timeoutMs },
            "change not acknowledged in time by every instance; their token caches expire by their TTL",
          );
          resolve();
        }, this.timeoutMs);
      });
      try {
        await this.notify(this.db, JSON.stringify({ barrier: id, origin: this.origin }));
        await acknowledged;
      } finally {
        clearTimeout(timer);
        this.#waiters.delete(id);
      }
    } catch (error) {
      // The change is committed and applied here; a failed wait is logged, never the request's failure.
      this.#forming = null;
      this.logger.warn({ err: error }, "change barrier failed; other instances apply the change on its event");
    }
  }

  /** The feed ids of every instance listening on this database now. */
  async #liveInstances(): Promise<Set<string>> {
    const pattern = `${LISTENER_NAME_PREFIX}%`;
    const { rows } = await sql<{ name: string }>`
      select application_name as name from pg_stat_activity
       where datname = current_database() and application_name like ${pattern}`.execute(this.db);
    return new Set(rows.map((row) => row.name.slice(LISTENER_NAME_PREFIX.length)));
  }
}
