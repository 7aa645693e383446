/**
 * Patina's own passkey routes for the web UI. Managing one's passkeys needs a session (never a
 * PAT: a token must not be able to mint a way to sign in) and, for every change, its CSRF
 * header; adding one also needs the current password. Signing in with a passkey needs nothing
 * but the passkey. Outside the Azure DevOps dialect, so no api-version; errors use its body.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Static } from "typebox";
import { recordAuditEvent } from "../audit/audit-log.js";
import { checkPasskeyName } from "../domain/passkey-name.js";
import { sendApiError } from "../http/error-handler.js";
import { SessionSchema } from "../sessions/session.schemas.js";
import { createSessionAccess } from "../sessions/session-access.js";
import {
  clientOf,
  requireJsonBody,
  sendUnauthenticated,
  sessionView,
  setSessionCookie,
} from "../sessions/session-http.js";
import { actorOf } from "../sessions/sign-in.js";
import {
  deletePasskey,
  findPasskeyOfUser,
  listPasskeysOfUser,
  type PasskeyRow,
  renamePasskey,
} from "./passkey.repository.js";
import {
  PasskeyListSchema,
  PasskeyParamsSchema,
  PasskeySchema,
  PasskeySignInRequestSchema,
  RegistrationOptionsRequestSchema,
  RegistrationRequestSchema,
  RenameRequestSchema,
} from "./passkey.schemas.js";
import type { PasskeyFeature } from "./passkey-feature.js";

const TAGS = ["Passkeys"];
const PASSKEYS_URL = "/_apis/patina/passkeys";

/** The one message for every failed passkey sign-in, whatever the reason. */
export const PASSKEY_SIGN_IN_FAILED_MESSAGE = "This passkey could not be used to sign in.";

const UNAVAILABLE_MESSAGE =
  "Passkeys are not available here: PATINA_PUBLIC_URL must name Patina by a domain name, not an IP address.";

/** A passkey as its owner sees it. */
function passkeyView(passkey: PasskeyRow) {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt,
    lastUsedAt: passkey.lastUsedAt,
    synced: passkey.backedUp === 1,
  };
}

function sendUnavailable(reply: FastifyReply) {
  return sendApiError(reply, "notFound", UNAVAILABLE_MESSAGE);
}

