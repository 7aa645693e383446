/**
 * The OpenAPI document as the reference page shows it: operations grouped by tag, each with a
 * stable anchor, its parameters with every allowed value, its request body and its responses.
 * Pure functions over the parsed JSON, so the page's components only lay things out.
 */
import { type EnumValue, enumValuesOf, valuesSentence } from "../../../src/http/openapi-schema-values.ts";

/** A JSON Schema node as the document writes it (the keys the page reads). */
export interface Schema {
  readonly $ref?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: boolean | Schema;
  readonly required?: readonly string[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly pattern?: string;
}

interface RawParameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly description?: string;
  readonly schema?: Schema;
}

interface RawMedia {
  readonly schema?: Schema;
}

interface RawOperation {
  readonly summary?: string;
  readonly description?: string;
  readonly operationId?: string;
  readonly tags?: readonly string[];
  readonly parameters?: readonly RawParameter[];
  readonly requestBody?: { readonly required?: boolean; readonly content?: Readonly<Record<string, RawMedia>> };
  readonly responses?: Readonly<
    Record<string, { readonly description?: string; readonly content?: Readonly<Record<string, RawMedia>> }>
  >;
  readonly security?: readonly unknown[];
}

/** The parts of the document the page reads. */
export interface OpenApiDocument {
  readonly info?: { readonly title?: string; readonly version?: string; readonly description?: string };
  readonly servers?: readonly { readonly url: string }[];
  readonly paths?: Readonly<Record<string, Readonly<Record<string, RawOperation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

export interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly description: string | undefined;
  readonly schema: Schema;
  /** Every allowed value, when the parameter is an enumeration. */
  readonly values: EnumValue[] | undefined;
  readonly defaultValue: unknown;
}

/** A request or response body in one media type. */
export interface Body {
  readonly mediaType: string;
  readonly schema: Schema | undefined;
}

export interface Response {
  readonly status: string;
  readonly description: string;
  readonly bodies: Body[];
}

export interface Operation {
  /** The anchor: the operationId, or the method and path in words. */
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  readonly description: string | undefined;
  readonly tag: string;
  readonly anonymous: boolean;
  readonly parameters: Parameter[];
  readonly requestBody: { readonly required: boolean; readonly bodies: Body[] } | undefined;
  readonly responses: Response[];
}

export interface TagGroup {
  readonly tag: string;
  /** The section's anchor. */
  readonly id: string;
  readonly operations: Operation[];
}

const METHODS = ["get", "post", "put", "patch", "delete", "options", "head"] as const;
const UNTAGGED = "Other";

/** Lower-case words joined by dashes: `GET /{org}/_apis/tokens/pats` → `get-org-apis-tokens-pats`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function bodies(content: Readonly<Record<string, RawMedia>> | undefined): Body[] {
  return Object.entries(content ?? {}).map(([mediaType, media]) => ({ mediaType, schema: media.schema }));
}

/** The description without the "Values: …" sentence the server appends: the page lists the values itself. */
function withoutValues(description: string | undefined, values: readonly EnumValue[] | undefined): string | undefined {
  if (description === undefined || values === undefined) return description;
  const rest = description.replace(valuesSentence(values), "").trim();
  return rest === "" ? undefined : rest;
}

function toParameter(raw: RawParameter): Parameter {
  const schema = raw.schema ?? {};
  const values = enumValuesOf(schema);
  return {
    name: raw.name,
    in: raw.in,
    required: raw.required === true,
    description: withoutValues(raw.description, values),
    schema,
    values,
    defaultValue: schema.default,
  };
}

/** Path parameters first (they make the URL), then the rest in the document's order. */
function byLocation(a: Parameter, b: Parameter): number {
  return Number(b.in === "path") - Number(a.in === "path");
}

/** Every operation of the document, grouped by its first tag, groups in order of first appearance. */
export function groupOperations(document: OpenApiDocument): TagGroup[] {
  const groups = new Map<string, Operation[]>();
  const usedIds = new Set<string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const raw = item[method];
      if (raw === undefined) continue;
      let id = raw.operationId ?? slug(`${method} ${path}`);
      while (usedIds.has(id)) id = `${id}-2`;
      usedIds.add(id);
      const tag = raw.tags?.[0] ?? UNTAGGED;
      const operation: Operation = {
        id,
        method: method.toUpperCase(),
        path,
        summary: raw.summary ?? "",
        description: raw.description,
        tag,
        anonymous: Array.isArray(raw.security) && raw.security.length === 0,
        parameters: (raw.parameters ?? []).map(toParameter).sort(byLocation),
        requestBody:
          raw.requestBody === undefined
            ? undefined
            : { required: raw.requestBody.required === true, bodies: bodies(raw.requestBody.content) },
        responses: Object.entries(raw.responses ?? {}).map(([status, response]) => ({
          status,
          description: response.description ?? "",
          bodies: bodies(response.content),
        })),
      };
      groups.set(tag, [...(groups.get(tag) ?? []), operation]);
    }
  }
  return [...groups].map(([tag, operations]) => ({ tag, id: `tag-${slug(tag)}`, operations }));
}

/** True when every word of the query is in the operation's method, path, summary, tag or parameter names. */
export function matches(operation: Operation, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    operation.method,
    operation.path,
    operation.summary,
    operation.tag,
    ...operation.parameters.map((parameter) => parameter.name),
  ]
    .join(" ")
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** The groups with only the operations that match, empty groups left out. */
export function filterGroups(groups: readonly TagGroup[], query: string): TagGroup[] {
  return groups
    .map((group) => ({ ...group, operations: group.operations.filter((operation) => matches(operation, query)) }))
    .filter((group) => group.operations.length > 0);
}
