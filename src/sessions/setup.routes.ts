/**
 * First-run setup routes for the web UI's setup page: `GET /_apis/patina/setup` (is setup
 * needed?) and `POST /_apis/patina/setup` (create the first administrator and organization with
 * the console's one-time code; signs them in).
 */
import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import { DIRECTORY_ERRORS } from "../http/error-catalog.js";
import { sendApiError } from "../http/error-handler.js";
import { SessionSchema, SetupRequestSchema, SetupStatusSchema } from "./session.schemas.js";
import type { SessionFeature } from "./session-feature.js";
import { clientOf, requireJsonBody, sessionView, setSessionCookie } from "./session-http.js";

const TAGS = ["Sessions"];
const SETUP_URL = "/_apis/patina/setup";

/** Registers the setup routes. */
export function registerSetupRoutes(app: FastifyInstance, feature: SessionFeature) {
  const { setup, secureCookie } = feature;
  const config = { skipApiVersion: true };

  app.get(
    SETUP_URL,
    {
      config,
      schema: { tags: TAGS, summary: "Whether first-run setup is needed", response: { 200: SetupStatusSchema } },
    },
    async () => ({ setupRequired: await setup.required() }),
  );

  app.post<{ Body: Static<typeof SetupRequestSchema> }>(
    SETUP_URL,
    {
      onRequest: requireJsonBody,
      config,
      schema: {
        tags: TAGS,
        summary: "Create the first administrator and organization with the console's one-time code",
        body: SetupRequestSchema,
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const result = await setup.complete(request.body, clientOf(request));
      if (result.ok) {
        setSessionCookie(reply, result.session.id, result.session.maxAgeSeconds, secureCookie);
        return sessionView(result.session, feature.expiryNoticeDays);
      }
      if (result.reason === "alreadyDone") return sendApiError(reply, "conflict", "Patina is already set up.");
      if (result.reason === "badCode") {
        return sendApiError(
          reply,
          "forbidden",
          "The setup code is missing or wrong. Open the setup link the server printed on its console.",
        );
      }
      return sendApiError(reply, DIRECTORY_ERRORS[result.code], result.message);
    },
  );
}
