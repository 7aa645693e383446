/**
 * Cross-instance cache invalidation. After a token changes, every process that may have it
 * cached must forget it. On PostgreSQL this is LISTEN/NOTIFY, so a revocation reaches every
 * instance within milliseconds; on SQLite (one server, plus CLI processes) the token cache's
 * short TTL is the bound.
 */
import { sql } from "kysely";
import pg from "pg";
import type { Store } from "./database.js";

const CHANNEL = "patina_token_changes";

export interface ChangeFeed {
  /** Announces that an authorization changed (after the change committed). */
  publish(authorizationId: string): Promise<void>;
  /** Starts delivering other processes' announcements; returns a function that stops. */
  subscribe(onChange: (authorizationId: string) => void, onError: (error: Error) => void): Promise<() => Promise<void>>;
}

/** Creates the change feed for a store. */
export function createChangeFeed(store: Store): ChangeFeed {
  const postgresUrl = store.postgresUrl;
  if (store.dialect !== "postgres" || postgresUrl === undefined) {
    return { publish: async () => {}, subscribe: async () => async () => {} };
  }
  return {
    async publish(authorizationId) {
      await sql`select pg_notify(${CHANNEL}, ${authorizationId})`.execute(store.db);
    },
    async subscribe(onChange, onError) {
      const client = new pg.Client({ connectionString: postgresUrl });
      client.on("error", onError);
      client.on("notification", (message) => {
        if (message.channel === CHANNEL && message.payload) onChange(message.payload);
      });
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      return async () => {
        await client.end();
      };
    },
  };
}
