/**
 * Managing your own second factor from the web UI (session only, never a token):
 * `GET /_apis/patina/mfa` (status), `POST /_apis/patina/mfa/totp` (start enrolment: the secret,
 * shown once), `POST /_apis/patina/mfa/totp/confirm` (a current code puts it in effect and
 * answers the recovery codes, shown once), `DELETE /_apis/patina/mfa/totp` (the password or a
 * current code) and `POST /_apis/patina/mfa/recovery-codes` (new codes; the same proof). These
 * work in a session that the "require MFA" policy otherwise restricts: they are how it is met.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { recordAuditEvent } from "../audit/audit-log.js";
import { sendApiError } from "../http/error-handler.js";
import { CSRF_HEADER, csrfMatches } from "../sessions/csrf.js";
import type { ActiveSession } from "../sessions/session.service.js";
import type { SessionFeature } from "../sessions/session-feature.js";
import { clearSessionCookie, clientOf, requireJsonBody, sendUnauthenticated } from "../sessions/session-http.js";
import { actorOf } from "../sessions/sign-in.js";

const TAGS = ["Sessions"];
const config = { skipApiVersion: true };
const ProofBody = Type.Object(
  {
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    method: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
const ConfirmBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

/** Registers the MFA management routes. */
export function registerMfaRoutes(app: FastifyInstance, feature: SessionFeature) {
  const { sessions, mfa, db, clock, secureCookie } = feature;

  async function sessionOf(request: FastifyRequest, reply: FastifyReply, write: boolean) {
    const result = await sessions.authenticate(request.headers.cookie);
    if (!result.ok) {
      clearSessionCookie(reply, secureCookie);
      sendUnauthenticated(reply, "You are not signed in, or your session has ended. Sign in again.", result.reason);
      return undefined;
    }
    if (write && !csrfMatches(request.headers[CSRF_HEADER], result.session.csrfToken)) {
      sendApiError(reply, "forbidden", "This request needs the X-Patina-CSRF header of your session.");
      return undefined;
    }
    reply.header("Cache-Control", "no-store");
    return result.session;
  }

  const audit = (
    request: FastifyRequest,
    session: ActiveSession,
    eventType: Parameters<typeof recordAuditEvent>[1]["eventType"],
    details?: Record<string, unknown>,
  ) =>
    recordAuditEvent(db, {
      eventType,
      actor: actorOf(clientOf(request), session.subject.owner),
      timestamp: clock.now(),
      details,
    });

  /** The proof for removal and regeneration, or undefined with the refusal sent. */
  async function proven(
    request: FastifyRequest<{ Body: { password?: string; method?: string; code?: string } }>,
    reply: FastifyReply,
    session: ActiveSession,
  ) {
    const { password, method, code } = request.body;
    const proof = await feature.proveIdentity(
      session,
      { password, method, response: { code } },
      "passwordOrFactor",
      clientOf(request),
    );
    if (proof.ok) return proof;
    if (proof.reason === "throttled") {
      reply.header("Retry-After", String(proof.retryAfterSeconds));
      sendApiError(
        reply,
        "tooManyRequests",
        `Too many failed attempts. Try again in ${proof.retryAfterSeconds} seconds.`,
      );
    } else {
      sendApiError(reply, "forbidden", "The password or code is incorrect.");
    }
    return undefined;
  }

  app.get(
    "/_apis/patina/mfa",
    { config, schema: { tags: TAGS, summary: "Your second factors" } },
    async (request, reply) => {
      const session = await sessionOf(request, reply, false);
      if (session === undefined) return reply;
      const status = await mfa.status(session.subject.owner.id);
      const methods = await feature.secondFactors.methodsOf(session.subject.owner.id);
      return { ...status, methods, enrolmentRequired: session.mfaEnrolmentRequired };
    },
  );

  app.post(
    "/_apis/patina/mfa/totp",
    { config, schema: { tags: TAGS, summary: "Start TOTP enrolment: the secret, shown once" } },
    async (request, reply) => {
      const session = await sessionOf(request, reply, true);
      if (session === undefined) return reply;
      const started = await mfa.begin(session.subject.owner);
      if (!started.ok)
        return sendApiError(
          reply,
          "conflict",
          "An authenticator app is already set up. Remove it first to set up another.",
        );
      return started.enrolment;
    },
  );

  app.post<{ Body: { code: string } }>(
    "/_apis/patina/mfa/totp/confirm",
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary: "Confirm TOTP enrolment with a current code; answers the recovery codes, shown once",
        body: ConfirmBody,
      },
    },
    async (request, reply) => {
      const session = await sessionOf(request, reply, true);
      if (session === undefined) return reply;
      const confirmed = await mfa.confirm(session.subject.owner.id, request.body.code);
      if (!confirmed.ok)
        return sendApiError(
          reply,
          "badRequest",
          "The code is incorrect, or enrolment was not started. Enter the current code from your app.",
        );
      await audit(request, session, "User.MfaEnrolEvent", { method: "totp" });
      return { recoveryCodes: confirmed.recoveryCodes };
    },
  );

  app.delete<{ Body: { password?: string; method?: string; code?: string } }>(
    "/_apis/patina/mfa/totp",
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary: "Remove the authenticator app and recovery codes (the password or a current code)",
        body: ProofBody,
      },
    },
    async (request, reply) => {
      const session = await sessionOf(request, reply, true);
      if (session === undefined) return reply;
      if ((await proven(request, reply, session)) === undefined) return reply;
      if (!(await mfa.remove(session.subject.owner.id)))
        return sendApiError(reply, "notFound", "No authenticator app is set up.");
      await audit(request, session, "User.MfaRemoveEvent", { method: "totp" });
      return reply.code(204).send();
    },
  );

  app.post<{ Body: { password?: string; method?: string; code?: string } }>(
    "/_apis/patina/mfa/recovery-codes",
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary: "Replace your recovery codes with ten new ones, shown once (the password or a current code)",
        body: ProofBody,
      },
    },
    async (request, reply) => {
      const session = await sessionOf(request, reply, true);
      if (session === undefined) return reply;
      if (!(await mfa.hasTotp(session.subject.owner.id)))
        return sendApiError(reply, "badRequest", "Set up an authenticator app first.");
      if ((await proven(request, reply, session)) === undefined) return reply;
      const recoveryCodes = await mfa.regenerateRecoveryCodes(session.subject.owner.id);
      await audit(request, session, "User.RecoveryCodesRegenerateEvent");
      return { recoveryCodes };
    },
  );
}
