/**
 * The PostgreSQL half of the change feed: NOTIFY inside the change's transaction, and one
 * LISTEN connection per server process that comes back by itself.
 *
 * Threat: a listener that silently stops hearing, so revocations on other instances wait for
 * the cache TTL. A dropped connection (failover, restart, an operator's pg_terminate_backend,
 * a dead network noticed by TCP keepalive) is logged and retried with a bounded backoff; on
 * every (re)connect, once LISTEN is in place, the caches are cleared, because whatever was sent
 * while the connection was down is gone. Logs carry the driver's message and code, never the
 * connection string.
 */
import { sql } from "kysely";
import pg from "pg";
import type { Logger } from "pino";
import type { Queryable } from "./query.js";

const CHANNEL = "patina_changes";
/** How the listening connection shows in pg_stat_activity (the change feed adds its id: change-barrier.ts). */
export const LISTENER_APPLICATION_NAME = "patina-change-feed";
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;
const KEEPALIVE_IDLE_MS = 10_000;

/** Inside a transaction: PostgreSQL delivers the payload to every listener when it commits. */
export async function notifyOnPostgres(trx: Queryable, payload: string): Promise<void> {
  await sql`select pg_notify(${CHANNEL}, ${payload})`.execute(trx);
}

/** What the listener hands on: every payload received, and "maybe missed some" on (re)connect. */
export interface PayloadListener {
  payload(text: string): void;
  resync(): void;
}

/** Listens until stopped, reconnecting after every drop; resolves after the first attempt. */
export async function listenOnPostgres(
  url: string,
  listener: PayloadListener,
  logger: Logger,
  applicationName = LISTENER_APPLICATION_NAME,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let connectedBefore = false;
  let stopped = false;

  async function connect(): Promise<void> {
    const candidate = new pg.Client({
      connectionString: url,
      application_name: applicationName,
      // An idle listener sends nothing; keepalive probes are what notice a peer that vanished.
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
    });
    candidate.on("notification", (message) => {
      if (message.channel === CHANNEL && message.payload) listener.payload(message.payload);
    });
    // After a successful connect, 'error' and 'end' both mean the connection is gone.
    candidate.on("error", (error) => lost(candidate, error));
    candidate.on("end", () => lost(candidate, undefined));
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      candidate.end().catch(() => {});
      failures += 1;
      // About once a minute at the longest backoff, so an outage cannot flood the log.
      if (failures === 1 || failures % 12 === 0) {
        logger.warn({ reason: describe(error), attempt: failures }, "change feed cannot connect; retrying");
      }
      retryLater();
      return;
    }
    if (stopped) {
      await candidate.end().catch(() => {});
      return;
    }
    client = candidate;
    failures = 0;
    listener.resync();
    if (connectedBefore) logger.info("change feed reconnected; caches cleared");
    else logger.debug("change feed listening");
    connectedBefore = true;
  }

  function lost(which: pg.Client, error: Error | undefined): void {
    if (which !== client || stopped) return;
    client = undefined;
    which.end().catch(() => {});
    logger.warn(
      { reason: error === undefined ? "connection ended" : describe(error) },
      "change feed connection lost; reconnecting (the token cache TTL bounds staleness meanwhile)",
    );
    retryLater();
  }

  function retryLater(): void {
    if (stopped) return;
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
    retryTimer = setTimeout(() => {
      connect().catch((error: unknown) => {
        logger.error({ reason: describe(error) }, "change feed reconnect failed; retrying");
        retryLater();
      });
    }, delay);
    retryTimer.unref();
  }

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    const current = client;
    client = undefined;
    await current?.end().catch(() => {});
  };
}

/** A driver error as a short, secret-free description. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${code}: ${error.message}` : error.message;
}
