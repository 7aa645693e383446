/**
 * Azure DevOps' tokenadmin area (Microsoft's published spec, `tokenAdmin` 7.1): list a user's
 * personal access tokens as SessionTokens, revoke authorizations, create a revocation rule. Needs
 * `vso.tokenadministration` and the admin role in the organization; the service asks the
 * authority rule again and bounds every query and revocation by it.
 */
import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import { TOKEN_ADMINISTRATION_SCOPE } from "../domain/token-authority.js";
import type { RouteDeps } from "../http/route-deps.js";
import { requireStepUp } from "../http/step-up.js";
import { adminContext, adminValue } from "./admin-request.js";
import {
  OrgOnlyParamsSchema,
  RevocationRuleBodySchema,
  RevocationsBodySchema,
  RevocationsQuerySchema,
  SessionTokenQuerySchema,
  SubjectParamsSchema,
} from "./tokenadmin.schemas.js";

const TAGS = ["Token administration"];

/** Registers the tokenadmin routes. */
export function registerTokenAdminRoutes(app: FastifyInstance, deps: RouteDeps) {
  const admin = deps.guard({ org: true, scope: TOKEN_ADMINISTRATION_SCOPE, minRole: "admin" });
  const service = deps.services.tokenAdmin;
  const config = { noStore: true };

  app.get<{ Params: Static<typeof SubjectParamsSchema>; Querystring: Static<typeof SessionTokenQuerySchema> }>(
    "/:org/_apis/tokenadmin/personalaccesstokens/:subjectDescriptor",
    {
      onRequest: admin,
      config,
      schema: {
        tags: TAGS,
        summary: "List a user's personal access tokens in this organization (SessionTokens, never a secret)",
        params: SubjectParamsSchema,
        querystring: SessionTokenQuerySchema,
      },
    },
    async (request) => {
      const { pageSize, continuationToken, isPublic } = request.query;
      return adminValue(
        await service.listSessionTokens(adminContext(request), request.params.subjectDescriptor, {
          pageSize,
          continuationToken,
          isPublic,
        }),
      );
    },
  );

  app.post<{
    Params: Static<typeof OrgOnlyParamsSchema>;
    Querystring: Static<typeof RevocationsQuerySchema>;
    Body: Static<typeof RevocationsBodySchema>;
  }>(
    "/:org/_apis/tokenadmin/revocations",
    {
      onRequest: admin,
      preHandler: requireStepUp(deps),
      config,
      schema: {
        tags: TAGS,
        summary: "Revoke authorizations of this organization; ids out of reach change nothing (204 all the same)",
        params: OrgOnlyParamsSchema,
        querystring: RevocationsQuerySchema,
        body: RevocationsBodySchema,
      },
    },
    async (request, reply) => {
      const ids = request.body.map((revocation) => revocation.authorizationId);
      adminValue(await service.revokeAuthorizations(adminContext(request), ids, { isPublic: request.query.isPublic }));
      return reply.code(204).send();
    },
  );

  app.post<{ Params: Static<typeof OrgOnlyParamsSchema>; Body: Static<typeof RevocationRuleBodySchema> }>(
    "/:org/_apis/tokenadmin/revocationrules",
    {
      onRequest: admin,
      preHandler: requireStepUp(deps),
      config,
      schema: {
        tags: TAGS,
        summary: "Revoke every token of this organization created before a date that grants any of the scopes",
        params: OrgOnlyParamsSchema,
        body: RevocationRuleBodySchema,
      },
    },
    async (request, reply) => {
      const created = adminValue(await service.createRevocationRule(adminContext(request), request.body));
      return reply.code(201).send(created);
    },
  );
}