/** Registers the passkey routes. */
export function registerPasskeyRoutes(app: FastifyInstance, feature: PasskeyFeature) {
  const { db, clock, relyingParty } = feature;
  const { secureCookie, expiryNoticeDays } = feature.sessions;
  const { sessionOf, writableSessionOf } = createSessionAccess(feature.sessions.sessions, secureCookie);
  const config = { skipApiVersion: true, noStore: true };

  app.get(
    PASSKEYS_URL,
    { config, schema: { tags: TAGS, summary: "Your passkeys", response: { 200: PasskeyListSchema } } },
    async (request, reply) => {
      const session = await sessionOf(request, reply);
      if (session === undefined) return reply;
      const passkeys = await listPasskeysOfUser(db, session.subject.owner.id);
      return { available: relyingParty.available, count: passkeys.length, value: passkeys.map(passkeyView) };
    },
  );

  app.post<{ Body: Static<typeof RegistrationOptionsRequestSchema> }>(
    `${PASSKEYS_URL}/registration-options`,
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary: "Begin adding a passkey: checks the current password, answers creation options",
        body: RegistrationOptionsRequestSchema,
      },
    },
    async (request, reply) => {
      const session = await writableSessionOf(request, reply);
      if (session === undefined) return reply;
      const { owner } = session.subject;
      const result = await feature.registration.options(owner, request.body.currentPassword, clientOf(request));
      if (result.ok) return result.options;
      if (result.reason === "unavailable") return sendUnavailable(reply);
      if (result.reason === "throttled") {
        reply.header("Retry-After", String(result.retryAfterSeconds));
        return sendApiError(reply, "tooManyRequests", "Too many wrong passwords. Try again later.");
      }
      return sendApiError(reply, "forbidden", "The current password is incorrect.");
    },
  );

  app.post<{ Body: Static<typeof RegistrationRequestSchema> }>(
    PASSKEYS_URL,
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary: "Finish adding a passkey: the authenticator's answer to the creation options",
        body: RegistrationRequestSchema,
        response: { 201: PasskeySchema },
      },
    },
    async (request, reply) => {
      const session = await writableSessionOf(request, reply);
      if (session === undefined) return reply;
      const result = await feature.registration.register(session.subject.owner, request.body, clientOf(request));
      if (result.ok) return reply.code(201).send(passkeyView(result.passkey));
      switch (result.reason) {
        case "unavailable":
          return sendUnavailable(reply);
        case "invalidName":
          return sendApiError(reply, "badRequest", result.message);
        case "alreadyRegistered":
          return sendApiError(reply, "conflict", "This passkey is already registered.");
        case "challenge":
          return sendApiError(
            reply,
            "badRequest",
            "This passkey request has expired or was already used. Start again.",
          );
        default:
          return sendApiError(reply, "badRequest", "The passkey could not be verified. Start again.");
      }
    },
  );

  app.patch<{ Params: Static<typeof PasskeyParamsSchema>; Body: Static<typeof RenameRequestSchema> }>(
    `${PASSKEYS_URL}/:id`,
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary: "Rename one of your passkeys",
        params: PasskeyParamsSchema,
        body: RenameRequestSchema,
        response: { 200: PasskeySchema },
      },
    },
    async (request, reply) => {
      const session = await writableSessionOf(request, reply);
      if (session === undefined) return reply;
      const { owner } = session.subject;
      const name = checkPasskeyName(request.body.name);
      if (!name.ok) return sendApiError(reply, "badRequest", name.message);
      const renamed = await db.transaction().execute(async (trx) => {
        if (!(await renamePasskey(trx, owner.id, request.params.id, name.name))) return undefined;
        await recordAuditEvent(trx, {
          eventType: "User.PasskeyRenameEvent",
          actor: actorOf(clientOf(request), owner),
          timestamp: clock.now(),
          details: { passkeyId: request.params.id, name: name.name },
        });
        return findPasskeyOfUser(trx, owner.id, request.params.id);
      });
      if (renamed === undefined) return sendApiError(reply, "notFound", "You have no passkey with this id.");
      return passkeyView(renamed);
    },
  );

  app.delete<{ Params: Static<typeof PasskeyParamsSchema> }>(
    `${PASSKEYS_URL}/:id`,
    { config, schema: { tags: TAGS, summary: "Remove one of your passkeys", params: PasskeyParamsSchema } },
    async (request, reply) => {
      const session = await writableSessionOf(request, reply);
      if (session === undefined) return reply;
      const { owner } = session.subject;
      const passkey = await findPasskeyOfUser(db, owner.id, request.params.id);
      const removed =
        passkey !== undefined &&
        (await db.transaction().execute(async (trx) => {
          if (!(await deletePasskey(trx, owner.id, passkey.id))) return false;
          await recordAuditEvent(trx, {
            eventType: "User.PasskeyRemoveEvent",
            actor: actorOf(clientOf(request), owner),
            timestamp: clock.now(),
            details: { passkeyId: passkey.id, name: passkey.name },
          });
          return true;
        }));
      // Someone else's passkey gets the same answer as one that does not exist.
      if (!removed) return sendApiError(reply, "notFound", "You have no passkey with this id.");
      return reply.code(204).send();
    },
  );

  app.get(
    "/_apis/patina/session/passkey",
    { config, schema: { tags: TAGS, summary: "Whether passkey sign-in is available here" } },
    async () => ({ available: relyingParty.available }),
  );

  app.post(
    "/_apis/patina/session/passkey/options",
    { config, schema: { tags: TAGS, summary: "Begin a passkey sign-in: request options with a fresh challenge" } },
    async (_request, reply) => {
      const options = await feature.assertion.signInOptions();
      return options ?? sendUnavailable(reply);
    },
  );

  app.post<{ Body: Static<typeof PasskeySignInRequestSchema> }>(
    "/_apis/patina/session/passkey",
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary: "Sign in with a passkey; sets the session cookie",
        body: PasskeySignInRequestSchema,
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const result = await feature.assertion.signIn(request.body.response, clientOf(request));
      if (result.ok) {
        setSessionCookie(reply, result.session.id, result.session.maxAgeSeconds, secureCookie);
        return sessionView(result.session, expiryNoticeDays);
      }
      if (result.reason === "unavailable") return sendUnavailable(reply);
      return sendUnauthenticated(reply, PASSKEY_SIGN_IN_FAILED_MESSAGE, "passkeySignInFailed");
    },
  );
}
