/**
 * The one place errors become responses. ApiErrors carry their code; Fastify's own client
 * errors (bad JSON, schema validation, oversized or wrongly typed bodies) map to the catalog by
 * status; anything else is a bug: logged in full, answered with a generic 500 that carries no
 * internal detail.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { failureLogOf, isFailureLogged } from "../logger.js";
import { ApiError, azureErrorBody, ERROR_CATALOG, type ErrorCode, UNAUTHORIZED_MESSAGE } from "./error-catalog.js";

/** Route config flag: the route belongs to the PAT lifecycle API, whose errors carry `patTokenError`. */
declare module "fastify" {
  interface FastifyContextConfig {
    patApi?: boolean;
    /** Routes outside the Azure DevOps dialect (health, docs) skip the api-version check. */
    skipApiVersion?: boolean;
  }
}

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  405: "methodNotAllowed",
  413: "bodyTooLarge",
  415: "unsupportedMediaType",
  429: "tooManyRequests",
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
    };
    failureLogOf(reply.log).write(fields, "request failed");
  }
  if (code === "unauthorized") reply.header("WWW-Authenticate", 'Basic realm="Patina"');
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

/** Fastify error handler. */
export function handleError(error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError) {
    const extra =
      request.routeOptions.config.patApi && !("patTokenError" in error.extra) ? patExtras("none", error.message) : {};
    return sendApiError(reply, error.code, error.message, error.status, { ...extra, ...error.extra });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = CODE_BY_STATUS[status] ?? "badRequest";
    const message = code === "unauthorized" ? UNAUTHORIZED_MESSAGE : clientMessage(error);
    const extra = request.routeOptions.config.patApi ? patExtras(patErrorForValidation(error), message) : {};
    return sendApiError(reply, code, message, status, extra);
  }
  request.log.error({ reqId: request.id, err: error }, "unhandled error");
  return sendApiError(
    reply,
    "internal",
    "An unexpected error occurred. The details were written to the server log.",
    500,
  );
}

/** The lifecycle API's extra body fields. */
export function patExtras(patTokenError: string, message: string): Record<string, unknown> {
  return { patToken: null, patTokenError, patTokenErrorMessage: message };
}

function clientMessage(error: FastifyError): string {
  if (error.validation) {
    const where = error.validationContext ?? "request";
    return error.validation
      .slice(0, 5)
      .map((v) => {
        const field = `${where}${v.instancePath.replaceAll("/", ".")}`;
        const missing = (v.params as { missingProperty?: string; additionalProperty?: string }) ?? {};
        if (missing.additionalProperty) return `${field} has an unknown property '${missing.additionalProperty}'.`;
        if (missing.missingProperty) return `${field} must have the property '${missing.missingProperty}'.`;
        return `${field} ${v.message ?? "is invalid"}.`;
      })
      .join(" ");
  }
  return error.message;
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
