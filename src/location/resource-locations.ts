/**
 * The location data of the Azure DevOps areas Patina implements: resource areas (which host
 * serves an area) and API resource locations (route template and versions of each resource).
 * Clients such as `azure-devops-node-api` never hard-code a URL: they ask `OPTIONS
 * /_apis/{area}` for the locations, pick one by its id, negotiate the api-version against its
 * versions, and expand its route template with `{area}` and `{resource}`. So the ids must be
 * Azure DevOps' own, and the templates and versions must describe what Patina really serves.
 *
 * Ids and templates come from Microsoft's clients and specifications (the node, Go and .NET
 * clients, `vsts-rest-api-specs`). One deliberate difference: `area` and `resourceName` are
 * spelled the way Patina's routes are (`resourceAreas`, not `ResourceAreas`). Azure DevOps
 * matches URLs case-insensitively, so no client can depend on the casing, but clients paste
 * these names into the URLs they build, and Patina's router is case-sensitive.
 */
import { createHash } from "node:crypto";
import { LATEST_API_VERSION } from "../http/api-version.js";

/** One API resource location (Azure DevOps `ApiResourceLocation`). */
export interface ApiResourceLocation {
  readonly id: string;
  readonly area: string;
  readonly resourceName: string;
  readonly routeTemplate: string;
  readonly resourceVersion: number;
  readonly minVersion: string;
  readonly maxVersion: string;
  /** "0.0" while the resource is preview-only, as Azure DevOps reports it. */
  readonly releasedVersion: string;
}

/** Where an area is served: under `/{org}/` or at the root of the instance. */
export type AreaHost = "organization" | "instance";

/** A resource area (Azure DevOps `ResourceAreaInfo` without its URL, which depends on the host). */
export interface ResourceArea {
  readonly id: string;
  readonly name: string;
  readonly host: AreaHost;
}

const MAX = LATEST_API_VERSION;

/** Every resource location Patina serves, by area. */
export const RESOURCE_LOCATIONS: readonly ApiResourceLocation[] = [
  {
    id: "00d9565f-ed9c-4a06-9a50-00e7896ccab4",
    area: "location",
    resourceName: "connectionData",
    routeTemplate: "_apis/{resource}",
    resourceVersion: 1,
    minVersion: "1.0",
    maxVersion: MAX,
    releasedVersion: "0.0",
  },
  {
    id: "e81700f7-3be2-46de-8624-2eb35882fcaa",
    area: "location",
    resourceName: "resourceAreas",
    routeTemplate: "_apis/{resource}/{areaId}",
    resourceVersion: 1,
    minVersion: "3.2",
    maxVersion: MAX,
    releasedVersion: "0.0",
  },
  {
    id: "603fe2ac-9723-48b9-88ad-09305aa6c6e1",
    area: "core",
    resourceName: "projects",
    routeTemplate: "_apis/{resource}/{*projectId}",
    resourceVersion: 4,
    minVersion: "1.0",
    maxVersion: MAX,
    releasedVersion: "7.1",
  },
  // A project's teams (Patina has one per project) and their members; the organization's teams are preview-only.
  {
    id: "d30a3dd1-f8ba-442a-b86a-bd0c0c383e59",
    area: "core",
    resourceName: "teams",
    routeTemplate: "_apis/projects/{projectId}/{resource}/{*teamId}",
    resourceVersion: 3,
    minVersion: "1.0",
    maxVersion: MAX,
    releasedVersion: "7.1",
  },
  {
    id: "294c494c-2600-4d7e-b76c-3dd50c3c95be",
    area: "core",
    resourceName: "members",
    routeTemplate: "_apis/projects/{projectId}/teams/{teamId}/{resource}",
    resourceVersion: 2,
    minVersion: "1.0",
    maxVersion: MAX,
    releasedVersion: "7.1",
  },
  {
    id: "7a4d9ee9-3433-4347-b47a-7a80f1cf307e",
    area: "core",
    resourceName: "teams",
    routeTemplate: "_apis/{resource}",
    resourceVersion: 3,
    minVersion: "1.0",
    maxVersion: MAX,
    releasedVersion: "0.0",
  },
  {
    id: "f83735dc-483f-4238-a291-d45f6080a9af",
    area: "profile",
    resourceName: "profiles",
    routeTemplate: "_apis/{area}/{resource}/{id}",
    resourceVersion: 3,
    minVersion: "1.0",
    maxVersion: MAX,
    releasedVersion: "0.0",
  },
  {
    // The PAT lifecycle API; the id is the one Microsoft's .NET TokensHttpClient sends.
    id: "2c1965e2-28da-4aa1-bc64-b8a58537ae9b",
    area: "tokens",
    resourceName: "pats",
    routeTemplate: "_apis/{area}/{resource}/{id}",
    resourceVersion: 1,
    minVersion: "1.0",
    maxVersion: MAX,
    releasedVersion: "0.0",
  },
  {
    id: "225f7195-f9c7-4d14-ab28-a83f7ff77e1f",
    area: "git",
    resourceName: "repositories",
    routeTemplate: "{project}/_apis/{area}/{resource}/{repositoryId}",
    resourceVersion: 2,
    minVersion: "1.0",
    maxVersion: MAX,
    releasedVersion: "7.1",
  },
  {
    // Azure DevOps' template ends in `/{*filter}`; Patina takes the filter in the query only,
    // which is where Microsoft's clients put it.
    id: "2d874a60-a811-4f62-9c9f-963a6ea0a55b",
    area: "git",
    resourceName: "refs",
    routeTemplate: "{project}/_apis/{area}/repositories/{repositoryId}/{resource}",
    resourceVersion: 2,
    minVersion: "1.0",
    maxVersion: MAX,
    releasedVersion: "7.1",
  },
  // Token administration (tokenAdmin spec 7.1, ids as Microsoft's Python client sends them): preview-only.
  {
    id: "af68438b-ed04-4407-9eb6-f1dbae3f922e",
    area: "tokenadmin",
    resourceName: "personalaccesstokens",
    routeTemplate: "_apis/{area}/{resource}/{subjectDescriptor}",
    resourceVersion: 1,
    minVersion: "5.0",
    maxVersion: MAX,
    releasedVersion: "0.0",
  },
  {
    id: "a9c08b2c-5466-4e22-8626-1ff304ffdf0f",
    area: "tokenadmin",
    resourceName: "revocations",
    routeTemplate: "_apis/{area}/{resource}",
    resourceVersion: 1,
    minVersion: "5.0",
    maxVersion: MAX,
    releasedVersion: "0.0",
  },
  {
    id: "ee4afb16-e7ab-4ed8-9d4b-4ef3e78f97e4",
    area: "tokenadmin",
    resourceName: "revocationrules",
    routeTemplate: "_apis/{area}/{resource}",
    resourceVersion: 1,
    minVersion: "5.0",
    maxVersion: MAX,
    releasedVersion: "0.0",
  },
  {
    // The audit log (Azure DevOps' QueryLog); preview-only there, as here.
    id: "4e5fa14f-7097-4b73-9c85-00abc7353c61",
    area: "audit",
    resourceName: "auditlog",
    routeTemplate: "_apis/{area}/{resource}",
    resourceVersion: 1,
    minVersion: "5.1",
    maxVersion: MAX,
    releasedVersion: "0.0",
  },
  {
    id: "b7b98a76-04e8-4f4d-ac72-9d46492caaac",
    area: "audit",
    resourceName: "downloadlog",
    routeTemplate: "_apis/{area}/{resource}",
    resourceVersion: 1,
    minVersion: "5.1",
    maxVersion: MAX,
    releasedVersion: "0.0",
  },
];

