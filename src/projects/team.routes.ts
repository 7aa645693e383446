/**
 * The Core area's teams (Azure DevOps' Teams API, read-only): what `CoreApi.getTeams()`,
 * `getTeam()`, `getAllTeams()` and `getTeamMembersWithExtendedProperties()` of the official
 * clients call, often right after listing projects. Every project has one team, its default
 * team (see team-view.ts). Reading teams needs what reading projects needs: `vso.project` and at
 * least the reader role, and a project of another organization reads as one that does not exist.
 */

import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import { ApiError } from "../http/error-catalog.js";
import { membershipOf } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import { listMembers } from "../orgs/org.repository.js";
import { findProject, listProjects, type ProjectRow } from "./project.repository.js";
import { projectNotFoundMessage, teamNotFoundMessage } from "./project-errors.js";

import {
  DEFAULT_TEAMS_PAGE,
  GetTeamQuerySchema,
  ListTeamsQuerySchema,
  OrgTeamsParamsSchema,
  ProjectTeamsParamsSchema,
  TeamMembersQuerySchema,
  TeamMembersSchema,
  TeamParamsSchema,
  WebApiTeamSchema,
  WebApiTeamsSchema,
} from "./team.schemas.js";
import { namesDefaultTeam, toTeamMember, toWebApiTeam } from "./team-view.js";

const TAGS = ["Core"];

/** Registers the teams routes. */
export function registerTeamRoutes(app: FastifyInstance, deps: RouteDeps) {
  const guard = deps.guard({ org: true, scope: "vso.project", minRole: "reader" });
  const { store, config } = deps.services;
  const urlsOf = (membership: { orgName: string }) => ({ publicUrl: config.publicUrl, orgName: membership.orgName });
  const page = (query: { $top?: number; $skip?: number }) => ({
    skip: query.$skip ?? 0,
    top: query.$top ?? DEFAULT_TEAMS_PAGE,
  });

  /** The project of the URL in the caller's organization, or the 404 a project GET answers. */
  async function projectOf(orgId: string, projectId: string): Promise<ProjectRow> {
    const project = await findProject(store.db, orgId, projectId);
    if (project === undefined) throw new ApiError("projectNotFound", projectNotFoundMessage(projectId));
    return project;
  }

  /** The project of the URL if `teamId` names its team, else a 404. */
  async function teamOf(orgId: string, params: Static<typeof TeamParamsSchema>): Promise<ProjectRow> {
    const project = await projectOf(orgId, params.projectId);
    if (!namesDefaultTeam(project, params.teamId)) throw new ApiError("notFound", teamNotFoundMessage(params.teamId));
    return project;
  }

  app.get<{ Params: Static<typeof OrgTeamsParamsSchema>; Querystring: Static<typeof ListTeamsQuerySchema> }>(
    "/:org/_apis/teams",
    {
      onRequest: guard,
      schema: {
        tags: TAGS,
        summary: "List the teams of every project of the organization (one per project), by project name",
        params: OrgTeamsParamsSchema,
        querystring: ListTeamsQuerySchema,
        response: { 200: WebApiTeamsSchema },
      },
    },
    async (request) => {
      const membership = membershipOf(request);
      // $mine changes nothing: every member of the organization is a member of every team.
      const projects = await listProjects(store.db, membership.orgId, page(request.query));
      return { count: projects.length, value: projects.map((project) => toWebApiTeam(project, urlsOf(membership))) };
    },
  );

  app.get<{ Params: Static<typeof ProjectTeamsParamsSchema>; Querystring: Static<typeof ListTeamsQuerySchema> }>(
    "/:org/_apis/projects/:projectId/teams",
    {
      onRequest: guard,
      schema: {
        tags: TAGS,
        summary: "List a project's teams: its default team",
        params: ProjectTeamsParamsSchema,
        querystring: ListTeamsQuerySchema,
        response: { 200: WebApiTeamsSchema },
      },
    },
    async (request) => {
      const membership = membershipOf(request);
      const project = await projectOf(membership.orgId, request.params.projectId);
      const { skip, top } = page(request.query);
      const teams = [toWebApiTeam(project, urlsOf(membership))];
      const value = teams.slice(skip, skip + top);
      return { count: value.length, value };
    },
  );

  app.get<{ Params: Static<typeof TeamParamsSchema>; Querystring: Static<typeof GetTeamQuerySchema> }>(
    "/:org/_apis/projects/:projectId/teams/:teamId",
    {
      onRequest: guard,
      schema: {
        tags: TAGS,
        summary: "Get a project's team by id or name",
        params: TeamParamsSchema,
        querystring: GetTeamQuerySchema,
        response: { 200: WebApiTeamSchema },
      },
    },
    async (request) => {
      const membership = membershipOf(request);
      const project = await teamOf(membership.orgId, request.params);
      return toWebApiTeam(project, urlsOf(membership));
    },
  );

  app.get<{ Params: Static<typeof TeamParamsSchema>; Querystring: Static<typeof TeamMembersQuerySchema> }>(
    "/:org/_apis/projects/:projectId/teams/:teamId/members",
    {
      onRequest: guard,
      schema: {
        tags: TAGS,
        summary:
          "List a team's members: the organization's members, by username; its administrators administer the team",
        params: TeamParamsSchema,
        querystring: TeamMembersQuerySchema,
        response: { 200: TeamMembersSchema },
      },
    },
    async (request) => {
      const membership = membershipOf(request);
      await teamOf(membership.orgId, request.params);
      const { skip, top } = page(request.query);
      const members = await listMembers(store.db, membership.orgId, { skip, limit: top });
      return { count: members.length, value: members.map(toTeamMember) };
    },
  );
}
