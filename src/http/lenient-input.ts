/**
 * Azure DevOps' leniency, where Patina speaks its dialect: it reads enum values and query
 * booleans in any case (`Active`, `All`, `DisplayName`; `isSortAscending=True`, which is what
 * PowerShell's `$true` becomes), ignores body properties it does not know, and caps a `$top`
 * above its maximum instead of refusing it. Scripts written against Azure DevOps rely on all
 * four, so Patina accepts them the same way, before schema validation runs.
 *
 * What stays refused: a wrong type (a number where a string belongs, `"true"` where a JSON
 * boolean belongs in a body), a value that matches no enum member in any case, a `$top` below
 * its minimum or not a number. Patina's own routes (`/_apis/patina/…`) keep strict validation:
 * no Azure DevOps client calls them, and a typo there is better told than ignored.
 *
 * Nothing a client sent is repeated: a normalized value is one of the schema's own literals.
 * Speed: a normalizer is built per route from its schema at registration, and a route whose
 * schema has nothing to normalize gets no hook at all.
 */
import type { FastifyRequest, FastifySchema, preValidationHookHandler } from "fastify";

/** The JSON Schema parts this reads (what TypeBox produces). */
interface SchemaNode {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly SchemaNode[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly maximum?: number;
}

/** One property's fix-up: the value as the schema wants it, or the value unchanged. */
type Fix = (value: unknown) => unknown;

/** How to normalize one object (the query, or a body object). */
interface ObjectPlan {
  readonly fixes: ReadonlyMap<string, Fix>;
  readonly nested: ReadonlyMap<string, ObjectPlan>;
  /** The properties the schema knows, when it refuses others (they are dropped). */
  readonly known: ReadonlySet<string> | undefined;
}

/** True for routes in Patina's own namespace, which keep strict validation. */
export function isPatinaOwnRoute(url: string): boolean {
  return url.includes("/_apis/patina/") || url.endsWith("/_apis/patina");
}

/** The preValidation hook that makes a route's input lenient, or undefined when nothing needs it. */
export function lenientInputFor(schema: FastifySchema | undefined): preValidationHookHandler | undefined {
  if (schema === undefined) return undefined;
  const query = planFor(schema.querystring as SchemaNode | undefined, "query");
  const body = planFor(schema.body as SchemaNode | undefined, "body");
  if (query === undefined && body === undefined) return undefined;
  return function lenientInput(request: FastifyRequest, _reply, done) {
    if (query !== undefined) applyPlan(query, request.query);
    if (body !== undefined) applyPlan(body, request.body);
    done();
  };
}

function planFor(node: SchemaNode | undefined, part: "query" | "body"): ObjectPlan | undefined {
  if (node?.properties === undefined) return undefined;
  const fixes = new Map<string, Fix>();
  const nested = new Map<string, ObjectPlan>();
  for (const [name, property] of Object.entries(node.properties)) {
    const fix = fixFor(name, property, part);
    if (fix !== undefined) fixes.set(name, fix);
    const inner = part === "body" && property.type === "object" ? planFor(property, part) : undefined;
    if (inner !== undefined) nested.set(name, inner);
  }
  // Unknown query parameters are ignored already (no query schema refuses them).
  const known =
    part === "body" && node.additionalProperties === false ? new Set(Object.keys(node.properties)) : undefined;
  if (fixes.size === 0 && nested.size === 0 && known === undefined) return undefined;
  return { fixes, nested, known };
}

function fixFor(name: string, property: SchemaNode, part: "query" | "body"): Fix | undefined {
  const literals = enumLiterals(property);
  if (literals !== undefined) return caseInsensitiveEnum(literals);
  if (part === "query" && property.type === "boolean") return caseInsensitiveBoolean;
  if (part === "query" && name === "$top" && property.maximum !== undefined) return cappedAt(property.maximum);
  return undefined;
}

/** The string members of an enum or of a union of string literals; undefined for anything else. */
function enumLiterals(property: SchemaNode): string[] | undefined {
  const members = property.enum ?? property.anyOf?.map((member) => member.const);
  if (members === undefined || members.length === 0) return undefined;
  return members.every((member) => typeof member === "string") ? (members as string[]) : undefined;
}

function caseInsensitiveEnum(literals: readonly string[]): Fix {
  const byLowerCase = new Map(literals.map((literal) => [literal.toLowerCase(), literal]));
  return (value) => (typeof value === "string" ? (byLowerCase.get(value.toLowerCase()) ?? value) : value);
}

function caseInsensitiveBoolean(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const lower = value.toLowerCase();
  return lower === "true" || lower === "false" ? lower : value;
}

function cappedAt(maximum: number): Fix {
  // Only a well-formed number above the maximum is capped; anything else is validation's to refuse.
  return (value) =>
    typeof value === "string" && /^\d{1,15}$/.test(value) && Number(value) > maximum ? String(maximum) : value;
}

function applyPlan(plan: ObjectPlan, target: unknown): void {
  if (target === null || typeof target !== "object" || Array.isArray(target)) return;
  const record = target as Record<string, unknown>;
  for (const [name, fix] of plan.fixes) {
    if (name in record) record[name] = fix(record[name]);
  }
  for (const [name, inner] of plan.nested) applyPlan(inner, record[name]);
  if (plan.known !== undefined) {
    for (const name of Object.keys(record)) if (!plan.known.has(name)) delete record[name];
  }
}
