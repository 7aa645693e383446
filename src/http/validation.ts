/**
 * Schema validation. Bodies are validated strictly: no type coercion (a number where a string
 * belongs is a 400), no unknown properties. Query strings and path parameters arrive as text,
 * so they are coerced ("5" → 5, "true" → true).
 */
import { Ajv, type Options } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

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
