/** Request and response schemas of the Core area's teams routes (Azure DevOps shapes), for validation and OpenAPI. */
import { Type } from "typebox";

/** Largest page, as for projects; a larger `$top` is capped to it (http/lenient-input.ts). */
export const MAX_TEAMS_PAGE = 1000;
/** Teams or members per page when `$top` is not given (Azure DevOps' default). */
export const DEFAULT_TEAMS_PAGE = 100;

const PROJECT_ID = Type.String({ minLength: 1, maxLength: 200, description: "The project's id or name" });
const TEAM_ID = Type.String({
  minLength: 1,
  maxLength: 300,
  description: "The team's id or name (case-insensitive); each project has one team, '{project name} Team'",
});
const API_VERSION = Type.Optional(Type.String());
const TOP = Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TEAMS_PAGE }));
const SKIP = Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 }));
const MINE = Type.Optional(
  Type.Boolean({
    description: "Only teams the caller is a member of; every member of the organization is in every team",
  }),
);
const EXPAND_IDENTITY = Type.Optional(
  Type.Boolean({ description: "Accepted for compatibility; Patina has no team identities to expand" }),
);

/** Path of the organization's teams. */
export const OrgTeamsParamsSchema = Type.Object({ org: Type.String({ maxLength: 64 }) });

/** Path of a project's teams. */
export const ProjectTeamsParamsSchema = Type.Object({ org: Type.String({ maxLength: 64 }), projectId: PROJECT_ID });

/** Path of one team (and of its members). */
export const TeamParamsSchema = Type.Object({
  org: Type.String({ maxLength: 64 }),
  projectId: PROJECT_ID,
  teamId: TEAM_ID,
});

/** Query of a team list (Azure DevOps parameters). */
export const ListTeamsQuerySchema = Type.Object({
  $mine: MINE,
  $top: TOP,
  $skip: SKIP,
  $expandIdentity: EXPAND_IDENTITY,
  "api-version": API_VERSION,
});

/** Query of one team. */
export const GetTeamQuerySchema = Type.Object({ $expandIdentity: EXPAND_IDENTITY, "api-version": API_VERSION });

/** Query of a team's members. */
export const TeamMembersQuerySchema = Type.Object({ $top: TOP, $skip: SKIP, "api-version": API_VERSION });

const teamRefProperties = {
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  url: Type.String(),
};

/** Azure DevOps `WebApiTeamRef` (a project's `defaultTeam`). */
export const WebApiTeamRefSchema = Type.Object(teamRefProperties);

/** Azure DevOps `WebApiTeam`. */
export const WebApiTeamSchema = Type.Object({
  ...teamRefProperties,
  description: Type.String(),
  identityUrl: Type.String(),
  projectName: Type.String(),
  projectId: Type.String({ format: "uuid" }),
});

/** A team list: `{count, value: WebApiTeam[]}`. */
export const WebApiTeamsSchema = Type.Object({ count: Type.Integer(), value: Type.Array(WebApiTeamSchema) });

/** Azure DevOps `TeamMember`: an `IdentityRef` and whether it administers the team. */
export const TeamMemberSchema = Type.Object({
  identity: Type.Object({
    id: Type.String({ format: "uuid" }),
    displayName: Type.String(),
    uniqueName: Type.String(),
    descriptor: Type.String(),
    inactive: Type.Boolean(),
  }),
  isTeamAdmin: Type.Boolean(),
});

/** A team's members: `{count, value: TeamMember[]}`. */
export const TeamMembersSchema = Type.Object({ count: Type.Integer(), value: Type.Array(TeamMemberSchema) });
