/**
 * Patina's own session routes for the web UI: sign in (`POST /_apis/patina/session`), who am I
 * (`GET`), sign out (`DELETE`), and change password (`PUT /_apis/patina/password`). Outside the
 * Azure DevOps dialect, so no api-version; errors still use its error body.
 */
import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import { Type } from "typebox";
import { recordAuditEvent } from "../audit/audit-log.js";
import { sendApiError } from "../http/error-handler.js";
import {
  PasswordChangeRequestSchema,
  SecondFactorRequiredSchema,
  SessionSchema,
  SignInRequestSchema,
} from "./session.schemas.js";
import { createSessionAccess } from "./session-access.js";
import { pendingSignInCookie } from "./session-cookie.js";
import type { SessionFeature } from "./session-feature.js";
import {
  clearSessionCookie,
  clientOf,
  requireJsonBody,
  sendUnauthenticated,
  sessionView,
  setSessionCookie,
} from "./session-http.js";
import { actorOf } from "./sign-in.js";

const TAGS = ["Sessions"];
const SESSION_URL = "/_apis/patina/session";

/** The one message for every failed sign-in, whatever the reason. */
export const SIGN_IN_FAILED_MESSAGE = "The user name or password is incorrect.";

/** The policy passwordSignIn=breakGlassOnly refuses this account's password. */
export const PASSWORD_SIGN_IN_DISABLED_MESSAGE =
  "Password sign-in is turned off for this account by the instance policy. Sign in with single sign-on.";

/** Registers the session and password routes. */
export function registerSessionRoutes(app: FastifyInstance, feature: SessionFeature) {
  const { sessions, secureCookie, clock, db } = feature;
  const config = { skipApiVersion: true };
  const ok = { 200: SessionSchema };

  const { sessionOf, writableSessionOf } = createSessionAccess(sessions, secureCookie);

  app.post<{ Body: Static<typeof SignInRequestSchema> }>(
    SESSION_URL,
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary: "Sign in; sets the session cookie, or asks for a second factor",
        body: SignInRequestSchema,
        response: { 200: Type.Union([SessionSchema, SecondFactorRequiredSchema]) },
      },
    },
    async (request, reply) => {
      const result = await feature.signIn(request.body.username, request.body.password, clientOf(request));
      if (result.ok) {
        setSessionCookie(reply, result.session.id, result.session.maxAgeSeconds, secureCookie);
        return sessionView(result.session, feature.expiryNoticeDays);
      }
      if (result.reason === "secondFactorRequired") {
        reply.header("Set-Cookie", pendingSignInCookie(result.pendingId, result.maxAgeSeconds, secureCookie));
        reply.header("Cache-Control", "no-store");
        return { secondFactorRequired: true as const, methods: [...result.methods] };
      }
      if (result.reason === "throttled") {
        reply.header("Retry-After", String(result.retryAfterSeconds));
        const wait = `${result.retryAfterSeconds} second${result.retryAfterSeconds === 1 ? "" : "s"}`;
        return sendApiError(reply, "tooManyRequests", `Too many failed sign-ins. Try again in ${wait}.`);
      }
      if (result.reason === "passwordSignInDisabled") {
        return sendApiError(reply, "forbidden", PASSWORD_SIGN_IN_DISABLED_MESSAGE);
      }
      return sendUnauthenticated(reply, SIGN_IN_FAILED_MESSAGE, "signInFailed");
    },
  );

  app.get(
    SESSION_URL,
    { config, schema: { tags: TAGS, summary: "The signed-in user and the session's CSRF token", response: ok } },
    async (request, reply) => {
      const session = await sessionOf(request, reply);
      if (session === undefined) return reply;
      reply.header("Cache-Control", "no-store");
      return sessionView(session, feature.expiryNoticeDays);
    },
  );

  app.delete(
    SESSION_URL,
    { config, schema: { tags: TAGS, summary: "Sign out: ends the session and clears the cookie" } },
    async (request, reply) => {
      const session = await writableSessionOf(request, reply);
      if (session === undefined) return reply;
      await sessions.end(session);
      await recordAuditEvent(db, {
        eventType: "User.SignOutEvent",
        actor: actorOf(clientOf(request), session.subject.owner),
        timestamp: clock.now(),
      });
      clearSessionCookie(reply, secureCookie);
      return reply.code(204).send();
    },
  );

  app.put<{ Body: Static<typeof PasswordChangeRequestSchema> }>(
    "/_apis/patina/password",
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary: "Change your password; ends all your sessions and starts a fresh one for the caller",
        body: PasswordChangeRequestSchema,
      },
    },
    async (request, reply) => {
      const session = await writableSessionOf(request, reply);
      if (session === undefined) return reply;
      const result = await feature.changePassword(session, request.body, clientOf(request));
      if (result.ok) {
        setSessionCookie(reply, result.session.id, result.session.maxAgeSeconds, secureCookie);
        return reply.code(204).send();
      }
      if (result.reason === "throttled") {
        reply.header("Retry-After", String(result.retryAfterSeconds));
        return sendApiError(reply, "tooManyRequests", "Too many wrong passwords. Try again later.");
      }
      if (result.reason === "passwordSignInDisabled") {
        return sendApiError(reply, "forbidden", PASSWORD_SIGN_IN_DISABLED_MESSAGE);
      }
      if (result.reason === "wrongPassword") {
        return sendApiError(reply, "forbidden", "The current password is incorrect.");
      }
      return sendApiError(reply, "badRequest", result.message);
    },
  );
}
