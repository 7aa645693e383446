/**
 * `POST /_apis/patina/leaks`: report token values seen in public. No authentication (whoever
 * found a token may report it); rate-limited per client address (the trusted-proxy-aware
 * `request.ip`); the body is a JSON array of at most 1000 strings of bounded length. The answer is
 * the same 202 and body whatever the values were: the work happens after it (leak-reports.ts).
 */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { sendApiError } from "../http/error-handler.js";
import type { RouteDeps } from "../http/route-deps.js";

/** Most values one report may carry. */
export const MAX_LEAK_VALUES = 1000;
/** Longest value accepted; a Patina token is well under 100 characters, a prefix at most 40 of them. */
export const MAX_LEAK_VALUE_LENGTH = 200;

const LeakBodySchema = Type.Array(Type.String({ minLength: 1, maxLength: MAX_LEAK_VALUE_LENGTH }), {
  minItems: 1,
  maxItems: MAX_LEAK_VALUES,
  description: "Values that may be Patina tokens",
});

/** Registers the leak report route. */
export function registerLeakRoutes(app: FastifyInstance, deps: RouteDeps) {
  const leaks = deps.services.leaks;
  app.post<{ Body: string[] }>(
    "/_apis/patina/leaks",
    {
      config: { noStore: true },
      // 1000 values of the longest length, quoted and separated, and room for whitespace.
      bodyLimit: MAX_LEAK_VALUES * (MAX_LEAK_VALUE_LENGTH + 8),
      // The limit comes before the body is read, parsed or validated.
      onRequest: (request, reply, done) => {
        const retryAfter = leaks.admit(request.ip);
        if (retryAfter === 0) return done();
        reply.header("Retry-After", String(retryAfter));
        sendApiError(reply, "tooManyRequests", "Too many leak reports from this address. Try again later.");
      },
      schema: {
        tags: ["Leaks"],
        summary:
          "Report token values seen in public; live Patina tokens are reported to their owners and revoked by policy",
        body: LeakBodySchema,
      },
    },
    async (request, reply) => {
      const userAgent = request.headers["user-agent"];
      const reporter = { clientIp: request.ip, userAgent: typeof userAgent === "string" ? userAgent : null };
      if (!leaks.submit(request.body, reporter)) {
        reply.header("Retry-After", "10");
        return sendApiError(
          reply,
          "serviceUnavailable",
          "Too many leak reports are waiting. Try again in a few seconds.",
        );
      }
      return reply.code(202).send({ received: request.body.length });
    },
  );
}
