/**
 * Descriptions of the API's parameters, by name, for the OpenAPI document. The route schemas are
 * written per feature and most leave their query parameters bare; describing each name once here
 * keeps one wording for a parameter that many routes share (org, api-version, continuationToken)
 * and lets the document test find any parameter that nobody described.
 *
 * A description given in a route schema wins over this dictionary. Allowed values are appended by
 * the transform (openapi-parameters.ts) from the schema itself, so they are never out of date.
 */
import { LATEST_API_VERSION } from "./api-version.js";

/** Parameter name → what it means (and its default, when the route has one). */
export const PARAMETER_DESCRIPTIONS: Readonly<Record<string, string>> = {
  "api-version": `The REST API version, e.g. ${LATEST_API_VERSION}, 7.1 or 7.1-preview.1 (the latest is ${LATEST_API_VERSION}). It may come in the Accept header instead (application/json;api-version=7.1), as the official clients send it. Required on writes; an unknown or newer version is a 400.`,
  org: "The organization's name, as in https://host/{org}/.",
  project: "The project's name or id.",
  repo: "The repository's name or id, as in the clone URL.",
  authorizationId: "The token's authorizationId (a GUID), as the list, create and regenerate answers give it.",
  continuationToken:
    "Where the next page starts: the continuationToken of the previous answer, passed back unchanged. Omit it for the first page.",
  $top: "The most items to return in one page.",
  $skip: "How many items to skip before the first one returned.",
  pageSize: "The most tokens to return in one page.",
  batchSize: "The most entries to return in one page. Default: 200.",
  displayFilterOption: "Which tokens to list, by status (active means valid now). Default: active.",
  sortByOption:
    "The order of the list: by name (displayName), by expiry date (displayDate) or by status. Default: displayName.",
  isSortAscending: "true sorts ascending, false descending. Default: true.",
  status: "Only tokens in this state (active means valid now). Default: active.",
  expiringWithinDays: "Only active tokens that expire within this many days from now.",
  user: "A user: their username, user id or subject descriptor.",
  userIdOrDescriptor: "A user: their user id or subject descriptor.",
  username: "The user's sign-in name.",
  role: "An organization role.",
  startTime: "Only entries at or after this time (ISO 8601, UTC, e.g. 2026-01-31T00:00:00Z).",
  endTime: "Only entries before this time (ISO 8601, UTC).",
  format: "The file format of the download.",
  skipAggregation: "Accepted for compatibility with Azure DevOps; Patina never aggregates entries.",
  gracePeriodHours:
    "How many hours the old secret keeps working after the new one is issued, so running jobs can be updated. Default: 0 (the old secret stops at once).",
  isPublic: "true asks for public keys (SSH), which Patina does not have.",
  area: "A resource area's name, e.g. core, git, location or tokens.",
  areaId: "A resource area's id (a GUID), as Azure DevOps assigns it.",
  lastChangeId: "Accepted for compatibility with the official clients; the answer is always complete.",
  lastChangeId64: "Accepted for compatibility with the official clients; the answer is always complete.",
  includeCapabilities: "Also return the project's capabilities (version control and process template).",
  partition: "Accepted for compatibility; Patina keeps no application attributes.",
  coreAttributes: "Accepted for compatibility; with details=true all core attributes are returned.",
  forceRefresh: "Accepted for compatibility; profiles are always read fresh.",
  includeLinks: "Also return the _links object (web, self and clone links).",
  search: "Only items whose name contains this text (case-insensitive).",
};
