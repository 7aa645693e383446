/**
 * Patina's instance user routes for instance administrators (`/_apis/patina/users`): list,
 * create, disable and enable local users, with Azure DevOps' Graph scopes. The rules live in
 * users.service.ts and the directory.
 */
import type { FastifyInstance } from "fastify";
import { type Static, Type } from "typebox";
import { ApiError } from "../http/error-catalog.js";
import { requestActor } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import {
  ApiVersionQuerySchema,
  CreateUserBodySchema,
  UpdateUserBodySchema,
  UserListQuerySchema,
  UserPageSchema,
  UserParamsSchema,
  UserSchema,
} from "./users.schemas.js";
import type { UserResult } from "./users.service.js";

const TAGS = ["Users"];
/** Azure DevOps' Graph scopes. */
const READ_SCOPE = "vso.graph";
const WRITE_SCOPE = "vso.graph_manage";
const CONFIG = { noStore: true };

function resultValue<T>(result: UserResult<T>): T {
  if (!result.ok) throw new ApiError(result.code, result.message);
  return result.value;
}

/** Registers `/_apis/patina/users` and `/_apis/patina/users/{id}`. */
export function registerUserRoutes(app: FastifyInstance, deps: RouteDeps) {
  const read = deps.guard({ instanceAdmin: true, scope: READ_SCOPE });
  const write = deps.guard({ instanceAdmin: true, scope: WRITE_SCOPE });
  const users = deps.services.userAdmin;
  app.addSchema(UserSchema);
  const userRef = Type.Ref("PatinaUser");

  app.get<{ Querystring: Static<typeof UserListQuerySchema> }>(
    "/_apis/patina/users",
    {
      onRequest: read,
      config: CONFIG,
      schema: {
        tags: TAGS,
        summary: "List the instance's users by username (search, paging)",
        querystring: UserListQuerySchema,
        response: { 200: UserPageSchema },
      },
    },
    async (request) => {
      const { search, $top, continuationToken } = request.query;
      return resultValue(await users.list({ search, top: $top, continuationToken }));
    },
  );

  app.post<{ Body: Static<typeof CreateUserBodySchema> }>(
    "/_apis/patina/users",
    {
      onRequest: write,
      config: CONFIG,
      schema: {
        tags: TAGS,
        summary: "Create a local user with a password (audited)",
        querystring: ApiVersionQuerySchema,
        body: CreateUserBodySchema,
        response: { 201: userRef },
      },
    },
    async (request, reply) =>
      reply.code(201).send(resultValue(await users.create(requestActor(request), request.body))),
  );

  app.patch<{ Params: Static<typeof UserParamsSchema>; Body: Static<typeof UpdateUserBodySchema> }>(
    "/_apis/patina/users/:id",
    {
      onRequest: write,
      config: CONFIG,
      schema: {
        tags: TAGS,
        summary: "Disable a user (their tokens and sessions stop at once) or enable them again (audited)",
        params: UserParamsSchema,
        querystring: ApiVersionQuerySchema,
        body: UpdateUserBodySchema,
        response: { 200: userRef },
      },
    },
    async (request) =>
      resultValue(await users.setDisabled(requestActor(request), request.params.id, request.body.isDisabled)),
  );
}
