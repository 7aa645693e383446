/*
 * `POST /_apis/patina/introspect`: token introspection (RFC 7662) for services that check
 * Patina tokens themselves (SPEC section 10).
 *
 * Model: a service holds a token a client gave it and asks whether it is active and what it
 * grants. Threats: the endpoint is an oracle for token validity, so only callers whose own
 * token carries `patina.introspect` may ask (that scope is never part of Full access); every
 * inactive case (bad format, unknown, expired, revoked, retired, owner disabled) answers exactly
 * `{"active": false}`, so the answer never says why; the reason goes to the log with the token's
 * id only. Answers are `no-store` (RFC 7662 section 4: no cached verdict outlives a revocation).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { type Static, Type } from "typebox";
import type { Verification } from "../auth/token-verifier.js";
import type { VerifiedToken } from "../auth/verified-token.js";
import { INTROSPECTION_SCOPE } from "../domain/token-authority.js";
import { sendApiError } from "../http/error-handler.js";
import type { RouteDeps } from "../http/route-deps.js";
import { parseIntrospectionForm } from "./form-parameters.js";

/** Where services introspect tokens. */
export const INTROSPECT_PATH = "/_apis/patina/introspect";

/** Largest introspection request body (bytes): a token is under 100 characters; this leaves room for clients' extras. */
const INTROSPECTION_BODY_LIMIT = 8 * 1024;

const IntrospectionRequestSchema = Type.Object(
  {
    token: Type.String({ description: "The token to examine" }),
    token_type_hint: Type.Optional(Type.String({ description: "Ignored: Patina has one kind of token" })),
  },
  // RFC 7662 lets callers send extension parameters; they are ignored.
  { additionalProperties: true },
);

const IntrospectionResponseSchema = Type.Object({
  active: Type.Boolean(),
  scope: Type.Optional(Type.String({ description: "Space-separated scopes, as the token was created" })),
  client_id: Type.Optional(Type.String({ description: "The token's authorizationId" })),
  username: Type.Optional(Type.String()),
  token_type: Type.Optional(Type.Literal("patina_pat")),
  exp: Type.Optional(Type.Integer({ description: "validTo, in seconds since the epoch" })),
  iat: Type.Optional(Type.Integer({ description: "validFrom, in seconds since the epoch" })),
  sub: Type.Optional(Type.String({ description: "The owner's user id" })),
  aud: Type.Optional(
    Type.Array(Type.String(), {
      description: "The organizations the token works in (its target, or all of the owner's)",
    }),
  ),
});

type IntrospectionResponse = Static<typeof IntrospectionResponseSchema>;

const INACTIVE = JSON.stringify({ active: false } satisfies IntrospectionResponse);
const JSON_TYPE = "application/json; charset=utf-8";

/**
 * Answers are serialized once per verified-token record (which the token cache replaces when it
 * reloads one, so nothing is served staler than a verification), not built on every request.
 */
const activeViews = new WeakMap<VerifiedToken, string>();

/**
 * Registers the introspection route in its own plugin scope: RFC 7662 requests are HTML-form
 * encoded, and accepting that encoding anywhere else would expose the JSON API to cross-site
 * form posts.
 */
export async function registerIntrospectionRoute(app: FastifyInstance, deps: RouteDeps) {
  await app.register(async (scope) => {
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) =>
      done(null, parseIntrospectionForm(body as string)),
    );
    scope.post<{ Body: Static<typeof IntrospectionRequestSchema> }>(
      INTROSPECT_PATH,
      {
        onRequest: deps.guard({ scope: INTROSPECTION_SCOPE }),
        bodyLimit: INTROSPECTION_BODY_LIMIT,
        // RFC 7662 clients do not send api-version.
        config: { skipApiVersion: true, noStore: true },
        schema: {
          tags: ["Forward auth"],
          summary: "Token introspection (RFC 7662): is a token active, and what does it grant?",
          consumes: ["application/x-www-form-urlencoded", "application/json"],
          body: IntrospectionRequestSchema,
          response: { 200: IntrospectionResponseSchema },
        },
      },
      // Not async: a cached caller and a cached token are answered without a promise.
      (request, reply) => {
        // Introspection is for services, which hold tokens; a signed-in browser session (which
        // grants every scope) is not a caller this endpoint was meant for.
        const subject = request.principal?.subject;
        if (subject?.kind !== "pat") {
          sendApiError(reply, "forbidden", `Introspection needs a personal access token with ${INTROSPECTION_SCOPE}.`);
          return;
        }
        // Only administrators may hold such a token (token-authority.ts); one whose owner has
        // stopped being one keeps its scope but no longer reveals other users' tokens.
        if (!subject.owner.isAdmin) {
          sendApiError(reply, "forbidden", "Introspection needs a token whose owner is an instance administrator.");
          return;
        }
        // The examined token goes through the authentication step too: counted, logged, its use recorded.
        const pending = deps.authenticator.examine(request, request.body.token);
        if (pending instanceof Promise)
          pending.then((verification) => answer(reply, verification), reply.send.bind(reply));
        else answer(reply, pending);
      },
    );
  });
}

function answer(reply: FastifyReply, verification: Verification): void {
  reply.type(JSON_TYPE).send(verification.ok ? activeViewOf(verification.token) : INACTIVE);
}

function activeViewOf(token: VerifiedToken): string {
  let view = activeViews.get(token);
  if (view === undefined) {
    view = JSON.stringify(activeView(token));
    activeViews.set(token, view);
  }
  return view;
}

/** The RFC 7662 view of an active token. */
function activeView(token: VerifiedToken): IntrospectionResponse {
  const orgs = [...token.memberships.values()].filter((m) => token.allOrgs || m.orgId === token.targetOrgId);
  return {
    active: true,
    scope: token.scopes.join(" "),
    client_id: token.authorizationId,
    username: token.owner.username,
    token_type: "patina_pat",
    exp: Math.floor(token.validToMs / 1000),
    iat: Math.floor(token.validFromMs / 1000),
    sub: token.owner.id,
    aud: orgs.map((m) => m.orgName).sort(),
  };
}
