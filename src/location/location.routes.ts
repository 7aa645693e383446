/**
 * The Location area (SPEC section 6): the discovery routes the official clients call before
 * anything else. `OPTIONS /_apis/{area}` lists an area's resource locations,
 * `GET /_apis/resourceAreas` says where each area is served, and `GET /_apis/connectionData`
 * says who the token belongs to. Each also exists under `/{org}/`.
 *
 * OPTIONS and resourceAreas answer anonymously, as in Azure DevOps: clients call them to learn
 * where to send their credentials, some without any, and their answer is the same fixed table
 * for every caller, computed from the URL alone. No token is verified and no database is read,
 * so the answer reveals nothing — not even whether `{org}` exists (an unknown organization gets
 * its URLs too, and every later call there fails with the usual 401). connectionData names the
 * caller, so it needs a valid token (any scope); on `/{org}/` the token must target the org.
 */
import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import type { TokenOwner } from "../auth/verified-token.js";
import { ApiError } from "../http/error-catalog.js";
import { membershipOf, principalOf } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import { buildConnectionData } from "./connection-data.js";
import {
  ApiResourceLocationsSchema,
  AreaIdParamsSchema,
  AreaParamsSchema,
  ConnectionDataQuerySchema,
  ConnectionDataSchema,
  OrgAreaIdParamsSchema,
  OrgAreaParamsSchema,
  OrgParamsSchema,
  ResourceAreaInfoSchema,
  ResourceAreasQuerySchema,
  ResourceAreasSchema,
} from "./location.schemas.js";
import { locationsOfArea, type ResourceAreaInfo, resourceAreasFor } from "./resource-locations.js";

const TAGS = ["Location"];
const JSON_TYPE = "application/json; charset=utf-8";
/** Marks the anonymous routes in the OpenAPI document (they override the default security). */
const ANONYMOUS: [] = [];

/** Registers the Location area's routes. */
export function registerLocationRoutes(app: FastifyInstance, deps: RouteDeps) {
  registerResourceLocations(app);
  registerResourceAreas(app, deps.services.config.publicUrl);
  registerConnectionData(app, deps);
}

function registerResourceLocations(app: FastifyInstance) {
  const answer = (area: string | undefined) => {
    const value = locationsOfArea(area);
    return { count: value.length, value };
  };
  const schema = (summary: string, params?: object) => ({
    tags: TAGS,
    summary,
    security: ANONYMOUS,
    ...(params ? { params } : {}),
    response: { 200: ApiResourceLocationsSchema },
  });
  const all = "Every resource location (anonymous)";
  const one = "The resource locations of one area, e.g. core, git, profile (anonymous)";
  app.options("/_apis", { schema: schema(all) }, async () => answer(undefined));
  app.options("/:org/_apis", { schema: schema(all, OrgParamsSchema) }, async () => answer(undefined));
  app.options<{ Params: Static<typeof AreaParamsSchema> }>(
    "/_apis/:area",
    { schema: schema(one, AreaParamsSchema) },
    async (request) => answer(request.params.area),
  );
  app.options<{ Params: Static<typeof OrgAreaParamsSchema> }>(
    "/:org/_apis/:area",
    { schema: schema(one, OrgAreaParamsSchema) },
    async (request) => answer(request.params.area),
  );
}

function registerResourceAreas(app: FastifyInstance, publicUrl: string) {
  type Query = Static<typeof ResourceAreasQuerySchema>;
  const list = (orgName: string | undefined) => {
    const value = resourceAreasFor(publicUrl, orgName);
    return { count: value.length, value };
  };
  const one = (orgName: string | undefined, areaId: string): ResourceAreaInfo => {
    const found = resourceAreasFor(publicUrl, orgName).find((area) => area.id === areaId.toLowerCase());
    // The id is not repeated: it is a GUID when it is anything, and could be a pasted token.
    if (found === undefined) throw new ApiError("notFound", "No resource area with this id is served here.");
    return found;
  };
  const schema = (summary: string, params: object | undefined, response: object) => ({
    tags: TAGS,
    summary,
    security: ANONYMOUS,
    ...(params ? { params } : {}),
    querystring: ResourceAreasQuerySchema,
    response: { 200: response },
  });
  const listSummary = "Where each resource area is served (anonymous)";
  const oneSummary = "Where one resource area is served (anonymous)";

  app.get<{ Querystring: Query }>(
    "/_apis/resourceAreas",
    { schema: schema(listSummary, undefined, ResourceAreasSchema) },
    async (request) => list(request.query.organizationName),
  );
  app.get<{ Params: Static<typeof AreaIdParamsSchema>; Querystring: Query }>(
    "/_apis/resourceAreas/:areaId",
    { schema: schema(oneSummary, AreaIdParamsSchema, ResourceAreaInfoSchema) },
    async (request) => one(request.query.organizationName, request.params.areaId),
  );
  app.get<{ Params: Static<typeof OrgParamsSchema> }>(
    "/:org/_apis/resourceAreas",
    { schema: schema(listSummary, OrgParamsSchema, ResourceAreasSchema) },
    async (request) => list(request.params.org),
  );
  app.get<{ Params: Static<typeof OrgAreaIdParamsSchema> }>(
    "/:org/_apis/resourceAreas/:areaId",
    { schema: schema(oneSummary, OrgAreaIdParamsSchema, ResourceAreaInfoSchema) },
    async (request) => one(request.params.org, request.params.areaId),
  );
}

function registerConnectionData(app: FastifyInstance, deps: RouteDeps) {
  const { config, instanceId } = deps.services;
  const schema = (summary: string, params?: object) => ({
    tags: TAGS,
    summary,
    ...(params ? { params } : {}),
    querystring: ConnectionDataQuerySchema,
    response: { 200: ConnectionDataSchema },
  });
  /*
   * Every client calls connectionData when it connects, so its body is serialized once per
   * owner record and organization and reused. Owner records belong to the verified-token cache
   * and are replaced when it reloads them, so a changed user (name, e-mail) is never served
   * stale for longer than the token cache TTL; the WeakMap lets old ones be collected.
   */
  const bodies = new WeakMap<TokenOwner, Map<string, string>>();
  const serialized = (owner: TokenOwner, organization?: { id: string; name: string }) => {
    let byOrg = bodies.get(owner);
    if (byOrg === undefined) {
      byOrg = new Map();
      bodies.set(owner, byOrg);
    }
    const key = organization?.id ?? "";
    let body = byOrg.get(key);
    if (body === undefined) {
      body = JSON.stringify(
        buildConnectionData({ owner, publicUrl: config.publicUrl, deploymentId: instanceId, organization }),
      );
      byOrg.set(key, body);
    }
    return body;
  };
  app.get(
    "/_apis/connectionData",
    { onRequest: deps.guard({}), schema: schema("Who the token belongs to, and this deployment's location data") },
    // Not async: this is the route every client calls first and benchmarks measure; a promise per
    // request costs more than the rest of the handler.
    (request, reply) => {
      reply.type(JSON_TYPE).send(serialized(principalOf(request).subject.owner));
    },
  );
  app.get(
    "/:org/_apis/connectionData",
    {
      onRequest: deps.guard({ org: true }),
      schema: schema("Who the token belongs to, and the organization's location data", OrgParamsSchema),
    },
    (request, reply) => {
      const principal = principalOf(request);
      const membership = membershipOf(request);
      const organization = { id: membership.orgId, name: membership.orgName };
      reply.type(JSON_TYPE).send(serialized(principal.subject.owner, organization));
    },
  );
}
