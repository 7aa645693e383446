/** Request and response schemas of the Location area (Azure DevOps shapes), for validation and OpenAPI. */
import { Type } from "typebox";

const Guid = Type.String({ format: "uuid" });

/** Path of the organization variants. */
export const OrgParamsSchema = Type.Object({ org: Type.String({ maxLength: 64 }) });

/** Path of `OPTIONS /_apis/{area}`. */
export const AreaParamsSchema = Type.Object({ area: Type.String({ maxLength: 64 }) });

/** Path of `OPTIONS /{org}/_apis/{area}`. */
export const OrgAreaParamsSchema = Type.Object({
  org: Type.String({ maxLength: 64 }),
  area: Type.String({ maxLength: 64 }),
});

/** Path of `GET /_apis/resourceAreas/{areaId}`. */
export const AreaIdParamsSchema = Type.Object({ areaId: Type.String({ maxLength: 64 }) });

/** Path of `GET /{org}/_apis/resourceAreas/{areaId}`. */
export const OrgAreaIdParamsSchema = Type.Object({
  org: Type.String({ maxLength: 64 }),
  areaId: Type.String({ maxLength: 64 }),
});

/** Query of the resourceAreas routes. */
export const ResourceAreasQuerySchema = Type.Object({
  organizationName: Type.Optional(
    Type.String({ maxLength: 64, description: "Answer with this organization's URLs (root routes only)" }),
  ),
  "api-version": Type.Optional(Type.String()),
});

/** Query of connectionData; the client may send its cache state. */
export const ConnectionDataQuerySchema = Type.Object({
  connectOptions: Type.Optional(Type.String({ maxLength: 64, description: "Accepted; no extra data is included" })),
  lastChangeId: Type.Optional(Type.Integer()),
  lastChangeId64: Type.Optional(Type.Integer()),
  "api-version": Type.Optional(Type.String()),
});

const ApiResourceLocationSchema = Type.Object({
  id: Guid,
  area: Type.String(),
  resourceName: Type.String(),
  routeTemplate: Type.String(),
  resourceVersion: Type.Integer(),
  minVersion: Type.String(),
  maxVersion: Type.String(),
  releasedVersion: Type.String({ description: '"0.0" while the resource is preview-only' }),
});

/** The OPTIONS answer: `{count, value: ApiResourceLocation[]}`. */
export const ApiResourceLocationsSchema = Type.Object({
  count: Type.Integer(),
  value: Type.Array(ApiResourceLocationSchema),
});

/** One resource area and the URL it is served at. */
export const ResourceAreaInfoSchema = Type.Object({
  id: Guid,
  name: Type.String(),
  locationUrl: Type.String({ description: "Base URL of the area's routes" }),
});

/** The resourceAreas list: `{count, value: ResourceAreaInfo[]}`. */
export const ResourceAreasSchema = Type.Object({
  count: Type.Integer(),
  value: Type.Array(ResourceAreaInfoSchema),
});

const IdentitySchema = Type.Object({
  id: Guid,
  descriptor: Type.String(),
  subjectDescriptor: Type.String(),
  providerDisplayName: Type.String(),
  isActive: Type.Boolean(),
  properties: Type.Object({
    Account: Type.Object({ $type: Type.Literal("System.String"), $value: Type.String() }),
  }),
  resourceVersion: Type.Integer(),
  metaTypeId: Type.Integer(),
});

/** Azure DevOps `ConnectionData`. */
export const ConnectionDataSchema = Type.Object({
  authenticatedUser: IdentitySchema,
  authorizedUser: IdentitySchema,
  instanceId: Type.String({ description: "The organization's id on /{org}/, the deployment's at the root" }),
  deploymentId: Guid,
  deploymentType: Type.Literal("hosted"),
  locationServiceData: Type.Object({
    serviceOwner: Guid,
    defaultAccessMappingMoniker: Type.String(),
    lastChangeId: Type.Integer(),
    lastChangeId64: Type.Integer(),
    accessMappings: Type.Array(
      Type.Object({
        displayName: Type.String(),
        moniker: Type.String(),
        accessPoint: Type.String(),
        serviceOwner: Guid,
        virtualDirectory: Type.String(),
      }),
    ),
  }),
});
