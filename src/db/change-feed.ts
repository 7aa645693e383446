/**
 * Cross-process cache invalidation. After a change commits, every process that may have cached
 * what it affects must forget it; a missed change is a revoked token that keeps working.
 *
 * - PostgreSQL (several instances): the event is a NOTIFY sent inside the change's transaction,
 *   so PostgreSQL delivers it at commit and never for a rollback. The listening connection
 *   reconnects by itself and, since events sent while it was away are lost, every (re)connect
 *   asks the caches to forget everything (postgres-change-listener.ts).
 * - SQLite (one server, plus CLI processes on the same file): the event is a row in the change
 *   log written in the change's transaction; the server polls for new rows every 100 ms
 *   (sqlite-change-log.ts).
 *
 * The token cache TTL stays the last resort for an event that could not arrive at all.
 * A process skips its own events: it applied them to its caches when they committed.
 */
import type { Logger } from "pino";
import { newUuid } from "../ids.js";
import { ChangeBarriers, LISTENER_NAME_PREFIX, parseBarrierMessage } from "./change-barrier.js";
import { type ChangeEvent, parseChangeEvent } from "./change-events.js";
import type { Store } from "./database.js";
import { listenOnPostgres, notifyOnPostgres } from "./postgres-change-listener.js";
import type { Queryable } from "./query.js";
import { pollChangeLog, recordInChangeLog } from "./sqlite-change-log.js";

/** What a subscriber does with other processes' changes. */
export interface ChangeListener {
  /** Another process committed this change; a promise when applying it finishes later (a policy reload). */
  changed(event: ChangeEvent): void | Promise<void>;
  /** Changes may have been missed (the feed connected or reconnected): forget everything cached. */
  resync(): void;
}

export interface ChangeFeed {
  /** Inside a transaction: announces the event to other processes when the transaction commits. */
  publish(trx: Queryable, event: ChangeEvent): Promise<void>;
  /** Starts delivering other processes' events; returns a function that stops. */
  subscribe(listener: ChangeListener): Promise<() => Promise<void>>;
  /**
   * After a commit: resolves once every other live instance has applied every change this one
   * committed before the call (bounded; see change-barrier.ts). At once on SQLite (one server).
   */
  settle(): Promise<void>;
}

/** Creates the change feed for a store. */
export function createChangeFeed(store: Store, logger: Logger): ChangeFeed {
  const origin = newUuid();
  const postgresUrl = store.postgresUrl;
  if (store.dialect === "postgres" && postgresUrl !== undefined) {
    const barriers = new ChangeBarriers(store.db, origin, notifyOnPostgres, logger);
    // Only a subscribed feed hears acknowledgements: a CLI process (which caches nothing) announces and goes.
    let listening = false;
    return {
      publish: (trx, event) => notifyOnPostgres(trx, encodeChange(event, origin)),
      async subscribe(listener) {
        const stop = await listenOnPostgres(
          postgresUrl,
          fromOthers(origin, listener, barriers),
          logger,
          `${LISTENER_NAME_PREFIX}${origin}`,
        );
        listening = true;
        return async () => {
          listening = false;
          await stop();
        };
      },
      settle: () => (listening ? barriers.settle() : Promise.resolve()),
    };
  }
  return {
    publish: (trx, event) => recordInChangeLog(trx, JSON.stringify(event), origin),
    subscribe: (listener) => pollChangeLog(store.db, origin, listener, logger),
    settle: () => Promise.resolve(),
  };
}

/** A change as another process receives it: the event and the id of the feed that sent it. */
export interface ReceivedChange {
  readonly event: ChangeEvent;
  readonly origin: string;
}

/** The payload of a change on the wire: the event with its sender's feed id. */
export function encodeChange(event: ChangeEvent, origin: string): string {
  return JSON.stringify({ ...event, origin });
}

/** Parses a received payload; undefined for anything malformed. */
export function decodeChange(payload: string): ReceivedChange | undefined {
  const event = parseChangeEvent(payload);
  if (event === undefined) return undefined;
  const { origin } = JSON.parse(payload) as { origin?: unknown };
  return { event, origin: typeof origin === "string" ? origin : "" };
}

/** Receives payloads, passing on only other processes' well-formed events, and barrier messages to the barriers. */
function fromOthers(
  origin: string,
  listener: ChangeListener,
  barriers: ChangeBarriers,
): { payload(text: string): void; resync(): void } {
  return {
    payload(text) {
      const barrier = parseBarrierMessage(text);
      if (barrier !== undefined) {
        barriers.received(barrier);
        return;
      }
      const received = decodeChange(text);
      if (received !== undefined && received.origin !== origin) barriers.applying(listener.changed(received.event));
    },
    resync: () => listener.resync(),
  };
}
