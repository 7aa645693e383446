/**
 * `GET /{org}/_apis/tokens/pats/usage`: a token's daily usage and the scopes it exercised, for
 * charts and a least-privilege suggestion. Same authority as getting the token (`vso.pats`, the
 * lifecycle's visibility rule): someone else's token, or one out of the caller's sight, is 404.
 */
import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import { patApiError } from "../http/error-catalog.js";
import type { RouteDeps } from "../http/route-deps.js";
import { lifecycleContext } from "../tokens/token.routes.js";
import { OrgParamsSchema } from "../tokens/token.schemas.js";
import { DEFAULT_USAGE_DAYS, TokenUsageSchema, UsageQuerySchema } from "./usage.schemas.js";
import { tokenUsageReport } from "./usage-report.js";

/** Registers the usage route. */
export function registerUsageRoutes(app: FastifyInstance, deps: RouteDeps) {
  const { services } = deps;
  const reportDeps = {
    db: services.store.db,
    tokens: services.tokens,
    unwrittenDays: (authorizationId: string) => services.usage.unwrittenDays(authorizationId),
  };
  app.get<{ Params: Static<typeof OrgParamsSchema>; Querystring: Static<typeof UsageQuerySchema> }>(
    "/:org/_apis/tokens/pats/usage",
    {
      onRequest: deps.guard({ org: true, scope: "vso.pats", minRole: "reader" }),
      config: { patApi: true },
      schema: {
        tags: ["Tokens"],
        summary: "A token's daily usage, the scopes it exercised and a least-privilege suggestion (Patina's addition)",
        params: OrgParamsSchema,
        querystring: UsageQuerySchema,
        response: { 200: TokenUsageSchema },
      },
    },
    async (request) => {
      const { authorizationId, days } = request.query;
      const context = lifecycleContext(request);
      const now = services.clock.now();
      const report = await tokenUsageReport(reportDeps, context, authorizationId, days ?? DEFAULT_USAGE_DAYS, now);
      if (!report.ok) throw patApiError(report);
      return report.value;
    },
  );
}
