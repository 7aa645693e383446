/**
 * The allowed values of a JSON Schema, however it spells them. TypeBox writes a union of literals
 * as `anyOf: [{enum: ["active"]}, {enum: ["revoked"]}, …]`, which generic viewers show as its
 * first branch only; both the document's descriptions (openapi-parameters.ts) and the reference
 * page read the whole list through this one function. No imports: the web build uses it too.
 */

/** A JSON Schema object as it appears in the OpenAPI document (only the keys read here). */
export interface SchemaLike {
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly SchemaLike[];
  readonly oneOf?: readonly SchemaLike[];
  readonly type?: string | readonly string[];
}

/** A scalar allowed value, as the document lists it. */
export type EnumValue = string | number | boolean | null;

function isScalar(value: unknown): value is EnumValue {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/**
 * Every allowed value when the schema is an enumeration (enum, const, or a union whose branches
 * are all enumerations; a `{type: "null"}` branch adds null); undefined when any branch is open.
 */
export function enumValuesOf(schema: SchemaLike | undefined): EnumValue[] | undefined {
  if (schema === undefined) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum.every(isScalar) ? [...schema.enum] : undefined;
  if ("const" in schema) return isScalar(schema.const) ? [schema.const] : undefined;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches === undefined || branches.length === 0) return undefined;
  const values: EnumValue[] = [];
  for (const branch of branches) {
    const branchValues = branch.type === "null" && branch.enum === undefined ? [null] : enumValuesOf(branch);
    if (branchValues === undefined) return undefined;
    for (const value of branchValues) if (!values.includes(value)) values.push(value);
  }
  return values;
}

/** The sentence that lists the values in a parameter's description, e.g. "Values: active, all." */
export function valuesSentence(values: readonly EnumValue[]): string {
  return `Values: ${values.map((value) => String(value)).join(", ")}.`;
}
