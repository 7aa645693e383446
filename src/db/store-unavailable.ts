/**
 * "The store cannot answer right now" — a database outage, not a bug. Requests that need the
 * store then get a 503 with Retry-After (http/error-handler.ts) instead of a 500, and readiness
 * says 503 until the store answers again.
 *
 * Recognised by error code, never by the driver's message (which is neither stable nor fit for
 * a client): PostgreSQL's connection-class SQLSTATEs, the network errors of a socket that could
 * not connect or was cut, SQLite's busy and locked results, and the errors the PostgreSQL pool
 * adapter wraps because the server sent no SQLSTATE at all (postgres-pool.ts).
 */

/** A store failure without an SQLSTATE: the connection failed or was lost (the driver's error is the cause). */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  readonly code = "PATINA_STORE_UNAVAILABLE";
  constructor(cause: unknown) {
    super("the database connection failed or was lost", { cause });
  }
}

/** Socket errors of a connection that could not be made or was cut. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * PostgreSQL SQLSTATEs that mean "not now": class 08 (connection exception), 57P01–57P03
 * (administrator or crash shutdown, e.g. pg_terminate_backend; cannot connect now, e.g. during
 * recovery) and 53300 (too many connections).
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";
}

/** SQLite's "another connection holds the lock" results, plain and extended (SQLITE_BUSY_SNAPSHOT …). */
const SQLITE_BUSY_OR_LOCKED = /^SQLITE_(?:BUSY|LOCKED)(?:_[A-Z]+)?$/;

/** True when an error means the store is unreachable or busy right now (retry later), not a bug. */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return false;
  return (
    NETWORK_CODES.has(code) ||
    SQLITE_BUSY_OR_LOCKED.test(code) ||
    (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code))
  );
}
