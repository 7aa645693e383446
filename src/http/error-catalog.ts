/**
 * The one error catalog: a closed set of codes, each with its HTTP status, the Azure DevOps
 * exception type clients see in the error body and a default message. The lifecycle API's
 * `patTokenError` values and the directory's refusal codes map onto these codes here too, so
 * every status is decided in this file. Routes raise ApiError; one handler (see
 * error-handler.ts) turns every error into the Azure DevOps error body.
 */
import type { PatRuleError } from "../domain/token-rules.js";

export type ErrorCode =
  | "unauthorized"
  | "forbidden"
  | "notFound"
  | "projectNotFound"
  | "badRequest"
  | "apiVersionMissing"
  | "apiVersionOutOfRange"
  | "apiVersionInvalid"
  | "requestTimeout"
  | "bodyTooLarge"
  | "urlTooLong"
  | "unsupportedMediaType"
  | "headersTooLarge"
  | "methodNotAllowed"
  | "conflict"
  | "tooManyRequests"
  | "serviceUnavailable"
  /** The database is unreachable or busy for now (see db/store-unavailable.ts); answered with Retry-After. */
  | "storeUnavailable"
  | "patError"
  /** A session whose user must enrol a second factor (policy) before doing anything else. */
  | "mfaEnrolmentRequired"
  /** A sensitive action through a web session signed in too long ago: confirm the password again. */
  | "stepUpRequired"
  | "internal";

interface CatalogEntry {
  readonly status: number;
  readonly typeKey: string;
  readonly namespace: string;
  /** The message when the failure has nothing more specific to say (framework errors). */
  readonly message: string;
}

const SERVICES_COMMON = "Microsoft.VisualStudio.Services.Common";
const SERVICES_WEBAPI = "Microsoft.VisualStudio.Services.WebApi";
const FRAMEWORK_SERVER = "Microsoft.TeamFoundation.Framework.Server";
const CORE_WEBAPI = "Microsoft.TeamFoundation.Core.WebApi";
const DELEGATED_AUTHORIZATION = "Microsoft.VisualStudio.Services.DelegatedAuthorization";

/** The single message every credential failure gets, whatever the reason. */
export const UNAUTHORIZED_MESSAGE =
  "TF400813: The user is not authorized to access this resource. Provide a valid personal access token.";

const entry = (status: number, typeKey: string, namespace: string, message: string): CatalogEntry => ({
  status,
  typeKey,
  namespace,
  message,
});

export const ERROR_CATALOG: Readonly<Record<ErrorCode, CatalogEntry>> = {
  unauthorized: entry(401, "VssUnauthorizedException", SERVICES_COMMON, UNAUTHORIZED_MESSAGE),
  forbidden: entry(403, "UnauthorizedRequestException", FRAMEWORK_SERVER, "This request is not allowed."),
  notFound: entry(404, "VssResourceNotFoundException", SERVICES_WEBAPI, "There is no resource at this URL."),
  projectNotFound: entry(
    404,
    "ProjectDoesNotExistWithNameException",
    CORE_WEBAPI,
    "TF200016: The project does not exist in this organization.",
  ),
  badRequest: entry(400, "InvalidArgumentValueException", SERVICES_COMMON, "The request is not valid."),
  apiVersionMissing: entry(
    400,
    "VssVersionNotSpecifiedException",
    SERVICES_WEBAPI,
    "No api-version was supplied for this request.",
  ),
  apiVersionOutOfRange: entry(
    400,
    "VssVersionOutOfRangeException",
    SERVICES_WEBAPI,
    "The requested REST API version is out of range for this server.",
  ),
  apiVersionInvalid: entry(400, "VssInvalidApiVersionException", SERVICES_WEBAPI, "The api-version is not valid."),
  requestTimeout: entry(
    408,
    "VssRequestTimeoutException",
    SERVICES_WEBAPI,
    "The request was not received in time; send it again.",
  ),
  bodyTooLarge: entry(
    413,
    "RequestContentTooLargeException",
    SERVICES_WEBAPI,
    "The request body is larger than this server accepts.",
  ),
  urlTooLong: entry(
    414,
    "VssRequestUriTooLongException",
    SERVICES_WEBAPI,
    "A segment of the URL is longer than this server accepts.",
  ),
  unsupportedMediaType: entry(
    415,
    "VssRequestContentTypeException",
    SERVICES_WEBAPI,
    "Send the request body as application/json.",
  ),
  headersTooLarge: entry(
    431,
    "VssRequestHeadersTooLargeException",
    SERVICES_WEBAPI,
    "The request's headers are larger than this server accepts.",
  ),
  methodNotAllowed: entry(
    405,
    "VssMethodNotAllowedException",
    SERVICES_WEBAPI,
    "This resource does not support the request's method.",
  ),
  conflict: entry(409, "VssResourceAlreadyExistsException", SERVICES_WEBAPI, "The resource already exists."),
  tooManyRequests: entry(429, "RequestBlockedException", SERVICES_WEBAPI, "Too many requests. Try again later."),
  serviceUnavailable: entry(
    503,
    "VssServiceUnavailableException",
    SERVICES_WEBAPI,
    "The service is busy. Try again later.",
  ),
  mfaEnrolmentRequired: entry(
    403,
    "MfaEnrolmentRequiredException",
    FRAMEWORK_SERVER,
    "Set up a second factor on your profile page before you continue.",
  ),
  stepUpRequired: entry(
    403,
    "StepUpRequiredException",
    FRAMEWORK_SERVER,
    "Confirm your password (and second factor) again to continue.",
  ),
  storeUnavailable: entry(
    503,
    "VssServiceUnavailableException",
    SERVICES_WEBAPI,
    "The service is temporarily unavailable; try again shortly.",
  ),
  patError: entry(400, "SessionTokenException", DELEGATED_AUTHORIZATION, "The personal access token request failed."),
  internal: entry(
    500,
    "VssServiceException",
    SERVICES_WEBAPI,
    "An unexpected error occurred. The details were written to the server log.",
  ),
};

