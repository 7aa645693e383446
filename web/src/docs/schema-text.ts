/**
 * JSON Schemas in words for the reference page: a type label ("array of PatToken", "string
 * (date-time) or null"), its limits ("at most 64 characters"), and an object's properties as
 * rows a reader can scan. `$ref`s are followed through the document's components.
 */
import { type EnumValue, enumValuesOf } from "../../../src/http/openapi-schema-values.ts";
import type { OpenApiDocument, Schema } from "./openapi-model.ts";

/** Follows a `#/components/schemas/…` reference; other schemas come back as they are. */
export function resolve(schema: Schema, document: OpenApiDocument): Schema {
  const ref = schema.$ref;
  if (ref === undefined) return schema;
  const name = ref.replace(/^#\/components\/schemas\//, "");
  return document.components?.schemas?.[name] ?? {};
}

/** The name a referenced schema goes by (its title), if any. */
function refName(schema: Schema, document: OpenApiDocument): string | undefined {
  return schema.$ref === undefined ? undefined : (resolve(schema, document).title ?? "object");
}

function isNull(schema: Schema): boolean {
  return schema.type === "null";
}

/** A short type in words. */
export function typeLabel(schema: Schema, document: OpenApiDocument): string {
  const named = refName(schema, document);
  if (named !== undefined) return named;
  const values = enumValuesOf(schema);
  if (values !== undefined) {
    const types = [...new Set(values.map((value) => (value === null ? "null" : typeof value)))];
    return types.join(" or ");
  }
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches !== undefined) {
    const labels = [...new Set(branches.filter((branch) => !isNull(branch)).map((b) => typeLabel(b, document)))];
    const nullable = branches.some(isNull);
    return [...labels, ...(nullable ? ["null"] : [])].join(" or ");
  }
  if (schema.allOf !== undefined) return schema.allOf.map((part) => typeLabel(part, document)).join(" and ");
  const type =
    typeof schema.type === "string"
      ? schema.type
      : (schema.type?.join(" or ") ?? (schema.properties === undefined ? "any" : "object"));
  if (type === "array") return `array of ${schema.items === undefined ? "any" : typeLabel(schema.items, document)}`;
  return schema.format === undefined ? type : `${type} (${schema.format})`;
}

/** The schema's limits in words, e.g. ["1 to 100"], ["at most 64 characters"]. */
export function limits(schema: Schema): string[] {
  const out: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && max !== undefined) out.push(`${min} to ${max}${unit}`);
    else if (min !== undefined) out.push(`at least ${min}${unit}`);
    else if (max !== undefined) out.push(`at most ${max}${unit}`);
  };
  range(schema.minimum, schema.maximum, "");
  range(schema.minLength, schema.maxLength, " characters");
  range(schema.minItems, schema.maxItems, " items");
  if (schema.pattern !== undefined) out.push(`matches ${schema.pattern}`);
  return out;
}

/** One property of an object, with the object it holds (if any) to show under it. */
export interface PropertyRow {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string | undefined;
  readonly values: EnumValue[] | undefined;
  readonly limits: string[];
  /** The nested object's schema (directly, through an array, or a nullable union). */
  readonly nested: Schema | undefined;
}

/** The object schema a value holds, looking through refs, arrays and nullable unions. */
export function objectOf(schema: Schema, document: OpenApiDocument): Schema | undefined {
  const resolved = resolve(schema, document);
  if (resolved.properties !== undefined) return resolved;
  if (resolved.items !== undefined) return objectOf(resolved.items, document);
  const branches = (resolved.anyOf ?? resolved.oneOf)?.filter((branch) => !isNull(branch));
  if (branches?.length === 1 && branches[0] !== undefined) return objectOf(branches[0], document);
  return undefined;
}

/** The properties of an object schema (after refs), in the document's order. */
export function propertyRows(schema: Schema, document: OpenApiDocument): PropertyRow[] {
  const object = objectOf(schema, document);
  if (object === undefined) return [];
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const resolved = resolve(property, document);
    return {
      name,
      type: typeLabel(property, document),
      required: required.has(name),
      description: property.description ?? resolved.description,
      values: enumValuesOf(resolved),
      limits: limits(resolved),
      nested: objectOf(property, document),
    };
  });
}

/** A value as the document would write it in JSON (strings quoted only when ambiguous). */
export function showValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
