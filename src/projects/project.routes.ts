/**
 * The Core area's projects (SPEC section 6): `GET /{org}/_apis/projects` and
 * `GET /{org}/_apis/projects/{projectId}`, what `CoreApi.getProjects()` / `getProject()` of the
 * official client call. Both need `vso.project` and at least the reader role; Patina has no
 * per-project permissions, so a reader sees every project of the organization. Each project's
 * one team is served by team.routes.ts.
 */

import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import { ApiError } from "../http/error-catalog.js";
import { membershipOf } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import { findProject, listProjects } from "./project.repository.js";
import {
  DEFAULT_PROJECTS_PAGE,
  GetProjectQuerySchema,
  ListProjectsQuerySchema,
  OrgParamsSchema,
  PROJECT_STATES,
  ProjectParamsSchema,
  TeamProjectReferencesSchema,
  TeamProjectSchema,
} from "./project.schemas.js";
import { projectNotFoundMessage } from "./project-errors.js";
import { projectsUrl, toProjectReference, toTeamProject } from "./project-view.js";

import { registerTeamRoutes } from "./team.routes.js";

const TAGS = ["Core"];
const STATE_FILTER_MESSAGE =
  "stateFilter must be one of: wellFormed, all, new, createPending, deleting, deleted, unchanged.";
/** The response header Azure DevOps uses to say where the next page of projects starts. */
const CONTINUATION_HEADER = "x-ms-continuationtoken";

/** Registers the projects routes. */
export function registerProjectRoutes(app: FastifyInstance, deps: RouteDeps) {
  const guard = deps.guard({ org: true, scope: "vso.project", minRole: "reader" });
  const { store, config } = deps.services;

  app.get<{ Params: Static<typeof OrgParamsSchema>; Querystring: Static<typeof ListProjectsQuerySchema> }>(
    "/:org/_apis/projects",
    {
      onRequest: guard,
      schema: {
        tags: TAGS,
        summary: "List the organization's projects",
        params: OrgParamsSchema,
        querystring: ListProjectsQuerySchema,
        response: { 200: TeamProjectReferencesSchema },
      },
    },
    async (request, reply) => {
      const membership = membershipOf(request);
      const { stateFilter, $top, $skip, continuationToken } = request.query;
      const state = (stateFilter ?? "wellFormed").toLowerCase();
      if (!PROJECT_STATES.includes(state)) {
        throw new ApiError("badRequest", STATE_FILTER_MESSAGE);
      }
      // Every Patina project is wellFormed, so the other states have nothing to list.
      if (state !== "wellformed" && state !== "all") return { count: 0, value: [] };
      const top = $top ?? DEFAULT_PROJECTS_PAGE;
      // The continuation token is the count already fetched, so it replaces $skip rather than adding to it.
      const skip = continuationToken ?? $skip ?? 0;
      // One row more than asked tells whether another page exists without a count query.
      const rows = await listProjects(store.db, membership.orgId, { skip, top: top + 1 });
      const page = rows.slice(0, top);
      if (rows.length > top) reply.header(CONTINUATION_HEADER, String(skip + top));
      const collectionUrl = projectsUrl(config.publicUrl, membership.orgName);
      return { count: page.length, value: page.map((row) => toProjectReference(row, collectionUrl)) };
    },
  );

  app.get<{ Params: Static<typeof ProjectParamsSchema>; Querystring: Static<typeof GetProjectQuerySchema> }>(
    "/:org/_apis/projects/:projectId",
    {
      onRequest: guard,
      schema: {
        tags: TAGS,
        summary: "Get a project by id or name",
        params: ProjectParamsSchema,
        querystring: GetProjectQuerySchema,
        response: { 200: TeamProjectSchema },
      },
    },
    async (request) => {
      const membership = membershipOf(request);
      const { projectId } = request.params;
      const row = await findProject(store.db, membership.orgId, projectId);
      if (row === undefined) throw new ApiError("projectNotFound", projectNotFoundMessage(projectId));
      const urls = { publicUrl: config.publicUrl, orgName: membership.orgName };
      return toTeamProject(row, urls, request.query.includeCapabilities === true);
    },
  );

  // Teams live under projects (and share their guard), so they are registered with them.
  registerTeamRoutes(app, deps);
}
