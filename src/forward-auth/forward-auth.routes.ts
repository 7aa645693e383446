/*
 * `GET /_apis/patina/forward-auth`: the verdict a reverse proxy (nginx `auth_request`, Traefik
 * `ForwardAuth`) asks for before passing a request to the service it guards (SPEC section 10).
 *
 * Model: the proxy sends the client's Authorization header and the original method and URI;
 * Patina answers 200 with the caller's identity in `X-Patina-*` headers, or 401/403, which the
 * proxy relays. Deny by default: a missing rule, a path in any ambiguous form (see
 * request-path.ts) or disagreeing headers (see original-request.ts) is a 403, never a match.
 * Credential failures are one 401 whatever the reason, as everywhere; the reason is logged with
 * the token's id, never its value, and the logged path has token-like segments redacted.
 * Answers are `no-store`, so no cache between proxy and Patina can replay a verdict for another
 * token.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AuthenticationPolicy } from "../auth/authentication.js";
import { isVerifiedToken } from "../auth/verified-token.js";
import { USER_DATA_HEADER, userDataOf } from "../http/correlation.js";
import { sendApiError } from "../http/error-handler.js";
import { sendRefusal } from "../http/guard.js";
import type { RouteDeps } from "../http/route-deps.js";
import { markFailureLogged } from "../logger.js";
import { registerIntrospectionRoute } from "./introspect.routes.js";
import { loggableOriginalPath } from "./loggable-path.js";
import { readOriginalRequest } from "./original-request.js";
import { normalizeRequestPath } from "./request-path.js";
import { findRule } from "./rules.js";

/** Where proxies ask for a verdict. */
export const FORWARD_AUTH_PATH = "/_apis/patina/forward-auth";

const MISSING_HEADERS_MESSAGE =
  "Forward-auth needs the original request: X-Original-Method and X-Original-URI (nginx) or X-Forwarded-Method and X-Forwarded-Uri (Traefik).";

/**
 * The Authorization header only (a proxy forwards no session of ours). Failures are always the
 * 401 a proxy relays, never a 429: nginx's auth_request treats any other status as an internal
 * error, and every client of the proxy shares the proxy's address.
 */
const FORWARD_AUTH: AuthenticationPolicy = Object.freeze({
  via: "forward-auth",
  acceptSession: false,
  throttle: false,
});

/** Registers forward-auth and token introspection. */
export async function registerForwardAuthRoutes(app: FastifyInstance, deps: RouteDeps) {
  const { config, failureLog } = deps.services;
  const rules = config.forwardAuthRules;

  // A request no rule allows: one log line (no second one from the error response).
  const deny = (request: FastifyRequest, reply: FastifyReply, reason: string, message: string, fields = {}) => {
    failureLog.write({ reqId: request.id, via: "forward-auth", status: 403, reason, ...fields }, "forward-auth denied");
    markFailureLogged(request);
    return sendApiError(reply, "forbidden", message);
  };

  app.get(
    FORWARD_AUTH_PATH,
    {
      config: { skipApiVersion: true, noStore: true },
      schema: {
        tags: ["Forward auth"],
        summary: "Verdict for a reverse proxy: may the original request (X-Original-* or X-Forwarded-*) pass?",
        description:
          "200 with the caller's identity in X-Patina-User, X-Patina-Token-Id and X-Patina-Scopes; 401 for a missing or invalid token; 403 when no rule allows the request or the token lacks its scope or role.",
      },
    },
    async (request, reply) => {
      const original = readOriginalRequest(request.raw.rawHeaders);
      if (!original.ok) {
        if (original.reason === "missing") {
          request.log.warn({ reqId: request.id }, "forward-auth request without the original method or URI");
          return sendApiError(reply, "badRequest", MISSING_HEADERS_MESSAGE);
        }
        return deny(request, reply, original.reason, "The original request's method or URI is ambiguous.");
      }
      const path = normalizeRequestPath(original.uri);
      if (!path.ok) {
        return deny(request, reply, path.reason, "The request path is not in a plain, unambiguous form.", {
          originalMethod: original.method,
        });
      }
      // Logged on refusal: with any token pasted into the URL redacted.
      const where = { originalMethod: original.method, path: loggableOriginalPath(path.path, config.tokenPrefix) };
      const rule = findRule(rules, original.method, path.segments);
      if (rule === undefined) return deny(request, reply, "noRule", "No forward-auth rule allows this request.", where);

      const pending = deps.authenticator.authenticate(request, rule, rule.org, FORWARD_AUTH, {
        ...where,
        rule: rule.position,
      });
      const outcome = pending instanceof Promise ? await pending : pending;
      if (!outcome.ok) return sendRefusal(reply, outcome);
      const token = outcome.subject;
      // Only tokens get here: this policy accepts no session.
      if (!isVerifiedToken(token)) throw new Error("forward-auth admitted a credential that is not a token");
      return (
        reply
          .header("x-patina-user", token.owner.username)
          .header("x-patina-token-id", token.authorizationId)
          .header("x-patina-scopes", token.scopes.join(" "))
          // What Azure DevOps answers its own API calls with; a proxy may pass it on.
          .header(USER_DATA_HEADER, userDataOf(token.owner))
          .code(200)
          .send()
      );
    },
  );

  await registerIntrospectionRoute(app, deps);
}
