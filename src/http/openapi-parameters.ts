/**
 * Fills in the parameters' descriptions of the generated OpenAPI document: a parameter its route
 * schema left bare gets the shared wording of PARAMETER_DESCRIPTIONS, and an enumerated one also
 * gets its full list of values in words (generic viewers show a TypeBox union as its first value
 * only). Nothing else in the document changes.
 */
import { enumValuesOf, type SchemaLike, valuesSentence } from "./openapi-schema-values.js";
import { PARAMETER_DESCRIPTIONS } from "./parameter-descriptions.js";

/** An operation parameter as @fastify/swagger writes it (only the keys read here). */
interface Parameter {
  name: string;
  in: string;
  description?: string;
  schema?: SchemaLike;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** The description a parameter should carry, or undefined when nobody wrote one. */
export function describeParameter(parameter: Parameter): string | undefined {
  const base = parameter.description ?? PARAMETER_DESCRIPTIONS[parameter.name];
  const values = enumValuesOf(parameter.schema);
  if (values === undefined || values.length === 0) return base;
  const sentence = valuesSentence(values);
  if (base?.includes(sentence)) return base;
  return base === undefined ? sentence : `${base} ${sentence}`;
}

/** Adds the descriptions to every operation's parameters, in place; returns the document. */
export function describeParameters<T extends { paths?: unknown }>(document: T): T {
  const paths = (document.paths ?? {}) as Record<string, Record<string, { parameters?: Parameter[] } | undefined>>;
  for (const item of Object.values(paths)) {
    for (const method of METHODS) {
      for (const parameter of item[method]?.parameters ?? []) {
        const description = describeParameter(parameter);
        if (description !== undefined) parameter.description = description;
      }
    }
  }
  return document;
}
