/**
 * HTTP pieces shared by the session routes and the guard: the Session view, setting and clearing
 * the cookie, the JSON-only rule for sign-in posts, and 401s without a Basic challenge.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import type { Static } from "typebox";
import { azureErrorBody } from "../http/error-catalog.js";
import { sendApiError } from "../http/error-handler.js";
import { failureLogOf, markFailureLogged } from "../logger.js";
import type { SessionSchema } from "./session.schemas.js";
import type { ActiveSession } from "./session.service.js";
import { clearedSessionCookie, sessionCookie } from "./session-cookie.js";
import type { ClientInfo } from "./sign-in.js";

/** The Session body the web UI reads; `expiryNoticeDays` is the configured notice days (config). */
export function sessionView(session: ActiveSession, expiryNoticeDays: readonly number[]): Static<typeof SessionSchema> {
  const { owner, memberships } = session.subject;
  return {
    signInMethod: session.signInMethod,
    authenticatedAt: session.authenticatedAt.toISOString(),
    mfaEnrolmentRequired: session.mfaEnrolmentRequired,
    user: {
      id: owner.id,
      username: owner.username,
      displayName: owner.displayName,
      email: owner.email,
      isAdmin: owner.isAdmin,
    },
    csrfToken: session.csrfToken,
    organizations: [...memberships.values()].map((m) => ({ id: m.orgId, name: m.orgName, role: m.role })),
    expiresAt: session.expiresAt.toISOString(),
    expiryNoticeDays: [...expiryNoticeDays],
  };
}

/** Where a request came from. */
export function clientOf(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers["user-agent"];
  return { ip: request.ip, userAgent: typeof userAgent === "string" ? userAgent : null };
}

/** Sets the session cookie on a reply. The CSRF secret travels in the body, so nothing may cache it. */
export function setSessionCookie(reply: FastifyReply, id: string, maxAgeSeconds: number, secure: boolean) {
  reply.header("Set-Cookie", sessionCookie(id, maxAgeSeconds, secure)).header("Cache-Control", "no-store");
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  reply.header("Set-Cookie", clearedSessionCookie(secure)).header("Cache-Control", "no-store");
}

/**
 * Route hook: the body must be declared JSON. A cross-site HTML form can only send form
 * encodings or text/plain, so this (with SameSite=Lax) stops login CSRF; it is checked before
 * the body is parsed, whatever parsers the server has.
 */
export function requireJsonBody(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const type = request.headers["content-type"];
  if (typeof type === "string" && /^application\/json\s*(;|$)/i.test(type)) {
    done();
    return;
  }
  sendApiError(reply, "unsupportedMediaType", "Send the request body as application/json.");
}

/**
 * A 401 without `WWW-Authenticate: Basic`: browsers answer that challenge with their own
 * password dialog, which must not pop up over the web UI. Clients using tokens still get the
 * challenge from the guard.
 */
export function sendUnauthenticated(reply: FastifyReply, message: string, reason = "unauthorized"): FastifyReply {
  const request = reply.request;
  // One line per failure, through the shared rate limit (logger.ts): a flood of stale cookies or
  // wrong passwords cannot fill the disk. The route template, not the URL: nothing typed is logged.
  const fields = { reqId: request.id, method: request.method, route: request.routeOptions.url, status: 401, reason };
  failureLogOf(reply.log).write(fields, "request failed");
  markFailureLogged(request);
  return reply.code(401).type("application/json; charset=utf-8").send(azureErrorBody("unauthorized", message));
}
