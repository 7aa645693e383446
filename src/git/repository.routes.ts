/**
 * The Git area's repositories (SPEC section 6), what `GitApi.getRepositories()`,
 * `getRepository()`, `createRepository()`, `updateRepository()` and `deleteRepository()` of the
 * official client call: `GET|POST /{org}/{project}/_apis/git/repositories`,
 * `GET|PATCH|DELETE …/repositories/{repositoryId}`, and the same without `{project}` for the
 * whole organization. Reading needs `vso.code` and the reader role; creating, renaming and
 * deleting need `vso.code_manage` and the admin role.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { ApiError } from "../http/error-catalog.js";
import { membershipOf, principalOf, requestActor } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import { repositorySize } from "./bare-repository.js";
import {
  CreateRepositoryQuerySchema,
  GitRepositoriesSchema,
  GitRepositoryCreateOptionsSchema,
  GitRepositorySchema,
  GitRepositoryUpdateSchema,
  OrgParamsSchema,
  OrgRepositoryParamsSchema,
  ProjectParamsSchema,
  ProjectRepositoryParamsSchema,
  RepositoryQuerySchema,
  RepositoryWriteQuerySchema,
} from "./repository.schemas.js";
import type { LocatedRepository, RepositoryService } from "./repository.service.js";
import { type RepositoryViewOptions, toGitRepository } from "./repository-view.js";
import { repositoryApiError } from "./request-context.js";

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
type DeleteRoute = {
  Params: { org: string; project?: string; repositoryId: string };
  Querystring: Static<typeof RepositoryWriteQuerySchema>;
};
type UpdateRoute = DeleteRoute & { Body: Static<typeof GitRepositoryUpdateSchema> };

/** Registers the repositories routes. */
export function registerRepositoryRoutes(app: FastifyInstance, deps: RouteDeps, repositories: RepositoryService) {
  const read = deps.guard({ org: true, scope: "vso.code", minRole: "reader" });
  const manage = deps.guard({ org: true, scope: "vso.code_manage", minRole: "admin" });
  const { publicUrl } = deps.services.config;

  const view = async (request: FastifyRequest, located: LocatedRepository, options: RepositoryViewOptions) => {
    const urls = { publicUrl, orgName: membershipOf(request).orgName };
    const size = await repositorySize(repositories.pathOf(located.repository));
    return toGitRepository(located, urls, size, options);
  };

  const list = async (request: FastifyRequest<ListRoute>) => {
    const listed = await repositories.list(membershipOf(request).orgId, request.params.project);
    if (!listed.ok) throw repositoryApiError(listed);
    const options = viewOptions(request.query);
    const value = await Promise.all(listed.value.map((located) => view(request, located, options)));
    return { count: value.length, value };
  };

  const get = async (request: FastifyRequest<GetRoute>) => {
    const { project, repositoryId } = request.params;
    const found = await repositories.find(membershipOf(request).orgId, project, repositoryId);
    if (!found.ok) throw repositoryApiError(found);
    return view(request, found.value, viewOptions(request.query));
  };

  const create = async (request: FastifyRequest<CreateRoute>, reply: FastifyReply) => {
    const membership = membershipOf(request);
    const project = projectOfCreate(request.params.project, request.body.project);
    const actor = requestActor(request, principalOf(request));
    const created = await repositories.create(actor, membership.orgId, project, request.body.name);
    if (!created.ok) throw repositoryApiError(created);
    reply.code(201);
    return view(request, created.value, { includeLinks: false, includeAllUrls: false });
  };

  const update = async (request: FastifyRequest<UpdateRoute>) => {
    const { project, repositoryId } = request.params;
    const actor = requestActor(request, principalOf(request));
    const { name, defaultBranch, isDisabled } = request.body;
    const changes = { name, defaultBranch, isDisabled };
    const updated = await repositories.update(actor, membershipOf(request).orgId, project, repositoryId, changes);
    if (!updated.ok) throw repositoryApiError(updated);
    return view(request, updated.value, { includeLinks: false, includeAllUrls: false });
  };

  const remove = async (request: FastifyRequest<DeleteRoute>, reply: FastifyReply) => {
    const { project, repositoryId } = request.params;
    const actor = requestActor(request, principalOf(request));
    const removed = await repositories.remove(actor, membershipOf(request).orgId, project, repositoryId);
    if (!removed.ok) throw repositoryApiError(removed);
    return reply.code(204).send();
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

  const updateSchema = (params: object) => ({
    tags: TAGS,
    summary: "Rename a repository (by id)",
    params,
    querystring: RepositoryWriteQuerySchema,
    body: GitRepositoryUpdateSchema,
    response: { 200: GitRepositorySchema },
  });
  const deleteSchema = (params: object) => ({
    tags: TAGS,
    summary: "Delete a repository (by id) for good: there is no recycle bin",
    params,
    querystring: RepositoryWriteQuerySchema,
  });

  for (const [prefix, params] of [
    ["/:org/:project", ProjectRepositoryParamsSchema],
    ["/:org", OrgRepositoryParamsSchema],
  ] as const) {
    const one = `${prefix}/_apis/git/repositories/:repositoryId`;
    app.patch<UpdateRoute>(one, { onRequest: manage, schema: updateSchema(params) }, update);
    app.delete<DeleteRoute>(one, { onRequest: manage, schema: deleteSchema(params) }, remove);
  }
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

/** What a read's query asks to include. */
function viewOptions(query: Static<typeof RepositoryQuerySchema>): RepositoryViewOptions {
  return { includeLinks: query.includeLinks === true, includeAllUrls: query.includeAllUrls === true };
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
