/**
 * The policy API (Patina's own, SPEC sections 6 and 7): `GET/PATCH /_apis/patina/policies` for
 * the instance (instance administrators) and `GET/PATCH /{org}/_apis/patina/policies` for an
 * organization (its administrators). A token needs `vso.tokenadministration`; a web session works
 * too. GET answers the level's own values and the effective ones; PATCH changes the keys it names.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { TOKEN_ADMINISTRATION_SCOPE } from "../domain/token-authority.js";
import { ApiError, POLICY_ERRORS } from "../http/error-catalog.js";
import { membershipOf, principalOf, requestActor } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import { requireStepUp } from "../http/step-up.js";
import { OrgParamsSchema, PolicyViewSchema, policyPatchSchema } from "./policy.schemas.js";
import type { PolicyResult, PolicyTarget } from "./policy.service.js";
import type { PolicyView } from "./policy-view.js";

const TAGS = ["Policies"];
const RESPONSE = { 200: { $ref: "PatinaPolicy#" } };

/** Registers the policy routes. */
export function registerPolicyRoutes(app: FastifyInstance, deps: RouteDeps) {
  const policies = deps.services.policies;
  const instanceGuard = deps.guard({ instanceAdmin: true, scope: TOKEN_ADMINISTRATION_SCOPE });
  const orgGuard = deps.guard({ org: true, scope: TOKEN_ADMINISTRATION_SCOPE, minRole: "admin" });
  const config = { noStore: true };
  const stepUp = requireStepUp(deps);
  app.addSchema(PolicyViewSchema);

  app.get(
    "/_apis/patina/policies",
    { onRequest: instanceGuard, config, schema: { tags: TAGS, summary: "The instance's policy", response: RESPONSE } },
    async () => policies.view({ level: "instance" }),
  );

  app.patch<{ Body: Record<string, unknown> }>(
    "/_apis/patina/policies",
    {
      onRequest: instanceGuard,
      preHandler: stepUp,
      config,
      schema: {
        tags: TAGS,
        summary: "Change keys of the instance's policy",
        body: policyPatchSchema("instance"),
        response: RESPONSE,
      },
    },
    async (request) =>
      answer(await policies.update(requestActor(request, principalOf(request)), INSTANCE, request.body)),
  );

  app.get<{ Params: Static<typeof OrgParamsSchema> }>(
    "/:org/_apis/patina/policies",
    {
      onRequest: orgGuard,
      config,
      schema: { tags: TAGS, summary: "An organization's policy", params: OrgParamsSchema, response: RESPONSE },
    },
    async (request) => policies.view(orgTarget(request)),
  );

  app.patch<{ Params: Static<typeof OrgParamsSchema>; Body: Record<string, unknown> }>(
    "/:org/_apis/patina/policies",
    {
      onRequest: orgGuard,
      preHandler: stepUp,
      config,
      schema: {
        tags: TAGS,
        summary: "Change keys of an organization's policy",
        params: OrgParamsSchema,
        body: policyPatchSchema("organization"),
        response: RESPONSE,
      },
    },
    async (request) =>
      answer(await policies.update(requestActor(request, principalOf(request)), orgTarget(request), request.body)),
  );
}

const INSTANCE: PolicyTarget = { level: "instance" };

function orgTarget(request: FastifyRequest): PolicyTarget {
  const membership = membershipOf(request);
  return { level: "organization", orgId: membership.orgId, orgName: membership.orgName };
}

function answer(result: PolicyResult<PolicyView>): PolicyView {
  if (!result.ok) throw new ApiError(POLICY_ERRORS[result.error], result.message);
  return result.value;
}
