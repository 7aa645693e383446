/**
 * `GET /metrics`: Prometheus text format, offered as PATINA_METRICS says: `off` (no route:
 * 404), `open` (no credential: for a scraper on a trusted network) or `token` (the default: a
 * token or session of an instance administrator granting `patina.metrics`, which Full access
 * does not include).
 *
 * The latency hook is added before any route (Fastify applies hooks to routes registered after
 * them), and only when metrics are on: with `off`, responses cost nothing extra.
 */
import type { FastifyInstance } from "fastify";
import type { RouteDeps } from "../http/route-deps.js";
import type { Services } from "../services.js";
import { createMetrics, type PatinaMetrics } from "./metrics-registry.js";

/** The scope that lets an instance administrator's token read /metrics. */
export const METRICS_SCOPE = "patina.metrics";

/** Where the metrics are served. */
export const METRICS_PATH = "/metrics";

/** Creates the metrics and adds the latency hook, unless metrics are off; call before registering routes. */
export function addRequestMetrics(app: FastifyInstance, services: Services): PatinaMetrics | undefined {
  if (services.config.metrics === "off") return undefined;
  const metrics = createMetrics({
    counts: services.authentication.counts,
    gitSlots: services.gitSlots,
    sources: services.metricsSources,
  });
  // Each route gets its own latency hook with its template; only unmatched requests use the app's.
  app.addHook("onRoute", (route) => {
    const own = metrics.latency.forRoute(route.url);
    const existing = route.onResponse;
    route.onResponse = existing === undefined ? [own] : [...(Array.isArray(existing) ? existing : [existing]), own];
  });
  app.addHook("onResponse", metrics.latency.unmatched);
  return metrics;
}

/** Registers `GET /metrics` (nothing when metrics are off). */
export function registerMetricsRoute(app: FastifyInstance, deps: RouteDeps, metrics: PatinaMetrics | undefined) {
  if (metrics === undefined) return;
  const open = deps.services.config.metrics === "open";
  app.get(
    METRICS_PATH,
    {
      ...(open ? {} : { onRequest: deps.guard({ scope: METRICS_SCOPE, instanceAdmin: true }) }),
      config: { noStore: true },
      schema: { tags: ["Metrics"], summary: "Prometheus metrics (PATINA_METRICS: open, or token with patina.metrics)" },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
