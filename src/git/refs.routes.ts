/**
 * A repository's refs, what `GitApi.getRefs()` of the official client calls:
 * `GET /{org}/{project}/_apis/git/repositories/{repositoryId}/refs` (and without `{project}`,
 * by id). Needs `vso.code` and the reader role, as reading the repository does. The refs are
 * read from the bare repository with `git for-each-ref`; a page that leaves refs out names where
 * the next starts in the `x-ms-continuationtoken` header, as Azure DevOps does. Each listing
 * takes one of the git process slots the smart HTTP routes share (backend-slots.ts), so readers
 * cannot start git processes without bound: none free in time is a 503 with Retry-After.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { ApiError } from "../http/error-catalog.js";
import { membershipOf } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import { type BareRef, listRefs } from "./bare-repository.js";
import { isPlausibleContinuationToken, pageOfRefs } from "./ref-page.js";
import { GitRefsSchema, RefsQuerySchema } from "./refs.schemas.js";
import { OrgRepositoryParamsSchema, ProjectRepositoryParamsSchema } from "./repository.schemas.js";
import type { LocatedRepository, RepositoryService } from "./repository.service.js";
import { repositoryApiError, sendGitSlotsBusy } from "./request-context.js";

type RefsRoute = {
  Params: { org: string; project?: string; repositoryId: string };
  Querystring: Static<typeof RefsQuerySchema>;
};

/** The response header that carries the next page's start. */
const CONTINUATION_HEADER = "x-ms-continuationtoken";

/** Registers the refs routes. */
export function registerRefsRoutes(app: FastifyInstance, deps: RouteDeps, repositories: RepositoryService) {
  const read = deps.guard({ org: true, scope: "vso.code", minRole: "reader" });
  const { publicUrl, gitQueueTimeoutMs } = deps.services.config;
  const slots = deps.services.gitSlots;

  const list = async (request: FastifyRequest<RefsRoute>, reply: FastifyReply) => {
    const { query } = request;
    if (query.includeMyBranches === true) {
      throw new ApiError("badRequest", "Patina does not support includeMyBranches: list the refs with a filter.");
    }
    if (query.continuationToken !== undefined && !isPlausibleContinuationToken(query.continuationToken)) {
      throw new ApiError("badRequest", "The continuation token is not valid: pass back the one the last page gave.");
    }
    const membership = membershipOf(request);
    const found = await repositories.find(membership.orgId, request.params.project, request.params.repositoryId);
    if (!found.ok) throw repositoryApiError(found);
    const release = await slots.acquire(gitQueueTimeoutMs);
    if (release === undefined) return sendGitSlotsBusy(reply);
    const refs = await listRefs(repositories.pathOf(found.value.repository)).finally(release);
    const page = pageOfRefs(refs, {
      filter: query.filter,
      filterContains: query.filterContains,
      top: query.$top,
      continuationToken: query.continuationToken,
    });
    if (page.continuationToken !== undefined) reply.header(CONTINUATION_HEADER, page.continuationToken);
    const refsUrl = refsUrlOf(publicUrl, membership.orgName, found.value);
    const value = page.refs.map((ref) => toGitRef(ref, refsUrl, query.peelTags === true));
    return { count: value.length, value };
  };

  const schema = (params: object) => ({
    tags: ["Git"],
    summary: "List a repository's refs (branches and tags)",
    params,
    querystring: RefsQuerySchema,
    response: { 200: GitRefsSchema },
  });
  app.get<RefsRoute>(
    "/:org/:project/_apis/git/repositories/:repositoryId/refs",
    { onRequest: read, schema: schema(ProjectRepositoryParamsSchema) },
    list,
  );
  app.get<RefsRoute>(
    "/:org/_apis/git/repositories/:repositoryId/refs",
    { onRequest: read, schema: schema(OrgRepositoryParamsSchema) },
    list,
  );
}

/** The refs URL of a repository; Azure DevOps builds it with the project's id, as for the repository. */
function refsUrlOf(publicUrl: string, orgName: string, located: LocatedRepository): string {
  const { repository, project } = located;
  return `${publicUrl}/${encodeURIComponent(orgName)}/${project.id}/_apis/git/repositories/${repository.id}/refs`;
}

/** Azure DevOps' `GitRef`: its URL is the refs URL filtered down to this ref. */
function toGitRef(ref: BareRef, refsUrl: string, peelTags: boolean) {
  const url = `${refsUrl}?filter=${encodeURIComponent(ref.name.slice("refs/".length))}`;
  const peeled = peelTags && ref.peeledObjectId !== undefined ? { peeledObjectId: ref.peeledObjectId } : {};
  return { name: ref.name, objectId: ref.objectId, ...peeled, url };
}
