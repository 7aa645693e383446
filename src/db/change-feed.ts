/**
 * Cross-instance cache invalidation. After a change commits, every process that may have cached
 * what it affects must forget it. On PostgreSQL the event is a NOTIFY sent inside the change's
 * transaction (PostgreSQL delivers it at commit, and never for a rollback), so a revocation
 * reaches every instance within milliseconds; on SQLite (one server, plus CLI processes) the
 * token cache's short TTL is the bound.
 */
import { sql } from "kysely";
import pg from "pg";
import { type ChangeEvent, parseChangeEvent } from "./change-events.js";
import type { Store } from "./database.js";
import type { Queryable } from "./query.js";

const CHANNEL = "patina_changes";

export interface ChangeFeed {
  /** Inside a transaction: announces the event to other processes when the transaction commits. */
  publish(trx: Queryable, event: ChangeEvent): Promise<void>;
  /** Starts delivering other processes' events; returns a function that stops. */
  subscribe(onChange: (event: ChangeEvent) => void, onError: (error: Error) => void): Promise<() => Promise<void>>;
}

/** Creates the change feed for a store. */
export function createChangeFeed(store: Store): ChangeFeed {
  const postgresUrl = store.postgresUrl;
  if (store.dialect !== "postgres" || postgresUrl === undefined) {
    return { publish: async () => {}, subscribe: async () => async () => {} };
  }
  return {
    async publish(trx, event) {
      await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`.execute(trx);
    },
    async subscribe(onChange, onError) {
      const client = new pg.Client({ connectionString: postgresUrl });
      client.on("error", onError);
      client.on("notification", (message) => {
        if (message.channel !== CHANNEL || !message.payload) return;
        const event = parseChangeEvent(message.payload);
        if (event !== undefined) onChange(event);
      });
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      return async () => {
        await client.end();
      };
    },
  };
}
