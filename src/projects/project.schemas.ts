/** Request and response schemas of the Core area's projects routes (Azure DevOps shapes), for validation and OpenAPI. */
import { Type } from "typebox";
import { WebApiTeamRefSchema } from "./team.schemas.js";

/** Largest page; a larger `$top` is capped to it, as Azure DevOps does (see http/lenient-input.ts). */
export const MAX_PROJECTS_PAGE = 1000;
/** Projects per page when `$top` is not given. */
export const DEFAULT_PROJECTS_PAGE = 100;

/** Azure DevOps' ProjectState values, lower-cased: stateFilter is matched case-insensitively. */
export const PROJECT_STATES = ["deleting", "new", "wellformed", "createpending", "all", "unchanged", "deleted"];

/** Path of the projects list. */
export const OrgParamsSchema = Type.Object({ org: Type.String({ maxLength: 64 }) });

/** Path of one project; Azure DevOps names the parameter projectId but accepts a name too. */
export const ProjectParamsSchema = Type.Object({
  org: Type.String({ maxLength: 64 }),
  projectId: Type.String({ minLength: 1, maxLength: 200, description: "The project's id or name" }),
});

/** Query of the projects list (Azure DevOps parameters). */
export const ListProjectsQuerySchema = Type.Object({
  stateFilter: Type.Optional(
    Type.String({
      maxLength: 32,
      description: "wellFormed (default), all, or another ProjectState; every Patina project is wellFormed",
    }),
  ),
  $top: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PROJECTS_PAGE })),
  $skip: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  continuationToken: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 2_147_483_647,
      description: "How many projects were already fetched, from the previous page's x-ms-continuationtoken header",
    }),
  ),
  getDefaultTeamImageUrl: Type.Optional(Type.Boolean({ description: "Accepted; Patina has no team images" })),
  "api-version": Type.Optional(Type.String()),
});

/** Query of one project. */
export const GetProjectQuerySchema = Type.Object({
  includeCapabilities: Type.Optional(Type.Boolean()),
  includeHistory: Type.Optional(Type.Boolean({ description: "Accepted; projects are never renamed" })),
  "api-version": Type.Optional(Type.String()),
});

const referenceProperties = {
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  description: Type.String(),
  url: Type.String(),
  state: Type.Literal("wellFormed"),
  revision: Type.Integer(),
  visibility: Type.Union([Type.Literal("private"), Type.Literal("organization"), Type.Literal("public")]),
  lastUpdateTime: Type.String({ format: "date-time" }),
};

/** Azure DevOps `TeamProjectReference`. */
export const TeamProjectReferenceSchema = Type.Object(referenceProperties);

/** The projects list: `{count, value: TeamProjectReference[]}`. */
export const TeamProjectReferencesSchema = Type.Object({
  count: Type.Integer(),
  value: Type.Array(TeamProjectReferenceSchema),
});

const Link = Type.Object({ href: Type.String() });

/** Azure DevOps `TeamProject`. */
export const TeamProjectSchema = Type.Object({
  ...referenceProperties,
  _links: Type.Object({ self: Link }),
  defaultTeam: WebApiTeamRefSchema,
  capabilities: Type.Optional(
    Type.Object({
      versioncontrol: Type.Object({
        sourceControlType: Type.Literal("Git"),
        gitEnabled: Type.Literal("True"),
        tfvcEnabled: Type.Literal("False"),
      }),
    }),
  ),
});
