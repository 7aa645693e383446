/** Request and response schemas of the PAT lifecycle API (Azure DevOps shapes), for validation and OpenAPI. */
import { Type } from "typebox";

const Uuid = Type.String({ format: "uuid", description: "A GUID" });

export const PatTokenSchema = Type.Object(
  {
    displayName: Type.String(),
    validTo: Type.String({ format: "date-time" }),
    scope: Type.String({ description: "Space-separated scopes, or app_token for full access" }),
    targetAccounts: Type.Union([Type.Array(Uuid), Type.Null()], {
      description: "Target organization ids; null when the token targets all of the owner's organizations",
    }),
    validFrom: Type.String({ format: "date-time" }),
    authorizationId: Uuid,
    token: Type.Union([Type.String(), Type.Null()], {
      description: "The token value: only in the create and regenerate responses",
    }),
    status: Type.Union([Type.Literal("active"), Type.Literal("expired"), Type.Literal("revoked")]),
    lastUsedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    lastUsedIps: Type.Array(Type.String()),
    tokenHint: Type.String({ description: "Non-secret hint: the prefix and first characters" }),
  },
  { $id: "PatToken" },
);

export const PatTokenResultSchema = Type.Object(
  {
    patToken: Type.Ref("PatToken"),
    patTokenError: Type.Literal("none"),
  },
  { $id: "PatTokenResult" },
);

export const PagedPatTokensSchema = Type.Object(
  {
    continuationToken: Type.String({ description: 'The next page\'s continuation token; "" on the last page.' }),
    patTokens: Type.Array(Type.Ref("PatToken")),
    totalCount: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: "Patina's addition, with includeTotalCount=true: the tokens matching the filter and search",
      }),
    ),
  },
  { $id: "PagedPatTokens" },
);

export const PatTokenCreateRequestSchema = Type.Object(
  {
    displayName: Type.String({ maxLength: 1024 }),
    scope: Type.String({ maxLength: 4096 }),
    validTo: Type.Optional(
      Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
        description:
          "When the token expires (ISO 8601). Absent or null: in 30 days, or at the policy's maximum lifespan if that is shorter",
      }),
    ),
    allOrgs: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PatTokenUpdateRequestSchema = Type.Object(
  {
    authorizationId: Type.String({ maxLength: 64 }),
    displayName: Type.Optional(Type.String({ maxLength: 1024 })),
    scope: Type.Optional(Type.String({ maxLength: 4096 })),
    validTo: Type.Optional(
      Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
        description: "The new expiry (ISO 8601). Absent or null: unchanged",
      }),
    ),
    allOrgs: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const OrgParamsSchema = Type.Object({ org: Type.String({ maxLength: 64 }) });

export const AuthorizationIdQuerySchema = Type.Object({
  authorizationId: Type.String({ maxLength: 64 }),
  "api-version": Type.Optional(Type.String()),
});

export const RegenerateQuerySchema = Type.Object({
  authorizationId: Type.String({ maxLength: 64 }),
  gracePeriodHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 })),
  "api-version": Type.Optional(Type.String()),
});

/** GET /tokens/pats: with authorizationId it gets one token, without it lists. */
export const ListQuerySchema = Type.Object({
  authorizationId: Type.Optional(Type.String({ maxLength: 64 })),
  displayFilterOption: Type.Optional(
    Type.Union([Type.Literal("active"), Type.Literal("revoked"), Type.Literal("expired"), Type.Literal("all")]),
  ),
  sortByOption: Type.Optional(
    Type.Union([Type.Literal("displayName"), Type.Literal("displayDate"), Type.Literal("status")]),
  ),
  isSortAscending: Type.Optional(Type.Boolean()),
  continuationToken: Type.Optional(Type.String({ maxLength: 512 })),
  $top: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  search: Type.Optional(
    Type.String({
      maxLength: 256,
      description: "Patina's addition: only tokens whose name contains this text, in any case",
    }),
  ),
  includeTotalCount: Type.Optional(
    Type.Boolean({ description: "Patina's addition: add totalCount, the tokens matching the filter and search" }),
  ),
  "api-version": Type.Optional(Type.String()),
});
