/**
 * The PostgreSQL pool as Kysely and the token lookup use it, with outages made recognisable.
 *
 * node-postgres reports a lost or refused connection with errors that carry no SQLSTATE
 * ("Connection terminated unexpectedly", a connect timeout, a client no longer queryable). Here,
 * where the origin is known, every failure of a connect or a query that is not the server's own
 * error answer (pg.DatabaseError) becomes a StoreUnavailableError, so the rest of Patina tells an
 * outage from a bug by type and code. The pool itself replaces broken clients: a client that
 * failed is discarded when released, and the next checkout opens a new connection.
 */
import type { PostgresPool, PostgresPoolClient } from "kysely";
import pg from "pg";
import { StoreUnavailableError } from "./store-unavailable.js";

/** How long a checkout waits for a connection before the request is answered 503. */
const CONNECT_TIMEOUT_MS = 5000;

/** A pooled connection's failure as Patina sees it: the server's errors as they are, the rest wrapped. */
export function asStoreError(error: unknown): unknown {
  return error instanceof pg.DatabaseError || error instanceof StoreUnavailableError
    ? error
    : new StoreUnavailableError(error);
}

const rethrow = (error: unknown): never => {
  throw asStoreError(error);
};

/** Opens the pool (lazily: no connection until the first query). */
export function createPostgresPool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Probes notice a peer that vanished without a reset (a dead network), so a query fails instead of hanging.
    keepAlive: true,
  });
  // An idle client that loses its connection emits 'error'; without a listener the process dies.
  pool.on("error", () => {});
  return pool;
}

/** The query in flight gets the same error; it is handled (and answered 503) there. */
function ignoreWhileCheckedOut(): void {}

/** The pool as Kysely's PostgresDialect takes it, with failures wrapped (see the file comment). */
export function kyselyPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect().catch(rethrow);
      // The pool listens for errors only on idle clients. A checked-out client whose connection
      // drops emits 'error' too (besides failing its query), and an 'error' nobody listens for
      // ends the process: so one is listened for here until the client goes back. The client is
      // then unqueryable, and the pool discards it on release.
      client.on("error", ignoreWhileCheckedOut);
      const query = (text: string, parameters: ReadonlyArray<unknown>) =>
        client.query(text, [...parameters]).catch(rethrow);
      const release = () => {
        client.removeListener("error", ignoreWhileCheckedOut);
        client.release();
      };
      // Kysely is given no cursor class, so only the (sql, parameters) form is ever called.
      return { query: query as unknown as PostgresPoolClient["query"], release };
    },
    end: () => pool.end(),
  };
}
