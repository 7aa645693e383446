/** Request and response schemas of the Git area's repositories routes (Azure DevOps shapes). */
import { Type } from "typebox";
import { TeamProjectReferenceSchema } from "../projects/project.schemas.js";
import { MAX_REPOSITORY_NAME_LENGTH } from "./repository-name.js";

const segment = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });

/** Path of the organization-wide repositories collection. */
export const OrgParamsSchema = Type.Object({ org: Type.String({ maxLength: 64 }) });

/** Path of a project's repositories collection. */
export const ProjectParamsSchema = Type.Object({
  org: Type.String({ maxLength: 64 }),
  project: segment("The project's id or name"),
});

/** Path of one repository of a project. */
export const ProjectRepositoryParamsSchema = Type.Object({
  org: Type.String({ maxLength: 64 }),
  project: segment("The project's id or name"),
  repositoryId: segment("The repository's id or name"),
});

/** Path of one repository anywhere in the organization. */
export const OrgRepositoryParamsSchema = Type.Object({
  org: Type.String({ maxLength: 64 }),
  repositoryId: segment("The repository's id"),
});

/** Query of the repository reads (Azure DevOps parameters). */
export const RepositoryQuerySchema = Type.Object({
  includeLinks: Type.Optional(Type.Boolean()),
  includeAllUrls: Type.Optional(
    Type.Boolean({ description: "Also return validRemoteUrls, every clone URL (Patina has one per repository)" }),
  ),
  includeHidden: Type.Optional(Type.Boolean({ description: "Accepted; Patina hides no repository" })),
  "api-version": Type.Optional(Type.String()),
});

/** Query of repository creation. */
export const CreateRepositoryQuerySchema = Type.Object({
  sourceRef: Type.Optional(Type.String({ maxLength: 400, description: "Accepted; forks are not supported" })),
  "api-version": Type.Optional(Type.String()),
});

/** Azure DevOps' `GitRepositoryCreateOptions`; `project` may name the URL's project again. */
export const GitRepositoryCreateOptionsSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MAX_REPOSITORY_NAME_LENGTH * 2 }),
    project: Type.Optional(
      Type.Object(
        { id: Type.Optional(Type.String({ maxLength: 200 })), name: Type.Optional(Type.String({ maxLength: 200 })) },
        { additionalProperties: true },
      ),
    ),
    // Named so that a fork request is refused rather than dropped as an unknown property (which
    // would create a plain repository): Patina hosts no forks.
    parentRepository: Type.Optional(Type.Null({ description: "Forks are not supported: absent or null only" })),
  },
  { additionalProperties: false },
);

const Link = Type.Object({ href: Type.String() });

/** Azure DevOps' `GitRepository`. */
export const GitRepositorySchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  url: Type.String(),
  project: TeamProjectReferenceSchema,
  defaultBranch: Type.String(),
  size: Type.Integer(),
  remoteUrl: Type.String(),
  webUrl: Type.String(),
  isDisabled: Type.Boolean(),
  isInMaintenance: Type.Boolean(),
  isFork: Type.Boolean(),
  validRemoteUrls: Type.Optional(Type.Array(Type.String())),
  _links: Type.Optional(Type.Object({ self: Link, project: Link, web: Link })),
});

/** The repositories list: `{count, value: GitRepository[]}`. */
export const GitRepositoriesSchema = Type.Object({
  count: Type.Integer(),
  value: Type.Array(GitRepositorySchema),
});

/** Query of the repository writes that take no options (delete, update). */
export const RepositoryWriteQuerySchema = Type.Object({ "api-version": Type.Optional(Type.String()) });

/**
 * Azure DevOps' `GitRepository` as an update: `name` renames; `defaultBranch` and `isDisabled`
 * may only repeat the current value. Other fields are ignored, as clients often send back the
 * whole repository they read.
 */
export const GitRepositoryUpdateSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_REPOSITORY_NAME_LENGTH * 2 })),
    defaultBranch: Type.Optional(Type.String({ maxLength: 400 })),
    isDisabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
