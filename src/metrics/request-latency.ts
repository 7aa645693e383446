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

type LatencyHook = (request: FastifyRequest, reply: FastifyReply, done: () => void) => void;

/** The onResponse hooks over `histogram` (seconds): one per route, and one for unmatched requests. */
export function createLatencyObservers(histogram: Histogram<"method" | "route" | "status_class">) {
  const observe = (byMethod: Map<string, Observer[]>, route: string, method: string, reply: FastifyReply) => {
    const statusIndex = Math.min(Math.max(Math.floor(reply.statusCode / 100) - 1, 0), 4);
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) {
      byStatus = [];
      byMethod.set(method, byStatus);
    }
    let observer = byStatus[statusIndex];
    if (observer === undefined) {
      observer = histogram.labels({ method, route, status_class: STATUS_CLASSES[statusIndex] ?? "5xx" });
      byStatus[statusIndex] = observer;
    }
    observer.observe(reply.elapsedTime / 1000);
  };
  const unmatched = new Map<string, Observer[]>();
  return {
    /**
     * The hook of one route, its template fixed when the route is registered: reading
     * `request.routeOptions` per response would build a new object each time (a getter).
     */
    forRoute(route: string): LatencyHook {
      const byMethod = new Map<string, Observer[]>();
      return (request, reply, done) => {
        observe(byMethod, route, request.method, reply);
        done();
      };
    },
    /** The app-wide hook: counts only requests no route matched, never by the URL a client sent. */
    unmatched: ((request, reply, done) => {
      if (request.is404) observe(unmatched, UNMATCHED_ROUTE, "other", reply);
      done();
    }) satisfies LatencyHook,
  };
}
