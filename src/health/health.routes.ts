import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { Services } from "../services.js";

/** Liveness and readiness probes; no authentication. */
export function registerHealthRoutes(app: FastifyInstance, services: Services) {
  const config = { skipApiVersion: true };
  app.get("/healthz", { config, schema: { tags: ["Health"], summary: "Liveness" } }, async () => ({ status: "ok" }));
  app.get(
    "/readyz",
    { config, schema: { tags: ["Health"], summary: "Readiness: the store answers" } },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(services.store.db);
        return { status: "ready", database: services.store.dialect };
      } catch {
        return reply.code(503).send({ status: "unavailable", database: services.store.dialect });
      }
    },
  );
}
