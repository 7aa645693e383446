/**
 * The one place errors become responses. ApiErrors carry their code; Fastify's own client
 * errors (bad JSON, schema validation, oversized or wrongly typed bodies, bad URLs) map to the
 * catalog by their Fastify code or status, with the catalog's message, never Fastify's (which
 * repeats the URL or the content type it refused); anything else is a bug: logged in full,
 * answered with a generic 500 that carries no internal detail.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isStoreUnavailable } from "../db/store-unavailable.js";
import { isEchoable } from "../domain/text.js";
import { failureLogOf, isFailureLogged, markFailureLogged } from "../logger.js";
import { addCorrelationHeaders, clientCorrelation } from "./correlation.js";
import { ApiError, azureErrorBody, ERROR_CATALOG, type ErrorCode, patErrorFields } from "./error-catalog.js";
import { lifecycleRequestError } from "./lifecycle-request-errors.js";
import { hasUnstorableUrl, UNSTORABLE_URL_MESSAGE } from "./request-text.js";
import { validationMessage } from "./validation.js";

/** Route config flag: the route belongs to the PAT lifecycle API, whose errors carry `patTokenError`. */
declare module "fastify" {
  interface FastifyContextConfig {
    patApi?: boolean;
    /** Routes outside the Azure DevOps dialect (health, docs) skip the api-version check. */
    skipApiVersion?: boolean;
    /** Every answer is `Cache-Control: no-store` (token values or metadata); implied by patApi. */
    noStore?: boolean;
  }
}

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  405: "methodNotAllowed",
  408: "requestTimeout",
  413: "bodyTooLarge",
  414: "urlTooLong",
  415: "unsupportedMediaType",
  429: "tooManyRequests",
  431: "headersTooLarge",
};

/** Fastify's client errors by code: the catalog code and, where it says more, the message. */
const FRAMEWORK_ERRORS: Readonly<Record<string, { code: ErrorCode; message?: string }>> = {
  FST_ERR_BAD_URL: { code: "badRequest", message: "The URL is not valid: it holds a malformed percent-encoding." },
  FST_ERR_MAX_PARAM_LENGTH: { code: "urlTooLong" },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: "bodyTooLarge" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: "unsupportedMediaType" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: "badRequest", message: "The request body is empty; send a JSON document." },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "badRequest", message: "The request body is not valid JSON." },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: "badRequest",
    message: "The request body's length does not match its Content-Length header.",
  },
};

/** Sends the Azure DevOps error body for a code. */
export function sendApiError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  status?: number,
  extra: Readonly<Record<string, unknown>> = {},
): FastifyReply {
  const body = azureErrorBody(code, message, extra);
  // Every error answer passes here, so this is where failed requests are logged (successful
  // ones are not logged at all: that would cost on the hot path). One line per failure at most:
  // the authentication step logs its own refusals, with their reason, and marks the request.
  // Rate-limited (see logger.ts), so a flood cannot fill the disk. No header, body or query
  // string is logged, so no credential can reach the log.
  const request = reply.request;
  if (!isFailureLogged(request)) {
    const fields = {
      reqId: request.id,
      method: request.method,
      url: loggablePath(request.url),
      status: status ?? ERROR_CATALOG[code].status,
      reason: code,
      ...clientCorrelation(request),
    };
    failureLogOf(reply.log).write(fields, "request failed");
  }
  reply.header("x-content-type-options", "nosniff");
  // Also on answers no route's first hook saw (an unknown path, a malformed URL).
  addCorrelationHeaders(request, reply);
  if (code === "unauthorized") {
    // A credential failure is plain text, as Azure DevOps' is not JSON either: Microsoft's Python
    // SDK raises AzureDevOpsAuthenticationError only for a text/plain (or message-less) 401, and
    // its Node SDK reports the status with the sentence; curl shows the sentence as it is.
    reply.header("WWW-Authenticate", 'Basic realm="Patina"');
    return reply
      .code(status ?? ERROR_CATALOG[code].status)
      .type("text/plain; charset=utf-8")
      .send(`${message}\n`);
  }
  return reply
    .code(status ?? ERROR_CATALOG[code].status)
    .type("application/json; charset=utf-8")
    .send(body);
}

/**
 * The path of a URL for the log: no query string, and long segments cut short, because a
 * token pasted into a URL by mistake must not end up in the log whole.
 */
export function loggablePath(url: string): string {
  return (url.split("?")[0] ?? "")
    .slice(0, 300)
    .split("/")
    .map((segment) => (segment.length > 40 ? `${segment.slice(0, 12)}…` : segment))
    .join("/");
}

/**
 * A URL's path for an error message: no query string, and each segment that is not short and
 * plain (see domain/text.ts) shown as `…`, so that a token in the URL never comes back.
 */
export function shownPath(url: string): string {
  const segments = (url.split("?")[0] ?? "").split("/").slice(1);
  const shown = segments.slice(0, 8).map((segment) => (segment === "" || isEchoable(segment) ? segment : "…"));
  return `/${shown.join("/")}${segments.length > 8 ? "/…" : ""}`;
}

/**
 * Fastify's not-found handler: 405 with `Allow` when routes answer the path with other
 * methods, else 404.
 */
export function createNotFoundHandler(allowedAt: (url: string) => string[]) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    // No route's first hook ran: the not-found answer refuses a NUL in the URL itself.
    if (hasUnstorableUrl(request.url)) return sendRequestError(reply, "badRequest", UNSTORABLE_URL_MESSAGE);
    const allowed = allowedAt(request.url);
    if (allowed.length > 0) {
      reply.header("allow", allowed.join(", "));
      return sendRequestError(
        reply,
        "methodNotAllowed",
        `This resource does not support the ${request.method} method. It supports ${allowed.join(", ")}.`,
      );
    }
    return sendRequestError(reply, "notFound", `There is no resource at ${request.method} ${shownPath(request.url)}.`);
  };
}