/** An expected failure a route reports to the client. The message is shown as is. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Overrides the catalog status (PAT errors map to 400, 403 or 404). */
    readonly status: number = ERROR_CATALOG[code].status,
    /** Extra body fields, e.g. `patTokenError` for the lifecycle API. */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** The Azure DevOps error body. */
export interface AzureErrorBody {
  $id: "1";
  innerException: null;
  message: string;
  typeName: string;
  typeKey: string;
  errorCode: 0;
  eventId: 3000;
  [extra: string]: unknown;
}

/** Builds the Azure DevOps error body for a code and message. */
export function azureErrorBody(
  code: ErrorCode,
  message: string,
  extra: Readonly<Record<string, unknown>> = {},
): AzureErrorBody {
  const entry = ERROR_CATALOG[code];
  const namespace = entry.namespace;
  return {
    $id: "1",
    innerException: null,
    message,
    typeName: `${namespace}.${entry.typeKey}, ${namespace}`,
    typeKey: entry.typeKey,
    errorCode: 0,
    eventId: 3000,
    ...extra,
  };
}

/**
 * The lifecycle API's expected failures, named by Azure DevOps' `patTokenError` values (plus
 * Patina's own). A new value needs its line in PAT_ERRORS below, which decides its status.
 */
export type PatErrorCode =
  | PatRuleError
  | "invalidAuthorizationId"
  /** Patina's addition: a forged, corrupt or mismatched list continuation token. */
  | "invalidContinuationToken"
  | "authorizationNotFound"
  | "expiredPatCannotBeExtended"
  | "invalidTargetAccounts"
  | "globalPatPolicyViolation"
  | "fullScopePatPolicyViolation"
  | "patLifespanPolicyViolation"
  | "disablePatCreationPolicyViolation"
  /** Patina's addition: the acting token targets one organization, the result would target more. */
  | "targetBeyondAuthority"
  /** Patina's addition: the result would carry scopes (or Full access) the acting token lacks. */
  | "scopeBeyondAuthority"
  /** Patina's addition: only instance administrators may own tokens with patina.introspect. */
  | "introspectionRequiresAdmin"
  /** Patina's addition: another change of the same token committed first; read it again. */
  | "concurrentModification";

/**
 * The answer of each lifecycle failure: invalid input is a 400 (SessionTokenException, as
 * Azure DevOps), a policy or authority violation a 403, an unknown or someone else's token a 404,
 * a change that lost a race with another change of the same token a 409.
 */
export const PAT_ERRORS: Readonly<Record<PatErrorCode, ErrorCode>> = {
  displayNameRequired: "patError",
  invalidDisplayName: "patError",
  invalidScope: "patError",
  invalidValidTo: "patError",
  invalidAuthorizationId: "patError",
  invalidContinuationToken: "patError",
  expiredPatCannotBeExtended: "patError",
  invalidTargetAccounts: "patError",
  authorizationNotFound: "notFound",
  globalPatPolicyViolation: "forbidden",
  fullScopePatPolicyViolation: "forbidden",
  patLifespanPolicyViolation: "forbidden",
  disablePatCreationPolicyViolation: "forbidden",
  targetBeyondAuthority: "forbidden",
  scopeBeyondAuthority: "forbidden",
  introspectionRequiresAdmin: "forbidden",
  concurrentModification: "conflict",
};

/** The lifecycle API's extra body fields: the failure's `patTokenError` and its message. */
export function patErrorFields(patTokenError: string, message: string): Record<string, unknown> {
  return { patToken: null, patTokenError, patTokenErrorMessage: message };
}

/** The API error for a lifecycle failure, with its status and `patTokenError`. */
export function patApiError(failure: { error: PatErrorCode; message: string }): ApiError {
  const code = PAT_ERRORS[failure.error];
  return new ApiError(
    code,
    failure.message,
    ERROR_CATALOG[code].status,
    patErrorFields(failure.error, failure.message),
  );
}

/** Why the policy service refused a change (see policies/policy.service.ts). */
export type PolicyErrorCode = "invalidPolicyValue" | "policyChangedMeanwhile";

/** The answer each policy refusal gets over HTTP: bad input 400, a lost concurrent change 409. */
export const POLICY_ERRORS: Readonly<Record<PolicyErrorCode, ErrorCode>> = {
  invalidPolicyValue: "badRequest",
  policyChangedMeanwhile: "conflict",
};

/** Why the directory (users, organizations, memberships, projects) refused an operation. */
export type DirectoryErrorCode =
  | "invalidName"
  | "invalidEmail"
  | "invalidPassword"
  | "invalidRole"
  | "duplicate"
  | "userNotFound"
  | "orgNotFound"
  /** The change would leave an organization without an administrator. */
  | "lastAdmin";

/** The answer each directory refusal gets over HTTP. */
export const DIRECTORY_ERRORS: Readonly<Record<DirectoryErrorCode, ErrorCode>> = {
  invalidName: "badRequest",
  invalidEmail: "badRequest",
  invalidPassword: "badRequest",
  invalidRole: "badRequest",
  duplicate: "conflict",
  userNotFound: "notFound",
  orgNotFound: "notFound",
  lastAdmin: "conflict",
};
