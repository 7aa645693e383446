/**
 * The Git area's repositories (SPEC section 6), what `GitApi.getRepositories()`,
 * `getRepository()` and `createRepository()` of the official client call:
 * `GET|POST /{org}/{project}/_apis/git/repositories`, `GET …/repositories/{repositoryId}`, and
 * the same without `{project}` for the whole organization. Reading needs `vso.code` and the
 * reader role; creating needs `vso.code_manage` and the admin role.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { ApiError } from "../http/error-catalog.js";
import { principalOf, requestActor } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import { repositorySize } from "./bare-repository.js";
import {
  CreateRepositoryQuerySchema,
  GitRepositoriesSchema,
  GitRepositoryCreateOptionsSchema,
  GitRepositorySchema,
  OrgParamsSchema,
  OrgRepositoryParamsSchema,
  ProjectParamsSchema,
  ProjectRepositoryParamsSchema,
  RepositoryQuerySchema,
} from "./repository.schemas.js";
import type { LocatedRepository, RepositoryService } from "./repository.service.js";
import { toGitRepository } from "./repository-view.js";
import { membershipOf, repositoryApiError } from "./request-context.js";

const TAGS = ["Git"];
type ListRoute = { Params: { org: string; project?: string }; Querystring: Static<typeof RepositoryQuerySchema> };
type GetRoute = {
  Params: { org: string; project?: string; repositoryId: string };
  Querystring: Static<typeof RepositoryQuerySchema>;
};
type CreateRoute = {
  Params: { org: string; project?: string };
  Querystring: Static<typeof CreateRepositoryQuerySchema>;
  Body: Static<typeof GitRepositoryCreateOptionsSchema>;
};

/** Registers the repositories routes. */
export function registerRepositoryRoutes(app: FastifyInstance, deps: RouteDeps, repositories: RepositoryService) {
  const read = deps.guard({ org: true, scope: "vso.code", minRole: "reader" });
  const manage = deps.guard({ org: true, scope: "vso.code_manage", minRole: "admin" });
  const { publicUrl } = deps.services.config;

  const view = async (request: FastifyRequest, located: LocatedRepository, includeLinks: boolean) => {
    const urls = { publicUrl, orgName: membershipOf(request).orgName };
    const size = await repositorySize(repositories.pathOf(located.repository));
    return toGitRepository(located, urls, size, includeLinks);
  };

  const list = async (request: FastifyRequest<ListRoute>) => {
    const listed = await repositories.list(membershipOf(request).orgId, request.params.project);
    if (!listed.ok) throw repositoryApiError(listed);
    const includeLinks = request.query.includeLinks === true;
    const value = await Promise.all(listed.value.map((located) => view(request, located, includeLinks)));
    return { count: value.length, value };
  };

  const get = async (request: FastifyRequest<GetRoute>) => {
    const { project, repositoryId } = request.params;
    const found = await repositories.find(membershipOf(request).orgId, project, repositoryId);
    if (!found.ok) throw repositoryApiError(found);
    return view(request, found.value, request.query.includeLinks === true);
  };

  const create = async (request: FastifyRequest<CreateRoute>, reply: FastifyReply) => {
    const membership = membershipOf(request);
    const project = projectOfCreate(request.params.project, request.body.project);
    const actor = requestActor(request, principalOf(request));
    const created = await repositories.create(actor, membership.orgId, project, request.body.name);
    if (!created.ok) throw repositoryApiError(created);
    reply.code(201);
    return view(request, created.value, false);
  };

  const listSchema = (params: object) => ({
    tags: TAGS,
    summary: "List repositories",
    params,
    querystring: RepositoryQuerySchema,
    response: { 200: GitRepositoriesSchema },
  });
  const getSchema = (params: object) => ({
    tags: TAGS,
    summary: "Get a repository by id or name",
    params,
    querystring: RepositoryQuerySchema,
    response: { 200: GitRepositorySchema },
  });
  const createSchema = (params: object) => ({
    tags: TAGS,
    summary: "Create an empty repository",
    params,
    querystring: CreateRepositoryQuerySchema,
    body: GitRepositoryCreateOptionsSchema,
    response: { 201: GitRepositorySchema },
  });

  for (const [prefix, params] of [
    ["/:org/:project", ProjectParamsSchema],
    ["/:org", OrgParamsSchema],
  ] as const) {
    app.get<ListRoute>(`${prefix}/_apis/git/repositories`, { onRequest: read, schema: listSchema(params) }, list);
    app.post<CreateRoute>(
      `${prefix}/_apis/git/repositories`,
      { onRequest: manage, schema: createSchema(params) },
      create,
    );
  }
  app.get<GetRoute>(
    "/:org/:project/_apis/git/repositories/:repositoryId",
    { onRequest: read, schema: getSchema(ProjectRepositoryParamsSchema) },
    get,
  );
  app.get<GetRoute>(
    "/:org/_apis/git/repositories/:repositoryId",
    { onRequest: read, schema: getSchema(OrgRepositoryParamsSchema) },
    get,
  );
}

/**
 * The project a repository is created in: the URL's when it names one (the body's `project`, which
 * the official client fills in too, is then redundant), else the body's, by id or name.
 */
function projectOfCreate(fromUrl: string | undefined, fromBody: { id?: string; name?: string } | undefined): string {
  if (fromUrl !== undefined) return fromUrl;
  const named = fromBody?.id ?? fromBody?.name;
  if (named === undefined) throw new ApiError("badRequest", "The project of the new repository is required.");
  return named;
}