/**
 * The resource areas clients look up by id (`WebApi.getCoreApi()` and friends). The Location
 * area has none: it is how clients find the others. Profile lives at the instance root, as it
 * lives on a separate host (vssps) in Azure DevOps; the rest are per organization.
 */
export const RESOURCE_AREAS: readonly ResourceArea[] = [
  { id: "79134c72-4a58-4b42-976c-04e7115f32bf", name: "core", host: "organization" },
  { id: "4e080c62-fa21-4fbc-8fef-2a10a2b38049", name: "git", host: "organization" },
  { id: "55967393-20ef-45c6-a96c-b5d5d5986a9a", name: "tokens", host: "organization" },
  { id: "8ccfef3d-2b87-4e99-8ccb-66e343d2daa8", name: "profile", host: "instance" },
  { id: "af68438b-ed04-4407-9eb6-f1dbae3f922e", name: "tokenadmin", host: "organization" },
  { id: "94ff054d-5ee1-413d-9341-3f4a7827de2e", name: "audit", host: "organization" },
];

/** The locations of one area (matched case-insensitively, as Azure DevOps does), or all of them. */
export function locationsOfArea(area: string | undefined): ApiResourceLocation[] {
  if (area === undefined || area === "") return [...RESOURCE_LOCATIONS];
  const wanted = area.toLowerCase();
  return RESOURCE_LOCATIONS.filter((location) => location.area === wanted);
}

/** A resource area with the URL clients should use for it. */
export interface ResourceAreaInfo {
  id: string;
  name: string;
  locationUrl: string;
}

/**
 * The resource areas as seen from one host: organization areas point at the organization's
 * URL when one is known (the request's `/{org}/` or `?organizationName=`), else at the root.
 */
export function resourceAreasFor(publicUrl: string, orgName: string | undefined): ResourceAreaInfo[] {
  const root = `${publicUrl}/`;
  // Organization names are case-insensitive and stored lower case; answer with the stored form.
  const orgUrl = orgName === undefined ? root : `${root}${encodeURIComponent(orgName.toLowerCase())}/`;
  return RESOURCE_AREAS.map((area) => ({
    id: area.id,
    name: area.name,
    locationUrl: area.host === "organization" ? orgUrl : root,
  }));
}

/**
 * The location service's change id. Clients (the .NET one on disk) cache locations until it
 * changes; deriving it from the data means a release that changes a location invalidates those
 * caches without anyone remembering to bump a number.
 */
export const LOCATION_CHANGE_ID: number =
  createHash("sha256")
    .update(JSON.stringify([RESOURCE_LOCATIONS, RESOURCE_AREAS]))
    .digest()
    .readUInt32BE(0) >>> 1;
