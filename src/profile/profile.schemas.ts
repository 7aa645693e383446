/** Request and response schemas of the Profile area (Azure DevOps shapes), for validation and OpenAPI. */
import { Type } from "typebox";

/** Path of the profile route. */
export const ProfileParamsSchema = Type.Object({
  id: Type.String({ maxLength: 64, description: "`me`, or the caller's own id" }),
});

/** Query of the profile route (Azure DevOps parameters). */
export const ProfileQuerySchema = Type.Object({
  details: Type.Optional(
    Type.Boolean({ description: "Also return coreAttributes (DisplayName, EmailAddress, PublicAlias)" }),
  ),
  withAttributes: Type.Optional(Type.Boolean({ description: "Accepted; Patina keeps no application attributes" })),
  partition: Type.Optional(Type.String({ maxLength: 64 })),
  coreAttributes: Type.Optional(Type.String({ maxLength: 256 })),
  forceRefresh: Type.Optional(Type.Boolean()),
  "api-version": Type.Optional(Type.String()),
});

const CoreAttributeSchema = Type.Object({
  descriptor: Type.Object({ attributeName: Type.String(), containerName: Type.Literal("Core") }),
  value: Type.String(),
  timeStamp: Type.String({ format: "date-time" }),
  revision: Type.Integer(),
});

/** Azure DevOps `Profile`. */
export const ProfileSchema = Type.Object({
  displayName: Type.String(),
  publicAlias: Type.String({ format: "uuid" }),
  emailAddress: Type.String(),
  coreRevision: Type.Integer(),
  timeStamp: Type.String({ format: "date-time" }),
  id: Type.String({ format: "uuid" }),
  revision: Type.Integer(),
  coreAttributes: Type.Optional(
    Type.Object({
      DisplayName: CoreAttributeSchema,
      EmailAddress: CoreAttributeSchema,
      PublicAlias: CoreAttributeSchema,
    }),
  ),
});
