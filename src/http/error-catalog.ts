/**
 * The one error catalog: a closed set of codes, each with its HTTP status and the Azure DevOps
 * exception type clients see in the error body. Routes raise ApiError; one handler (see
 * error-handler.ts) turns every error into the Azure DevOps error body.
 */

export type ErrorCode =
  | "unauthorized"
  | "forbidden"
  | "notFound"
  | "projectNotFound"
  | "badRequest"
  | "apiVersionMissing"
  | "apiVersionOutOfRange"
  | "apiVersionInvalid"
  | "bodyTooLarge"
  | "unsupportedMediaType"
  | "methodNotAllowed"
  | "conflict"
  | "tooManyRequests"
  | "patError"
  | "internal";

interface CatalogEntry {
  readonly status: number;
  readonly typeKey: string;
  readonly namespace: string;
}

const SERVICES_COMMON = "Microsoft.VisualStudio.Services.Common";
const SERVICES_WEBAPI = "Microsoft.VisualStudio.Services.WebApi";
const FRAMEWORK_SERVER = "Microsoft.TeamFoundation.Framework.Server";
const CORE_WEBAPI = "Microsoft.TeamFoundation.Core.WebApi";

export const ERROR_CATALOG: Readonly<Record<ErrorCode, CatalogEntry>> = {
  unauthorized: { status: 401, typeKey: "VssUnauthorizedException", namespace: SERVICES_COMMON },
  forbidden: { status: 403, typeKey: "UnauthorizedRequestException", namespace: FRAMEWORK_SERVER },
  notFound: { status: 404, typeKey: "VssResourceNotFoundException", namespace: SERVICES_WEBAPI },
  projectNotFound: { status: 404, typeKey: "ProjectDoesNotExistWithNameException", namespace: CORE_WEBAPI },
  badRequest: { status: 400, typeKey: "InvalidArgumentValueException", namespace: SERVICES_COMMON },
  apiVersionMissing: { status: 400, typeKey: "VssVersionNotSpecifiedException", namespace: SERVICES_WEBAPI },
  apiVersionOutOfRange: { status: 400, typeKey: "VssVersionOutOfRangeException", namespace: SERVICES_WEBAPI },
  apiVersionInvalid: { status: 400, typeKey: "VssInvalidApiVersionException", namespace: SERVICES_WEBAPI },
  bodyTooLarge: { status: 413, typeKey: "RequestContentTooLargeException", namespace: SERVICES_WEBAPI },
  unsupportedMediaType: { status: 415, typeKey: "VssRequestContentTypeException", namespace: SERVICES_WEBAPI },
  methodNotAllowed: { status: 405, typeKey: "VssMethodNotAllowedException", namespace: SERVICES_WEBAPI },
  conflict: { status: 409, typeKey: "VssResourceAlreadyExistsException", namespace: SERVICES_WEBAPI },
  tooManyRequests: { status: 429, typeKey: "RequestBlockedException", namespace: SERVICES_WEBAPI },
  patError: {
    status: 400,
    typeKey: "SessionTokenException",
    namespace: "Microsoft.VisualStudio.Services.DelegatedAuthorization",
  },
  internal: { status: 500, typeKey: "VssServiceException", namespace: SERVICES_WEBAPI },
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

/** Why the directory (users, organizations, memberships, projects) refused an operation. */
export type DirectoryErrorCode =
  | "invalidName"
  | "invalidEmail"
  | "invalidPassword"
  | "duplicate"
  | "userNotFound"
  | "orgNotFound";

/** The answer each directory refusal gets over HTTP. */
export const DIRECTORY_ERRORS: Readonly<Record<DirectoryErrorCode, ErrorCode>> = {
  invalidName: "badRequest",
  invalidEmail: "badRequest",
  invalidPassword: "badRequest",
  duplicate: "conflict",
  userNotFound: "notFound",
  orgNotFound: "notFound",
};

/** The API error for a directory refusal. */
export function directoryApiError(failure: { code: DirectoryErrorCode; message: string }): ApiError {
  return new ApiError(DIRECTORY_ERRORS[failure.code], failure.message);
}

/** The single message every credential failure gets, whatever the reason. */
export const UNAUTHORIZED_MESSAGE =
  "TF400813: The user is not authorized to access this resource. Provide a valid personal access token.";
