/**
 * Patina's own token administration routes (beyond Azure DevOps): an organization administrator
 * lists every token of the organization with filters, and revokes all tokens of one user. Same
 * guard and service (and so the same authority rule) as the tokenadmin area.
 */
import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import { TOKEN_ADMINISTRATION_SCOPE } from "../domain/token-authority.js";
import type { RouteDeps } from "../http/route-deps.js";
import { requireStepUp } from "../http/step-up.js";
import { adminContext, adminValue } from "./admin-request.js";
import { ConfirmBodySchema, OrgOnlyParamsSchema, OrgTokensQuerySchema, UserQuerySchema } from "./tokenadmin.schemas.js";

const TAGS = ["Token administration"];

/** Registers `/{org}/_apis/patina/tokens` and `/{org}/_apis/patina/tokens/revokeall`. */
export function registerOrgTokenRoutes(app: FastifyInstance, deps: RouteDeps) {
  const admin = deps.guard({ org: true, scope: TOKEN_ADMINISTRATION_SCOPE, minRole: "admin" });
  const service = deps.services.tokenAdmin;
  const config = { noStore: true };

  app.get<{ Params: Static<typeof OrgOnlyParamsSchema>; Querystring: Static<typeof OrgTokensQuerySchema> }>(
    "/:org/_apis/patina/tokens",
    {
      onRequest: admin,
      config,
      schema: {
        tags: TAGS,
        summary:
          "List the organization's tokens (filters: user, status, scope, expiringWithinDays, search), newest first",
        params: OrgOnlyParamsSchema,
        querystring: OrgTokensQuerySchema,
      },
    },
    async (request) => {
      const { user, status, scope, expiringWithinDays, search, includeTotalCount, $top, continuationToken } =
        request.query;
      return adminValue(
        await service.listTokens(adminContext(request), {
          user,
          status,
          scope,
          expiringWithinDays,
          search,
          includeTotalCount,
          top: $top,
          continuationToken,
        }),
      );
    },
  );

  app.post<{ Params: Static<typeof OrgOnlyParamsSchema>; Querystring: Static<typeof UserQuerySchema> }>(
    "/:org/_apis/patina/tokens/revokeall",
    {
      onRequest: admin,
      preHandler: requireStepUp(deps),
      config,
      schema: {
        tags: TAGS,
        summary: "Revoke every token of one user that works in this organization",
        params: OrgOnlyParamsSchema,
        querystring: UserQuerySchema,
        body: ConfirmBodySchema,
      },
    },
    async (request) => ({
      revokedCount: adminValue(await service.revokeAllOfUser(adminContext(request), request.query.user)),
    }),
  );
}
