/**
 * Forward-auth rules: which scope, organization and role a request to a guarded service needs,
 * by path glob and method. Parsed once at start from the document an operator wrote; a bad
 * entry is reported by position and path, so the operator can find it. Pure.
 *
 * Deny by default: the first rule whose glob and methods both match decides; a request no rule
 * matches is refused. An unknown field is an error rather than ignored, because a misspelled
 * `"minrole"` silently ignored would grant more than the operator meant.
 */

import { checkOrgName } from "../domain/names.js";
import { isOrgRole, ORG_ROLES, type OrgRole } from "../domain/roles.js";
import { FULL_ACCESS_SCOPE } from "../domain/scope-catalog.js";
import { KNOWN_SCOPES } from "../domain/scopes.js";
import { type GlobSegment, globMatches, parsePathGlob } from "./path-glob.js";

/** One validated rule. */
export interface ForwardAuthRule {
  /** Position in the file, from 1; names the rule in logs. */
  readonly position: number;
  /** The glob as written. */
  readonly path: string;
  readonly glob: readonly GlobSegment[];
  /** Upper-case HTTP methods. */
  readonly methods: ReadonlySet<string>;
  readonly scope: string;
  /** Lower-case organization name the token must target and its owner belong to. */
  readonly org: string;
  /** The least role the owner needs in the organization; undefined means any member. */
  readonly minRole: OrgRole | undefined;
}

export type RulesParse = { ok: true; rules: readonly ForwardAuthRule[] } | { ok: false; message: string };

/** Methods of HTTP (RFC 9110), PATCH (RFC 5789) and WebDAV (RFC 4918), in their only valid spelling. */
export const HTTP_METHODS: ReadonlySet<string> = new Set([
  ...["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"],
  ...["PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK"],
]);

const FIELDS = new Set(["path", "methods", "scope", "org", "minRole"]);

/** Validates a parsed JSON document (an array of rules). */
export function parseForwardAuthRules(document: unknown): RulesParse {
  if (!Array.isArray(document)) return { ok: false, message: "the file must hold a JSON array of rules" };
  const rules: ForwardAuthRule[] = [];
  for (const [index, entry] of document.entries()) {
    const parsed = parseRule(entry, index + 1);
    if (typeof parsed === "string") {
      const path = isRecord(entry) && typeof entry.path === "string" ? ` (${JSON.stringify(entry.path)})` : "";
      return { ok: false, message: `entry ${index + 1}${path}: ${parsed}` };
    }
    rules.push(parsed);
  }
  return { ok: true, rules: Object.freeze(rules) };
}

/** The rule that decides a request: the first whose methods and glob match, if any. */
export function findRule(
  rules: readonly ForwardAuthRule[],
  method: string,
  segments: readonly string[],
): ForwardAuthRule | undefined {
  return rules.find((rule) => rule.methods.has(method) && globMatches(rule.glob, segments));
}

/** A rule, or what is wrong with the entry. */
function parseRule(entry: unknown, position: number): ForwardAuthRule | string {
  if (!isRecord(entry)) return "a rule is a JSON object";
  const unknown = Object.keys(entry).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) return `unknown field ${JSON.stringify(unknown)} (fields: ${[...FIELDS].join(", ")})`;
  const { path, methods, scope, org, minRole } = entry;

  if (typeof path !== "string") return `"path" must be a string such as "/packages/**"`;
  const glob = parsePathGlob(path);
  if (!glob.ok) return `bad path glob: ${glob.message}`;

  if (!Array.isArray(methods) || methods.length === 0)
    return `"methods" must be a non-empty array such as ["GET", "HEAD"]`;
  for (const method of methods) {
    if (typeof method !== "string" || !HTTP_METHODS.has(method)) {
      return `unknown method ${JSON.stringify(method)} (methods are upper case: ${[...HTTP_METHODS].join(", ")})`;
    }
  }

  if (typeof scope !== "string") return `"scope" must be a string such as "vso.packaging"`;
  // Full access is not a grant of its own: app_token tokens hold every scope instead.
  if (scope === FULL_ACCESS_SCOPE) return `"scope" must name one scope; "${FULL_ACCESS_SCOPE}" tokens hold all of them`;
  if (!KNOWN_SCOPES.has(scope)) return `unknown scope ${JSON.stringify(scope)}`;

  // Required: without it a token made for one organization would open another's service.
  if (typeof org !== "string") return `"org" must be the name of the organization whose members may pass`;
  const orgName = checkOrgName(org);
  if (!orgName.ok) return `bad "org": ${orgName.message}`;

  let leastRole: OrgRole | undefined;
  if (minRole !== undefined) {
    if (typeof minRole !== "string" || !isOrgRole(minRole)) return `"minRole" must be one of ${ORG_ROLES.join(", ")}`;
    leastRole = minRole;
  }

  return Object.freeze({
    position,
    path,
    glob: glob.segments,
    methods: new Set(methods as string[]),
    scope,
    org: orgName.value,
    minRole: leastRole,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
