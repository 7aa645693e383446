/**
 * A user revokes all of their own tokens at once (Azure DevOps' "Revoke all"):
 * `POST /{org}/_apis/tokens/pats/revokeall`. With a web session that is every token of the user;
 * with a token (which needs `vso.pats_manage`) only the tokens that token sees
 * (domain/token-authority's visibleTokens), the calling token itself included. The body
 * `{"confirm": true}` is required, so no stray POST revokes everything.
 */
import type { FastifyInstance } from "fastify";
import type { RouteDeps } from "../http/route-deps.js";
import { lifecycleContext } from "../tokens/token.routes.js";
import { ConfirmBodySchema, OrgOnlyParamsSchema } from "./tokenadmin.schemas.js";

/** Registers the user's own revoke-all route. */
export function registerRevokeAllRoute(app: FastifyInstance, deps: RouteDeps) {
  const write = deps.guard({ org: true, scope: "vso.pats_manage", minRole: "reader" });
  app.post(
    "/:org/_apis/tokens/pats/revokeall",
    {
      onRequest: write,
      config: { patApi: true },
      schema: {
        tags: ["Tokens"],
        summary: "Revoke all of the caller's tokens (a token caller: those it sees); they stop working at once",
        params: OrgOnlyParamsSchema,
        body: ConfirmBodySchema,
      },
    },
    async (request) => ({ revokedCount: await deps.services.revocations.revokeAllOwn(lifecycleContext(request)) }),
  );
}
