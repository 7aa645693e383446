/**
 * The PAT lifecycle API at `/{org}/_apis/tokens/pats` (Azure DevOps dialect, SPEC section 6).
 * Handlers translate HTTP to the lifecycle service and its results back; rules live there.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import type { Subject } from "../auth/verified-token.js";
import type { ActingCredential } from "../domain/token-authority.js";
import { type ApiError, patApiError } from "../http/error-catalog.js";
import { principalOf, requestActor } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import { asksForBroadToken, requireStepUp } from "../http/step-up.js";
import type { PatFailure } from "./pat-errors.js";
import {
  AuthorizationIdQuerySchema,
  ListQuerySchema,
  OrgParamsSchema,
  PatTokenCreateRequestSchema,
  PatTokenUpdateRequestSchema,
  RegenerateQuerySchema,
} from "./token.schemas.js";
import type { LifecycleContext } from "./token-lifecycle.js";

const TAGS = ["Tokens"];
const RESULT = { 200: { $ref: "PatTokenResult#" } };

/** Registers the lifecycle routes. */
export function registerTokenRoutes(app: FastifyInstance, deps: RouteDeps) {
  const read = deps.guard({ org: true, scope: "vso.pats", minRole: "reader" });
  const write = deps.guard({ org: true, scope: "vso.pats_manage", minRole: "reader" });
  const tokens = deps.services.tokens;
  const config = { patApi: true };
  // Full access and all-organization tokens need a recent sign-in when made through a web session.
  const broadTokenStepUp = requireStepUp(deps, asksForBroadToken);

  app.get<{ Params: Static<typeof OrgParamsSchema>; Querystring: Static<typeof ListQuerySchema> }>(
    "/:org/_apis/tokens/pats",
    {
      onRequest: read,
      config,
      schema: {
        tags: TAGS,
        summary: "List the caller's tokens, or get one with ?authorizationId=",
        params: OrgParamsSchema,
        querystring: ListQuerySchema,
      },
    },
    async (request) => {
      const context = lifecycleContext(request);
      const { authorizationId, $top, ...options } = request.query;
      if (authorizationId !== undefined) return patResult(await tokens.get(context, authorizationId));
      const listed = await tokens.list(context, { ...options, top: $top });
      if (!listed.ok) throw patError(listed);
      return listed.value;
    },
  );

  app.post<{ Params: Static<typeof OrgParamsSchema>; Body: Static<typeof PatTokenCreateRequestSchema> }>(
    "/:org/_apis/tokens/pats",
    {
      onRequest: write,
      config,
      schema: {
        tags: TAGS,
        summary: "Create a token; the response is the only time its value is shown",
        params: OrgParamsSchema,
        body: PatTokenCreateRequestSchema,
        response: RESULT,
      },
      preHandler: broadTokenStepUp,
    },
    async (request) => patResult(await tokens.create(lifecycleContext(request), request.body)),
  );

  app.put<{ Params: Static<typeof OrgParamsSchema>; Body: Static<typeof PatTokenUpdateRequestSchema> }>(
    "/:org/_apis/tokens/pats",
    {
      onRequest: write,
      config,
      schema: {
        tags: TAGS,
        summary: "Rename, rescope, retarget or extend an active token",
        params: OrgParamsSchema,
        body: PatTokenUpdateRequestSchema,
        response: RESULT,
      },
      preHandler: broadTokenStepUp,
    },
    async (request) => patResult(await tokens.update(lifecycleContext(request), request.body)),
  );

  app.post<{ Params: Static<typeof OrgParamsSchema>; Querystring: Static<typeof RegenerateQuerySchema> }>(
    "/:org/_apis/tokens/pats/regenerate",
    {
      onRequest: write,
      config,
      schema: {
        tags: TAGS,
        summary: "Issue a new secret for a token (Patina's addition); the old one stops working",
        params: OrgParamsSchema,
        querystring: RegenerateQuerySchema,
        response: RESULT,
      },
    },
    async (request) => {
      const { authorizationId, gracePeriodHours } = request.query;
      return patResult(await tokens.regenerate(lifecycleContext(request), authorizationId, gracePeriodHours ?? 0));
    },
  );

  app.delete<{ Params: Static<typeof OrgParamsSchema>; Querystring: Static<typeof AuthorizationIdQuerySchema> }>(
    "/:org/_apis/tokens/pats",
    {
      onRequest: write,
      config,
      schema: {
        tags: TAGS,
        summary: "Revoke a token (idempotent)",
        params: OrgParamsSchema,
        querystring: AuthorizationIdQuerySchema,
      },
    },
    async (request, reply: FastifyReply) => {
      const revoked = await tokens.revoke(lifecycleContext(request), request.query.authorizationId);
      if (!revoked.ok) throw patError(revoked);
      return reply.code(204).send();
    },
  );
}

/** Whose tokens, who acts with what authority, and in which organization: a lifecycle request's context. */
export function lifecycleContext(request: FastifyRequest): LifecycleContext {
  const principal = principalOf(request);
  return {
    userId: principal.subject.owner.id,
    ownerIsAdmin: principal.subject.owner.isAdmin,
    acting: actingCredential(principal.subject),
    orgId: principal.membership?.orgId ?? null,
    actor: requestActor(request, principal),
  };
}

/** The authority a request's credential carries: a session is the user, a token only itself. */
export function actingCredential(subject: Subject): ActingCredential {
  if (subject.kind === "session") return { kind: "session" };
  if (subject.authorizationId === null) throw new Error("a token subject without an authorizationId");
  return {
    kind: "token",
    authorizationId: subject.authorizationId,
    allOrgs: subject.allOrgs,
    targetOrgId: subject.targetOrgId,
    grants: subject.grants,
    fullAccess: subject.fullAccess,
  };
}

function patError(failure: PatFailure): ApiError {
  return patApiError(failure);
}

function patResult<T>(result: { ok: true; value: T } | PatFailure) {
  if (!result.ok) throw patError(result);
  return { patToken: result.value, patTokenError: "none" as const };
}
