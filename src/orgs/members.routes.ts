/**
 * Patina's member routes: an organization's administrators list its members, add users, change
 * roles and remove members (`/{org}/_apis/patina/members`), with Azure DevOps' Member Entitlement
 * Management scopes. The rules (the last admin stays, audit, the change feed) live in
 * members.service.ts.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { ApiError } from "../http/error-catalog.js";
import { principalOf, requestActor } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import {
  AddMemberBodySchema,
  ApiVersionQuerySchema,
  MemberListQuerySchema,
  MemberPageSchema,
  MemberParamsSchema,
  MemberSchema,
  OrgParamsSchema,
  UpdateMemberBodySchema,
} from "./members.schemas.js";
import type { MemberContext, MemberResult } from "./members.service.js";

const TAGS = ["Members"];
/** Azure DevOps' Member Entitlement Management scopes. */
const READ_SCOPE = "vso.memberentitlementmanagement";
const WRITE_SCOPE = "vso.memberentitlementmanagement_write";
const CONFIG = { noStore: true };

type OrgParams = Static<typeof OrgParamsSchema>;
type MemberParams = Static<typeof MemberParamsSchema>;

/** The organization and caller of a request the guard admitted as an org admin. */
function memberContext(request: FastifyRequest): MemberContext {
  const principal = principalOf(request);
  if (principal.membership === undefined) throw new Error("member route reached without a membership");
  return {
    orgId: principal.membership.orgId,
    actor: requestActor(request, principal),
    actingCredential: principal.subject.kind === "session" ? "session" : "token",
  };
}

function resultValue<T>(result: MemberResult<T>): T {
  if (!result.ok) throw new ApiError(result.code, result.message);
  return result.value;
}

/** Registers `/{org}/_apis/patina/members` and `/{org}/_apis/patina/members/{userId}`. */
export function registerMemberRoutes(app: FastifyInstance, deps: RouteDeps) {
  const read = deps.guard({ org: true, scope: READ_SCOPE, minRole: "admin" });
  const write = deps.guard({ org: true, scope: WRITE_SCOPE, minRole: "admin" });
  const members = deps.services.members;
  app.addSchema(MemberSchema);
  const memberRef = Type.Ref("PatinaMember");

  app.get<{ Params: OrgParams; Querystring: Static<typeof MemberListQuerySchema> }>(
    "/:org/_apis/patina/members",
    {
      onRequest: read,
      config: CONFIG,
      schema: {
        tags: TAGS,
        summary: "List the organization's members by username (search, paging)",
        params: OrgParamsSchema,
        querystring: MemberListQuerySchema,
        response: { 200: MemberPageSchema },
      },
    },
    async (request) => {
      const { search, $top, continuationToken } = request.query;
      return resultValue(await members.list(memberContext(request).orgId, { search, top: $top, continuationToken }));
    },
  );

  app.post<{ Params: OrgParams; Body: Static<typeof AddMemberBodySchema> }>(
    "/:org/_apis/patina/members",
    {
      onRequest: write,
      config: CONFIG,
      schema: {
        tags: TAGS,
        summary: "Add a user to the organization with a role (audited)",
        params: OrgParamsSchema,
        querystring: ApiVersionQuerySchema,
        body: AddMemberBodySchema,
        response: { 201: memberRef },
      },
    },
    async (request, reply) => {
      const member = resultValue(await members.add(memberContext(request), request.body.user, request.body.role));
      return reply.code(201).send(member);
    },
  );

  app.patch<{ Params: MemberParams; Body: Static<typeof UpdateMemberBodySchema> }>(
    "/:org/_apis/patina/members/:userId",
    {
      onRequest: write,
      config: CONFIG,
      schema: {
        tags: TAGS,
        summary: "Change a member's role (the last administrator cannot be demoted; audited)",
        params: MemberParamsSchema,
        querystring: ApiVersionQuerySchema,
        body: UpdateMemberBodySchema,
        response: { 200: memberRef },
      },
    },
    async (request) =>
      resultValue(await members.setRole(memberContext(request), request.params.userId, request.body.role)),
  );

  app.delete<{ Params: MemberParams }>(
    "/:org/_apis/patina/members/:userId",
    {
      onRequest: write,
      config: CONFIG,
      schema: {
        tags: TAGS,
        summary: "Remove a member (the last administrator cannot be removed; their tokens stop working here; audited)",
        params: MemberParamsSchema,
        querystring: ApiVersionQuerySchema,
      },
    },
    async (request, reply) => {
      resultValue(await members.remove(memberContext(request), request.params.userId));
      return reply.code(204).send();
    },
  );
}
