import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { Services } from "../services.js";

/**
 * Liveness and readiness probes; no authentication. Ready means: this process is not stopping
 * and its store answers now. A database outage therefore shows here as 503 (and as 503 with
 * Retry-After on every request that needs the store), never as a 500.
 */
export function registerHealthRoutes(app: FastifyInstance, services: Services) {
  const config = { skipApiVersion: true };
  const database = services.store.dialect;
  app.get("/healthz", { config, schema: { tags: ["Health"], summary: "Liveness" } }, async () => ({ status: "ok" }));
  app.get(
    "/readyz",
    { config, schema: { tags: ["Health"], summary: "Readiness: not stopping, and the store answers" } },
    async (_request, reply) => {
      if (services.readiness.draining) return reply.code(503).send({ status: "stopping", database });
      try {
        await sql`select 1`.execute(services.store.db);
        return { status: "ready", database };
      } catch {
        // Whatever the store's error, the probe says only "not ready": its text is for the server log.
        return reply.code(503).send({ status: "unavailable", database });
      }
    },
  );
}
