/**
 * Stopping the HTTP server gracefully, within a bound. The listening socket closes at once (new
 * connections are refused), idle keep-alive connections are closed, and requests in flight —
 * git clones and pushes included — run to their end; answers sent meanwhile carry
 * `Connection: close`. A request still running when the bound is reached has its connection cut
 * (a git backend behind it is stopped by its request's abort), so a stop always ends.
 */
import type { FastifyInstance } from "fastify";

/** How the server stopped: every request finished, or some were cut at the bound. */
export type DrainOutcome = "drained" | "cut";

/** Closes `server`, cutting whatever is still open after `boundMs`. */
export async function closeWithin(server: FastifyInstance, boundMs: number): Promise<DrainOutcome> {
  let outcome: DrainOutcome = "drained";
  const timer = setTimeout(() => {
    outcome = "cut";
    server.server.closeAllConnections();
  }, boundMs);
  try {
    await server.close();
  } finally {
    clearTimeout(timer);
  }
  return outcome;
}
