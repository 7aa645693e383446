/** Request and response schemas of Patina's instance user routes (`/_apis/patina/users`), for validation and OpenAPI. */
import { Type } from "typebox";
import { MAX_USER_DISPLAY_NAME_LENGTH } from "../domain/names.js";
import { MAX_USER_PAGE_SIZE, MAX_USER_SEARCH_LENGTH } from "./users.service.js";

const ApiVersion = Type.Optional(Type.String());

export const UserSchema = Type.Object(
  {
    id: Type.String({ description: "The user's id (a GUID)" }),
    username: Type.String(),
    displayName: Type.String(),
    email: Type.String(),
    isAdmin: Type.Boolean({ description: "An instance administrator" }),
    isDisabled: Type.Boolean({ description: "A disabled user's tokens and sessions do not work" }),
    createdAt: Type.String({ format: "date-time" }),
  },
  { $id: "PatinaUser" },
);

export const UserPageSchema = Type.Object({
  users: Type.Array(Type.Ref("PatinaUser")),
  continuationToken: Type.Union([Type.String(), Type.Null()], {
    description: "Pass it back for the next page; null on the last page",
  }),
});

export const UserParamsSchema = Type.Object({
  id: Type.String({ maxLength: 64, description: "The user's id (a GUID)" }),
});

export const UserListQuerySchema = Type.Object({
  search: Type.Optional(
    Type.String({
      maxLength: MAX_USER_SEARCH_LENGTH,
      description: "Users whose username, display name or e-mail address contains this text, ignoring case",
    }),
  ),
  $top: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_USER_PAGE_SIZE, description: "Page size (default 100)" }),
  ),
  continuationToken: Type.Optional(Type.String({ maxLength: 512 })),
  "api-version": ApiVersion,
});

export const CreateUserBodySchema = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 64,
      description: "1–63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit",
    }),
    email: Type.String({ minLength: 1, maxLength: 320 }),
    displayName: Type.Optional(
      Type.String({ maxLength: MAX_USER_DISPLAY_NAME_LENGTH * 2, description: "Defaults to the username" }),
    ),
    password: Type.String({ minLength: 8, maxLength: 1024, description: "At least 8 characters" }),
    isAdmin: Type.Optional(Type.Boolean({ description: "Make the user an instance administrator" })),
  },
  { additionalProperties: false },
);

export const UpdateUserBodySchema = Type.Object(
  { isDisabled: Type.Boolean({ description: "true disables the user (tokens and sessions stop), false enables" }) },
  { additionalProperties: false },
);

export const ApiVersionQuerySchema = Type.Object({ "api-version": ApiVersion });
