/**
 * Schema validation. Bodies are validated strictly: no type coercion (a number where a string
 * belongs is a 400), no unknown properties. Query strings and path parameters arrive as text,
 * so they are coerced ("5" → 5, "true" → true). Failures are described from the schema (field
 * names, limits, allowed values), never by repeating the value sent: a property name that is
 * not in the schema is repeated only when it is short and plain (see domain/text.ts).
 */
import { Ajv, type ErrorObject, type Options } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifyError, FastifySchemaCompiler } from "fastify";
import { echoed } from "../domain/text.js";

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

function createAjv(coerceTypes: boolean): Ajv {
  const options: Options = { allErrors: false, coerceTypes, removeAdditional: false, useDefaults: true, strict: false };
  const ajv = new Ajv(options);
  addFormats(ajv);
  return ajv;
}

/** Fastify validator compiler choosing strict or coercing validation by request part. */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = createAjv(false);
  const coercing = createAjv(true);
  return ({ schema, httpPart }) => {
    const ajv = httpPart === "body" ? strict : coercing;
    return ajv.compile(schema as object);
  };
}

/** At most this many failures are described in one message. */
const MAX_DESCRIBED = 3;

/** The client message for a schema failure: which field, and what it must be. */
export function validationMessage(error: Pick<FastifyError, "validation" | "validationContext">): string {
  const where = error.validationContext ?? "request";
  const failures = error.validation ?? [];
  // A union of literals fails once per member and then as a whole: describe it once, by its members.
  const unions = new Set(failures.filter((f) => f.keyword === "anyOf").map((f) => f.instancePath));
  const described = new Set<string>();
  for (const failure of failures) {
    if (unions.has(failure.instancePath) && failure.keyword !== "anyOf") continue;
    const field = `${where}${fieldPath(failure.instancePath)}`;
    described.add(describe(field, failure as ErrorObject, failures));
    if (described.size === MAX_DESCRIBED) break;
  }
  return described.size === 0 ? "The request is not valid." : [...described].join(" ");
}

function describe(field: string, failure: ErrorObject, all: readonly { instancePath: string; params: unknown }[]) {
  const params = failure.params as { missingProperty?: string; additionalProperty?: string };
  if (params.additionalProperty !== undefined) {
    const name = echoed(params.additionalProperty, "");
    return `${field} has a property that is not allowed${name === "" ? "" : ` (${name})`}.`;
  }
  // Property names a schema requires come from the schema, not from the request.
  if (params.missingProperty !== undefined) return `${field} must have the property '${params.missingProperty}'.`;
  if (failure.keyword === "anyOf") {
    const allowed = all
      .filter((f) => f.instancePath === failure.instancePath)
      .map((f) => (f.params as { allowedValue?: unknown }).allowedValue)
      .filter((value) => typeof value === "string");
    if (allowed.length > 0) return `${field} must be one of: ${allowed.join(", ")}.`;
  }
  return `${field} ${failure.message ?? "is invalid"}.`;
}

/**
 * A property name as the schemas write them (`displayName`, `$top`, `getDefaultTeamImageUrl`)
 * or an array index. The segments of a failure's path are schema property names (no schema
 * here accepts arbitrary keys with a sub-schema); anything else, which could only have come
 * from the request, shows as `…`, and 32 characters is far below a token's 56.
 */
const SCHEMA_NAME = /^(?:\$?[A-Za-z][A-Za-z0-9_-]{0,31}|\d{1,6})$/;

/** `/a/b/0` as `.a.b.0`. */
function fieldPath(instancePath: string): string {
  if (instancePath === "") return "";
  return instancePath
    .split("/")
    .slice(1)
    .map((segment) => (SCHEMA_NAME.test(segment) ? `.${segment}` : ".…"))
    .join("");
}
