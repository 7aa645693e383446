/**
 * The `api-version` rule of the Azure DevOps dialect: every API route accepts a version in the
 * query string (`?api-version=7.1`) or, as the official clients send it, in the Accept header
 * (`application/json;api-version=7.1-preview.1`). An unknown version is a 400; so is a missing
 * one on a write.
 */

/** The newest REST API version this server speaks. */
export const LATEST_API_VERSION = "7.2";
const LATEST = { major: 7, minor: 2 };

const VERSION_PATTERN = /^(\d{1,2})\.(\d{1,2})(?:-preview(?:\.(\d{1,2}))?)?$/;

export type ApiVersionCheck =
  | { ok: true; version: string | undefined }
  | { ok: false; code: "apiVersionMissing" | "apiVersionInvalid" | "apiVersionOutOfRange"; message: string };

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Finds the requested version in the query value or the Accept header. */
export function requestedApiVersion(query: unknown, accept: string | undefined): string | undefined {
  if (typeof query === "string") return query;
  if (Array.isArray(query)) return String(query[0]);
  const match = accept?.match(/api-version=([^;,\s]+)/i);
  return match?.[1];
}

/** Decides whether a request's api-version is acceptable. */
export function checkApiVersion(method: string, version: string | undefined): ApiVersionCheck {
  if (version === undefined || version === "") {
    if (READ_METHODS.has(method)) return { ok: true, version: undefined };
    return {
      ok: false,
      code: "apiVersionMissing",
      message: `No api-version was supplied for the ${method} request. An api-version must be supplied when making a request with this method (for example api-version=${LATEST_API_VERSION}).`,
    };
  }
  const match = VERSION_PATTERN.exec(version);
  if (match === null) {
    return {
      ok: false,
      code: "apiVersionInvalid",
      // Not repeated: it matched no version, so it may be anything (a pasted token).
      message: "The api-version is not valid. Use the form 7.1 or 7.1-preview.1.",
    };
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const tooNew = major > LATEST.major || (major === LATEST.major && minor > LATEST.minor);
  if (major < 1 || tooNew) {
    return {
      ok: false,
      code: "apiVersionOutOfRange",
      // Repeated: it matched VERSION_PATTERN, at most 16 digits, dots and "-preview".
      message: `The requested REST API version of ${version} is out of range for this server. The latest REST API version for this server is ${LATEST_API_VERSION}.`,
    };
  }
  return { ok: true, version };
}
