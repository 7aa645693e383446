/**
 * The second step of sign-in and step-up, next to the session routes:
 * `POST /_apis/patina/session/second-factor` finishes a pending sign-in with a code, and
 * `POST /_apis/patina/session/step-up` proves the password (and second factor) again inside a
 * session, which makes it count as recently authenticated for sensitive actions.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "typebox";
import { recordAuditEvent } from "../audit/audit-log.js";
import { sendApiError } from "../http/error-handler.js";
import { CSRF_HEADER, csrfMatches } from "./csrf.js";
import { SessionSchema } from "./session.schemas.js";
import { pendingSignInCookie, readPendingSignInCookie } from "./session-cookie.js";
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
const Code = Type.String({ minLength: 1, maxLength: 64 });
const SecondFactorBody = Type.Object(
  { method: Type.String({ minLength: 1, maxLength: 32 }), code: Code },
  { additionalProperties: false },
);
const StepUpBody = Type.Object(
  {
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    method: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    code: Type.Optional(Code),
  },
  { additionalProperties: false },
);

function throttled(reply: FastifyReply, retryAfterSeconds: number) {
  reply.header("Retry-After", String(retryAfterSeconds));
  return sendApiError(reply, "tooManyRequests", `Too many failed attempts. Try again in ${retryAfterSeconds} seconds.`);
}

/** Registers the second-factor and step-up routes. */
export function registerSecondStepRoutes(app: FastifyInstance, feature: SessionFeature) {
  const { sessions, secureCookie, clock, db } = feature;
  const config = { skipApiVersion: true };

  app.post<{ Body: { method: string; code: string } }>(
    "/_apis/patina/session/second-factor",
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary: "Finish a sign-in with a second factor (method totp or recovery); sets the session cookie",
        body: SecondFactorBody,
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const pendingId = readPendingSignInCookie(request.headers.cookie);
      const { method, code } = request.body;
      const result = await feature.secondStep(pendingId, method, { code }, clientOf(request));
      if (result.ok) {
        setSessionCookie(reply, result.session.id, result.session.maxAgeSeconds, secureCookie);
        reply.header("Set-Cookie", [reply.getHeader("Set-Cookie") as string, pendingSignInCookie("", 0, secureCookie)]);
        return sessionView(result.session, feature.expiryNoticeDays);
      }
      if (result.reason === "throttled") return throttled(reply, result.retryAfterSeconds);
      if (result.reason === "wrongCode" && !result.ended) {
        return sendUnauthenticated(reply, "The code is incorrect.", "wrongSecondFactor");
      }
      reply.header("Set-Cookie", pendingSignInCookie("", 0, secureCookie));
      return sendUnauthenticated(reply, "Your sign-in has expired or ended. Sign in again.", "pendingSignInEnded");
    },
  );

  app.post<{ Body: { password: string; method?: string; code?: string } }>(
    "/_apis/patina/session/step-up",
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary:
          "Confirm the password (and a second factor when you have one) again: refreshes the session's sign-in time",
        body: StepUpBody,
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const found = await sessions.authenticate(request.headers.cookie);
      if (!found.ok) {
        clearSessionCookie(reply, secureCookie);
        return sendUnauthenticated(
          reply,
          "You are not signed in, or your session has ended. Sign in again.",
          found.reason,
        );
      }
      const session = found.session;
      if (!csrfMatches(request.headers[CSRF_HEADER], session.csrfToken)) {
        return sendApiError(reply, "forbidden", "This request needs the X-Patina-CSRF header of your session.");
      }
      const { password, method, code } = request.body;
      const client = clientOf(request);
      const proof = await feature.proveIdentity(
        session,
        { password, method, response: { code } },
        "passwordAndFactor",
        client,
      );
      const actor = actorOf(client, session.subject.owner);
      if (!proof.ok) {
        if (proof.reason === "throttled") return throttled(reply, proof.retryAfterSeconds);
        await recordAuditEvent(db, { eventType: "User.StepUpFailedEvent", actor, timestamp: clock.now() });
        const needsCode = proof.methods.length > 0;
        const message = needsCode ? "The password or code is incorrect." : "The password is incorrect.";
        return sendApiError(reply, "forbidden", message, undefined, { secondFactorMethods: [...proof.methods] });
      }
      const refreshed = await sessions.reauthenticated(session);
      await recordAuditEvent(db, {
        eventType: "User.StepUpEvent",
        actor,
        timestamp: clock.now(),
        details: { method: proof.method },
      });
      if (method === "recovery" && proof.method.endsWith("recovery")) {
        await recordAuditEvent(db, {
          eventType: "User.RecoveryCodeUsedEvent",
          actor,
          timestamp: clock.now(),
          details: { purpose: "stepUp" },
        });
      }
      reply.header("Cache-Control", "no-store");
      return sessionView(refreshed, feature.expiryNoticeDays);
    },
  );
}
