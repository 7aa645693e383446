/** The session of a request for Patina's own session-only routes (sessions, password, passkeys), or the refusal already sent. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { sendApiError } from "../http/error-handler.js";
import { CSRF_HEADER, csrfMatches } from "./csrf.js";
import type { ActiveSession, SessionService } from "./session.service.js";
import { clearSessionCookie, sendUnauthenticated } from "./session-http.js";

/** Creates the two lookups over a session service. */
export function createSessionAccess(sessions: SessionService, secureCookie: boolean) {
  /** The caller's session, or a 401 (and the stale cookie removed) already sent. */
  async function sessionOf(request: FastifyRequest, reply: FastifyReply): Promise<ActiveSession | undefined> {
    const result = await sessions.authenticate(request.headers.cookie);
    if (result.ok) return result.session;
    clearSessionCookie(reply, secureCookie);
    sendUnauthenticated(reply, "You are not signed in, or your session has ended. Sign in again.", result.reason);
    return undefined;
  }

  /** A session whose CSRF header matches, or undefined with the 401/403 already sent. */
  async function writableSessionOf(request: FastifyRequest, reply: FastifyReply) {
    const session = await sessionOf(request, reply);
    if (session === undefined || csrfMatches(request.headers[CSRF_HEADER], session.csrfToken)) return session;
    // sendApiError logs the refusal (rate-limited) as forbidden.
    sendApiError(reply, "forbidden", "This request needs the X-Patina-CSRF header of your session.");
    return undefined;
  }

  return { sessionOf, writableSessionOf };
}