/** The lifecycle API's URLs, for errors raised before a route is known (a bad URL, a 431). */
const LIFECYCLE_PATH = /^\/[^/?#]+\/_apis\/tokens\/pats(?:[/?#]|$)/i;

/** True when a URL (path and query, as sent) is the PAT lifecycle API's. */
export function isLifecyclePath(url: string): boolean {
  return LIFECYCLE_PATH.test(url);
}

/** True when a request is for the PAT lifecycle API, whose errors carry `patTokenError`. */
export function onLifecycleApi(request: FastifyRequest): boolean {
  // Errors raised before routing (a bad URL, no route) have no patApi flag: the URL decides.
  const config = request.routeOptions?.config as { patApi?: boolean } | undefined;
  return config?.patApi ?? isLifecyclePath(request.url);
}

/**
 * Sends a client error raised outside a route handler (a URL, body or framework refusal): on
 * the lifecycle API it carries `patTokenError` like every other error there.
 */
export function sendRequestError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  patTokenError = lifecycleRequestError(reply.request.method, reply.request.url),
): FastifyReply {
  const extra = onLifecycleApi(reply.request) ? patErrorFields(patTokenError, message) : {};
  return sendApiError(reply, code, message, undefined, extra);
}

/** Fastify error handler. */
export function handleError(error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError) {
    const extra =
      onLifecycleApi(request) && !("patTokenError" in error.extra) ? patErrorFields("none", error.message) : {};
    return sendApiError(reply, error.code, error.message, error.status, { ...extra, ...error.extra });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const { code, message } = isMissingBody(error, request)
      ? { code: "badRequest" as const, message: MISSING_BODY_MESSAGE }
      : clientError(error, status);
    const extra = onLifecycleApi(request) ? patErrorFields(patErrorForClientError(error, request), message) : {};
    return sendApiError(reply, code, message, status, extra);
  }
  if (isStoreUnavailable(error)) return sendStoreUnavailable(request, reply, error);
  request.log.error({ reqId: request.id, err: error }, "unhandled error");
  return sendApiError(reply, "internal", ERROR_CATALOG.internal.message);
}

/** Seconds a client is asked to wait when the database cannot answer. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * A database outage: 503 with Retry-After and the catalog's sentence, never the driver's message
 * (which may name hosts, tables or values). The log gets the error's code only, through the
 * rate-limited failure line, so an outage under load cannot flood the log.
 */
function sendStoreUnavailable(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  const fields = {
    reqId: request.id,
    method: request.method,
    url: loggablePath(request.url),
    status: ERROR_CATALOG.storeUnavailable.status,
    reason: "storeUnavailable",
    storeError: typeof code === "string" ? code : "none",
  };
  failureLogOf(reply.log).write(fields, "database unavailable");
  markFailureLogged(request);
  reply.header("retry-after", String(STORE_RETRY_AFTER_SECONDS));
  const message = ERROR_CATALOG.storeUnavailable.message;
  const extra = onLifecycleApi(request) ? patErrorFields("none", message) : {};
  return sendApiError(reply, "storeUnavailable", message, undefined, extra);
}

/** The message for a route that needs a body and got none (or an empty one). */
export const MISSING_BODY_MESSAGE = "The request body is missing; this request needs a JSON document.";

/** True when the body failed validation because there was none at all. */
function isMissingBody(error: FastifyError, request: FastifyRequest): boolean {
  return error.validationContext === "body" && request.body === undefined;
}

/** Fastify's `frameworkErrors` hook: errors raised before routing (a malformed URL, an overlong segment). */
export function handleFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const { code, message } = clientError(error, error.statusCode ?? 400);
  return sendRequestError(reply, code, message);
}

/** The catalog code and message for one of Fastify's client errors; never Fastify's own text. */
function clientError(error: FastifyError, status: number): { code: ErrorCode; message: string } {
  if (error.validation) return { code: "badRequest", message: validationMessage(error) };
  const known = error.code === undefined ? undefined : FRAMEWORK_ERRORS[error.code];
  if (known) return { code: known.code, message: known.message ?? ERROR_CATALOG[known.code].message };
  // The JSON parser's own refusals (a prototype-poisoning key) are SyntaxErrors without a code.
  if (error instanceof SyntaxError) return { code: "badRequest", message: "The request body is not valid JSON." };
  const code = CODE_BY_STATUS[status] ?? "badRequest";
  return { code, message: ERROR_CATALOG[code].message };
}

/**
 * Names the lifecycle error a client error corresponds to: a schema failure by its offending
 * field, anything else (or a field with no error of its own) by the operation that failed.
 */
function patErrorForClientError(error: FastifyError, request: FastifyRequest): string {
  const byField = patErrorForValidation(error);
  return byField === "none" ? lifecycleRequestError(request.method, request.url) : byField;
}

/** Names the lifecycle error a schema failure corresponds to, from the offending field. */
function patErrorForValidation(error: FastifyError): string {
  const first = error.validation?.[0];
  if (first === undefined) return "none";
  const params = first.params as { missingProperty?: string };
  const field = params.missingProperty ?? first.instancePath.split("/")[1] ?? "";
  if (field === "displayName") return params.missingProperty ? "displayNameRequired" : "invalidDisplayName";
  if (field === "scope") return "invalidScope";
  if (field === "validTo") return "invalidValidTo";
  if (field === "authorizationId") return "invalidAuthorizationId";
  if (field === "allOrgs") return "invalidTargetAccounts";
  return "none";
}
