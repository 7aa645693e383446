/** Request and response schemas of the refs route (Azure DevOps' `GitRef` and `GetRefs` query). */
import { Type } from "typebox";

/** Most refs in one page, as Azure DevOps caps `$top`. */
export const MAX_REFS_PAGE = 1000;
/** The page size when only a continuation token is given, as in Azure DevOps. */
export const DEFAULT_REFS_PAGE = 100;

const flag = (description: string) => Type.Optional(Type.Boolean({ description }));

/** Query of `GET …/repositories/{repositoryId}/refs`. */
export const RefsQuerySchema = Type.Object({
  filter: Type.Optional(
    Type.String({
      maxLength: 400,
      description: "Only refs whose name, without the leading refs/, starts with this (e.g. heads/ or tags/v1)",
    }),
  ),
  filterContains: Type.Optional(
    Type.String({ maxLength: 400, description: "Only refs whose name contains this, ignoring case" }),
  ),
  $top: Type.Optional(
    Type.Integer({
      description: `The most refs to return (at most ${MAX_REFS_PAGE}; 0 or less: all). Default: all, or ${DEFAULT_REFS_PAGE} with a continuationToken`,
    }),
  ),
  continuationToken: Type.Optional(
    Type.String({
      maxLength: 1000,
      description: "Where the page starts: the x-ms-continuationtoken header of the previous answer",
    }),
  ),
  peelTags: flag("For annotated tags, also return peeledObjectId, the id of the tagged object"),
  includeLinks: flag("Accepted; refs have no links in Patina"),
  includeStatuses: flag("Accepted; Patina has no commit statuses"),
  latestStatusesOnly: flag("Accepted; Patina has no commit statuses"),
  includeMyBranches: flag("Not supported: true is a 400"),
  "api-version": Type.Optional(Type.String()),
});

/** Azure DevOps' `GitRef` (Patina does not know who created a ref, so `creator` is left out). */
export const GitRefSchema = Type.Object({
  name: Type.String(),
  objectId: Type.String(),
  peeledObjectId: Type.Optional(Type.String()),
  url: Type.String(),
});

/** The refs list: `{count, value: GitRef[]}`. */
export const GitRefsSchema = Type.Object({ count: Type.Integer(), value: Type.Array(GitRefSchema) });
