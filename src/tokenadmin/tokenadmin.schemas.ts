/** Request schemas of the token administration routes (Azure DevOps' tokenadmin area and Patina's own), for validation and OpenAPI. */
import { Type } from "typebox";
import {
  MAX_ADMIN_PAGE_SIZE,
  MAX_EXPIRING_WITHIN_DAYS,
  MAX_REVOCATIONS,
  MAX_SEARCH_LENGTH,
} from "./token-admin.service.js";

const ApiVersion = Type.Optional(Type.String());

export const SubjectParamsSchema = Type.Object({
  org: Type.String({ maxLength: 64 }),
  subjectDescriptor: Type.String({ maxLength: 128, description: "The user's subject descriptor (patina.…) or id" }),
});

export const SessionTokenQuerySchema = Type.Object({
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ADMIN_PAGE_SIZE })),
  continuationToken: Type.Optional(Type.String({ maxLength: 512 })),
  isPublic: Type.Optional(Type.Boolean({ description: "true asks for SSH keys, which Patina does not have" })),
  "api-version": ApiVersion,
});

export const RevocationsBodySchema = Type.Array(
  Type.Object({ authorizationId: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
  { maxItems: MAX_REVOCATIONS, description: "Azure DevOps' TokenAdminRevocation list" },
);

export const RevocationsQuerySchema = Type.Object({
  isPublic: Type.Optional(Type.Boolean()),
  "api-version": ApiVersion,
});

export const RevocationRuleBodySchema = Type.Object(
  {
    scopes: Type.String({
      maxLength: 4096,
      description: "Space-separated scopes; a token granting any of them matches",
    }),
    createdBefore: Type.Optional(
      Type.String({ maxLength: 64, description: "ISO 8601; defaults to now; not in the future" }),
    ),
  },
  { additionalProperties: false },
);

export const OrgTokensQuerySchema = Type.Object({
  user: Type.Optional(
    Type.String({ minLength: 1, maxLength: 128, description: "Username, user id or subject descriptor" }),
  ),
  status: Type.Optional(
    Type.Union([Type.Literal("active"), Type.Literal("revoked"), Type.Literal("expired"), Type.Literal("all")]),
  ),
  scope: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "Tokens granting this scope" })),
  expiringWithinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_EXPIRING_WITHIN_DAYS })),
  search: Type.Optional(
    Type.String({
      maxLength: MAX_SEARCH_LENGTH,
      description: "Tokens whose display name or owner's username contains this text, in any letter case",
    }),
  ),
  includeTotalCount: Type.Optional(
    Type.Boolean({ description: "true adds totalCount: every token the filters match, over all pages" }),
  ),
  $top: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ADMIN_PAGE_SIZE })),
  continuationToken: Type.Optional(Type.String({ maxLength: 512 })),
  "api-version": ApiVersion,
});

export const UserQuerySchema = Type.Object({
  user: Type.String({ minLength: 1, maxLength: 128, description: "Username, user id or subject descriptor" }),
  "api-version": ApiVersion,
});

export const OrgOnlyParamsSchema = Type.Object({ org: Type.String({ maxLength: 64 }) });

/** Revoking every token at once is asked for explicitly: `{"confirm": true}`, so no stray POST does it. */
export const ConfirmBodySchema = Type.Object(
  { confirm: Type.Literal(true, { description: "Must be true: revoking all tokens cannot be undone" }) },
  { additionalProperties: false },
);
