/**
 * The request latency histogram's hot half: one observation per response, by route template,
 * method and status class. The labelled child is looked up through nested maps of strings the
 * request already has (Fastify's route template, the method), so a response builds no label
 * key or object once its combination has been seen.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Histogram } from "prom-client";

/** The route label of requests that matched no route: never the URL a client sent. */
export const UNMATCHED_ROUTE = "(unmatched)";

const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;

type Observer = Histogram.Internal<"method" | "route" | "status_class">;

/** Returns the onResponse observer over `histogram` (seconds). */
export function createLatencyObserver(histogram: Histogram<"method" | "route" | "status_class">) {
  const byRoute = new Map<string, Map<string, Observer[]>>();
  const observerFor = (route: string, method: string, statusIndex: number): Observer => {
    let byMethod = byRoute.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      byRoute.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) {
      byStatus = [];
      byMethod.set(method, byStatus);
    }
    let observer = byStatus[statusIndex];
    if (observer === undefined) {
      const statusClass = STATUS_CLASSES[statusIndex] ?? "5xx";
      observer = histogram.labels({ method, route, status_class: statusClass });
      byStatus[statusIndex] = observer;
    }
    return observer;
  };
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const statusIndex = Math.min(Math.max(Math.floor(reply.statusCode / 100) - 1, 0), 4);
    // A method outside the routes' own cannot reach a route; it counts as unmatched too.
    const route = request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE);
    const method = route === UNMATCHED_ROUTE ? "other" : request.method;
    observerFor(route, method, statusIndex).observe(reply.elapsedTime / 1000);
    done();
  };
}
