/** Request and response schemas of Patina's member routes (`/{org}/_apis/patina/members`), for validation and OpenAPI. */
import { Type } from "typebox";
import { ORG_ROLES } from "../domain/roles.js";
import { MAX_MEMBER_PAGE_SIZE, MAX_MEMBER_SEARCH_LENGTH } from "./members.service.js";

const ApiVersion = Type.Optional(Type.String());
const Role = Type.Union(
  ORG_ROLES.map((role) => Type.Literal(role)),
  { description: "reader < contributor < admin (admin is Azure DevOps' Project Collection Administrator)" },
);

export const MemberSchema = Type.Object(
  {
    userId: Type.String({ description: "The user's id (a GUID)" }),
    username: Type.String(),
    displayName: Type.String(),
    email: Type.String(),
    role: Role,
    isDisabled: Type.Boolean({ description: "A disabled user's tokens and sessions do not work anywhere" }),
    addedAt: Type.String({ format: "date-time", description: "When the user joined the organization" }),
  },
  { $id: "PatinaMember" },
);

export const MemberPageSchema = Type.Object({
  members: Type.Array(Type.Ref("PatinaMember")),
  continuationToken: Type.Union([Type.String(), Type.Null()], {
    description: "Pass it back for the next page; null on the last page",
  }),
});

export const OrgParamsSchema = Type.Object({ org: Type.String({ maxLength: 64 }) });

export const MemberParamsSchema = Type.Object({
  org: Type.String({ maxLength: 64 }),
  userId: Type.String({ maxLength: 64, description: "The member's user id (a GUID)" }),
});

export const MemberListQuerySchema = Type.Object({
  search: Type.Optional(
    Type.String({
      maxLength: MAX_MEMBER_SEARCH_LENGTH,
      description: "Members whose username, display name or e-mail address contains this text, ignoring case",
    }),
  ),
  $top: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_MEMBER_PAGE_SIZE, description: "Page size (default 100)" }),
  ),
  continuationToken: Type.Optional(Type.String({ maxLength: 512 })),
  "api-version": ApiVersion,
});

export const AddMemberBodySchema = Type.Object(
  {
    user: Type.String({
      minLength: 1,
      maxLength: 128,
      description: "The user to add: username, user id or subject descriptor (patina.…)",
    }),
    role: Role,
  },
  { additionalProperties: false },
);

export const UpdateMemberBodySchema = Type.Object({ role: Role }, { additionalProperties: false });

export const ApiVersionQuerySchema = Type.Object({ "api-version": ApiVersion });
