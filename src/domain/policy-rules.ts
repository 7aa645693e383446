/**
 * Token policies (SPEC section 7) as data and pure decisions: the keys an administrator sets at
 * the instance and at an organization, how a partial change is validated, how the two levels
 * combine (the stricter wins, key by key), and what creation and use of a token must obey.
 *
 * "Stricter" per key: a restriction (boolean) holds when either level sets it; a number of days
 * (maximum lifespan, unused-token revocation) is the smaller of those set; automatic revocation
 * of leaked tokens is on when either level has it on (default on at both); the retirement date of
 * global tokens and the allow list exist at one level only (instance, organization).
 */
import { MAX_LIFESPAN_DAYS } from "./token-rules.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a policy document lives. */
export type PolicyLevel = "instance" | "organization";

/** One level's policy values (every key; a key a level cannot set keeps its default there). */
export interface PolicyValues {
  /** Tokens for all organizations (`allOrgs`) cannot be created or extended (globalPatPolicyViolation). */
  readonly restrictGlobalPatCreation: boolean;
  /** Full access (`app_token`) tokens cannot be created or extended (fullScopePatPolicyViolation). */
  readonly restrictFullScopePatCreation: boolean;
  /** Longest lifespan (days, 1–365) of a created, extended or regenerated token; null: 365. */
  readonly maxPatLifespanDays: number | null;
  /** Organization: only users on the allow list may create tokens for it (disablePatCreationPolicyViolation). */
  readonly restrictPatCreation: boolean;
  /** Organization: the user ids on the allow list (shown as user names). */
  readonly patCreationAllowList: readonly string[];
  /** Organization: users not on the list may still create tokens whose scopes are all Packaging ones. */
  readonly allowPackagingPatsForOthers: boolean;
  /** A reported leaked token is revoked (else its owner is only told). */
  readonly autoRevokeLeakedPats: boolean;
  /** Instance: from this instant (ISO 8601) existing all-organization tokens stop working. */
  readonly retireGlobalPatsAt: string | null;
  /** A token whose lifespan (validTo − validFrom) exceeds the current maximum is refused at use. */
  readonly enforceMaxLifespanAtUse: boolean;
  /** Active tokens unused (never used: since validFrom) for this many days are revoked by the system. */
  readonly revokeUnusedPatsAfterDays: number | null;
}

export type PolicyKey = keyof PolicyValues;

/** What no policy says. */
export const DEFAULT_POLICY: PolicyValues = Object.freeze({
  restrictGlobalPatCreation: false,
  restrictFullScopePatCreation: false,
  maxPatLifespanDays: null,
  restrictPatCreation: false,
  patCreationAllowList: Object.freeze([]) as readonly string[],
  allowPackagingPatsForOthers: false,
  autoRevokeLeakedPats: true,
  retireGlobalPatsAt: null,
  enforceMaxLifespanAtUse: false,
  revokeUnusedPatsAfterDays: null,
});

/**
 * What an organization that sets nothing says: the same, except that it does not itself demand
 * the automatic revocation of leaked tokens (so the instance's choice, on by default, decides
 * unless the organization turns it on; "on" being the stricter value, an organization default
 * of on would make turning it off at the instance meaningless).
 */
export const DEFAULT_ORG_POLICY: PolicyValues = Object.freeze({ ...DEFAULT_POLICY, autoRevokeLeakedPats: false });

/** The values of a level that sets nothing. */
export function defaultsOf(level: PolicyLevel): PolicyValues {
  return level === "instance" ? DEFAULT_POLICY : DEFAULT_ORG_POLICY;
}

/** The longest "unused for N days" a policy may name (ten years). */
export const MAX_UNUSED_DAYS = 3650;

type KeyKind = "boolean" | "lifespanDays" | "unusedDays" | "instant" | "users";

/** Every key: its kind and the levels that may set it. */
export const POLICY_KEYS: Readonly<Record<PolicyKey, { kind: KeyKind; levels: readonly PolicyLevel[] }>> = {
  restrictGlobalPatCreation: { kind: "boolean", levels: ["instance", "organization"] },
  restrictFullScopePatCreation: { kind: "boolean", levels: ["instance", "organization"] },
  maxPatLifespanDays: { kind: "lifespanDays", levels: ["instance", "organization"] },
  restrictPatCreation: { kind: "boolean", levels: ["organization"] },
  patCreationAllowList: { kind: "users", levels: ["organization"] },
  allowPackagingPatsForOthers: { kind: "boolean", levels: ["organization"] },
  autoRevokeLeakedPats: { kind: "boolean", levels: ["instance", "organization"] },
  retireGlobalPatsAt: { kind: "instant", levels: ["instance"] },
  enforceMaxLifespanAtUse: { kind: "boolean", levels: ["instance", "organization"] },
  revokeUnusedPatsAfterDays: { kind: "unusedDays", levels: ["instance", "organization"] },
};

/** The keys a level may set, in display order. */
export function keysOf(level: PolicyLevel): PolicyKey[] {
  return (Object.keys(POLICY_KEYS) as PolicyKey[]).filter((key) => POLICY_KEYS[key].levels.includes(level));
}

/** A validated partial change; allow-list entries are still names or ids, resolved by the service. */
export type PolicyPatch = { -readonly [K in PolicyKey]?: PolicyValues[K] };

export type PatchResult = { ok: true; patch: PolicyPatch } | { ok: false; message: string };

/** Most entries an allow list may hold. */
export const MAX_ALLOW_LIST = 1000;
const USER_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Validates a partial change of a level's policy: known keys of that level, right types and ranges. */
export function parsePolicyPatch(level: PolicyLevel, input: unknown): PatchResult {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, message: "The body must be a JSON object of policy keys and values." };
  }
  const patch: PolicyPatch = {};
  const allowed = keysOf(level);
  for (const [key, value] of Object.entries(input)) {
    if (!allowed.includes(key as PolicyKey)) {
      const shown = USER_REFERENCE.test(key) && key.length <= 40 ? ` '${key}'` : "";
      return { ok: false, message: `Unknown ${level} policy key${shown}. The keys are: ${allowed.join(", ")}.` };
    }
    const checked = checkValue(key as PolicyKey, value);
    if (typeof checked === "string") return { ok: false, message: checked };
    Object.assign(patch, { [key]: checked.value });
  }
  return { ok: true, patch };
}

function checkValue(key: PolicyKey, value: unknown): { value: unknown } | string {
  switch (POLICY_KEYS[key].kind) {
    case "boolean":
      return typeof value === "boolean" ? { value } : `${key} must be true or false.`;
    case "lifespanDays":
      return days(key, value, MAX_LIFESPAN_DAYS);
    case "unusedDays":
      return days(key, value, MAX_UNUSED_DAYS);
    case "instant": {
      if (value === null) return { value };
      const parsed = parseInstant(value);
      if (Number.isNaN(parsed)) return `${key} must be an ISO 8601 date-time such as 2026-12-01T00:00:00Z, or null.`;
      return { value: new Date(parsed).toISOString() };
    }
    case "users": {
      if (!Array.isArray(value)) return `${key} must be an array of user names or user ids.`;
      if (value.length > MAX_ALLOW_LIST) return `${key} may hold at most ${MAX_ALLOW_LIST} users.`;
      for (const entry of value) {
        if (typeof entry !== "string" || !USER_REFERENCE.test(entry)) {
          return `${key} must hold user names or user ids (letters, digits, '.', '_', '-'; at most 64 characters).`;
        }
      }
      return { value: [...new Set(value as string[])] };
    }
  }
}

/** A full date (and optional time, zone) as JSON clients send it; no bare numbers or free text. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** The instant of an ISO 8601 text, or NaN; a date that does not exist (2026-02-31) is NaN too. */
function parseInstant(value: unknown): number {
  if (typeof value !== "string" || !ISO_INSTANT.test(value)) return Number.NaN;
  const parsed = Date.parse(value);
  const [year, month, day] = value.slice(0, 10).split("-").map(Number);
  const calendar = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 0));
  return calendar.getUTCDate() === day && calendar.getUTCMonth() === (month ?? 0) - 1 ? parsed : Number.NaN;
}

function days(key: PolicyKey, value: unknown, max: number): { value: unknown } | string {
  if (value === null) return { value };
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    return `${key} must be a whole number of days from 1 to ${max}, or null for no limit.`;
  }
  return { value };
}

/** Turns the CLI's `KEY=VALUE` words into the JSON a PATCH would carry (then parsePolicyPatch checks it). */
export function assignmentsToInput(
  assignments: readonly string[],
): { ok: true; input: Record<string, unknown> } | { ok: false; message: string } {
  const input: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const at = assignment.indexOf("=");
    if (at <= 0) return { ok: false, message: "Each setting is KEY=VALUE, e.g. maxPatLifespanDays=90." };
    const key = assignment.slice(0, at);
    const text = assignment.slice(at + 1).trim();
    const kind = POLICY_KEYS[key as PolicyKey]?.kind;
    if (kind === "boolean") input[key] = text === "true" ? true : text === "false" ? false : text;
    else if (kind === "users") input[key] = text === "" ? [] : text.split(",").map((entry) => entry.trim());
    else if (text === "null" || text === "none") input[key] = null;
    else if (kind === "lifespanDays" || kind === "unusedDays") input[key] = /^\d+$/.test(text) ? Number(text) : text;
    else input[key] = text;
  }
  return { ok: true, input };
}

const minDays = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** The effective policy in an organization: the stricter of the instance's and the organization's, key by key. */
export function stricterOf(instance: PolicyValues, org: PolicyValues): PolicyValues {
  return {
    restrictGlobalPatCreation: instance.restrictGlobalPatCreation || org.restrictGlobalPatCreation,
    restrictFullScopePatCreation: instance.restrictFullScopePatCreation || org.restrictFullScopePatCreation,
    maxPatLifespanDays: minDays(instance.maxPatLifespanDays, org.maxPatLifespanDays),
    restrictPatCreation: org.restrictPatCreation,
    patCreationAllowList: org.patCreationAllowList,
    allowPackagingPatsForOthers: org.allowPackagingPatsForOthers,
    autoRevokeLeakedPats: instance.autoRevokeLeakedPats || org.autoRevokeLeakedPats,
    retireGlobalPatsAt: earliest(instance.retireGlobalPatsAt, org.retireGlobalPatsAt),
    enforceMaxLifespanAtUse: instance.enforceMaxLifespanAtUse || org.enforceMaxLifespanAtUse,
    revokeUnusedPatsAfterDays: minDays(instance.revokeUnusedPatsAfterDays, org.revokeUnusedPatsAfterDays),
  };
}

/** The effective policy of one place a token works: an organization (by name) or, with null, the instance alone. */
export interface PolicyScope {
  readonly orgName: string | null;
  readonly values: PolicyValues;
}

/** A token as creation (and extension, regeneration) policies see it. */
export interface PolicyTokenShape {
  readonly ownerId: string;
  readonly allOrgs: boolean;
  readonly scopes: readonly string[];
}

export type PolicyViolation =
  | "globalPatPolicyViolation"
  | "fullScopePatPolicyViolation"
  | "disablePatCreationPolicyViolation";

export type CreationDecision =
  | { ok: true; maxLifespanDays: number }
  | { ok: false; error: PolicyViolation; message: string };

const FULL_ACCESS = "app_token";
/** Packaging scopes: what "packaging scopes only" lets everyone else create. */
export const isPackagingScope = (scope: string): boolean =>
  scope === "vso.packaging" || scope.startsWith("vso.packaging_");

const whose = (scope: PolicyScope) =>
  scope.orgName === null ? "The instance's policy" : `The policy of organization '${scope.orgName}'`;

/**
 * Whether a token of this shape may be created (or extended, regenerated) where it works, and the
 * longest lifespan it may have there: every place must allow it; the shortest maximum wins.
 */
export function decideCreation(scopes: readonly PolicyScope[], token: PolicyTokenShape): CreationDecision {
  let maxLifespanDays = MAX_LIFESPAN_DAYS;
  for (const scope of scopes) {
    const values = scope.values;
    if (token.allOrgs && values.restrictGlobalPatCreation) {
      return refuse("globalPatPolicyViolation", `${whose(scope)} does not allow tokens for all organizations.`);
    }
    if (token.scopes.includes(FULL_ACCESS) && values.restrictFullScopePatCreation) {
      return refuse("fullScopePatPolicyViolation", `${whose(scope)} does not allow Full access tokens.`);
    }
    if (values.restrictPatCreation && !values.patCreationAllowList.includes(token.ownerId)) {
      const packagingOnly = token.scopes.every(isPackagingScope);
      if (!(values.allowPackagingPatsForOthers && packagingOnly)) {
        const others = values.allowPackagingPatsForOthers
          ? " Users not on its allow list may only create tokens whose scopes are all Packaging scopes."
          : "";
        return refuse(
          "disablePatCreationPolicyViolation",
          `${whose(scope)} restricts token creation to an allow list you are not on.${others}`,
        );
      }
    }
    if (values.maxPatLifespanDays !== null) maxLifespanDays = Math.min(maxLifespanDays, values.maxPatLifespanDays);
  }
  return { ok: true, maxLifespanDays };
}

function refuse(error: PolicyViolation, message: string): CreationDecision {
  return { ok: false, error, message };
}

/** What use of a token must obey in one place, precomputed when policies load (see decideUse). */
export interface AtUseRules {
  /** Lifespans beyond this are refused (only when enforced at use); null: no check. */
  readonly maxLifespanMs: number | null;
  readonly maxLifespanDays: number | null;
  /** From this instant global tokens are refused; null: never. */
  readonly retireGlobalAtMs: number | null;
  /** Global tokens of users not on the allow list are refused here. */
  readonly restrictGlobalUse: boolean;
  readonly allowList: ReadonlySet<string>;
  readonly packagingAllowed: boolean;
  /** The organization's name for messages; null outside organizations. */
  readonly orgName: string | null;
}

/** The use rules of an effective policy. */
export function atUseRulesOf(values: PolicyValues, orgName: string | null): AtUseRules {
  const enforced = values.enforceMaxLifespanAtUse && values.maxPatLifespanDays !== null;
  return {
    maxLifespanMs: enforced && values.maxPatLifespanDays !== null ? values.maxPatLifespanDays * DAY_MS : null,
    maxLifespanDays: enforced ? values.maxPatLifespanDays : null,
    retireGlobalAtMs: values.retireGlobalPatsAt === null ? null : Date.parse(values.retireGlobalPatsAt),
    restrictGlobalUse: values.restrictPatCreation,
    allowList: new Set(values.patCreationAllowList),
    packagingAllowed: values.allowPackagingPatsForOthers,
    orgName,
  };
}

/** The use rules of every place, as verification holds them (see policies/policy-snapshot.ts). */
export interface AtUseSnapshot {
  /** False when no rule can refuse any use: verification then skips the rules altogether. */
  readonly atUseActive: boolean;
  /** The use rules outside organizations, and in every organization without a policy of its own. */
  readonly outsideOrgs: AtUseRules;
  readonly atUseRulesByOrg: ReadonlyMap<string, AtUseRules>;
}

/** The use rules in an organization (by id), or outside organizations. */
export function atUseRulesFor(snapshot: AtUseSnapshot, orgId: string | undefined): AtUseRules {
  return (orgId === undefined ? undefined : snapshot.atUseRulesByOrg.get(orgId)) ?? snapshot.outsideOrgs;
}

/** True when the rules can refuse any use at all (so verification may skip them otherwise). */
export function rulesActive(rules: AtUseRules): boolean {
  return rules.maxLifespanMs !== null || rules.retireGlobalAtMs !== null || rules.restrictGlobalUse;
}

/** A token at use, as the use rules see it (a VerifiedToken has all of it). */
export interface TokenAtUse {
  readonly allOrgs: boolean;
  readonly validFromMs: number;
  readonly validToMs: number;
  readonly scopes: readonly string[];
  readonly owner: { readonly id: string };
}

export type UseRefusalReason = "globalPatRetired" | "patLifespanBeyondPolicy" | "globalPatRestricted";

export interface UseRefusal {
  readonly reason: UseRefusalReason;
  readonly message: string;
}

/**
 * Whether a valid token may be used here under policy: a retired global token, a token living
 * longer than the maximum enforced at use, or a global token of a user not on the allow list of
 * an organization that restricts creation, is refused (403, saying why; never revoked). Allocates
 * nothing when the token passes.
 */
export function decideUse(rules: AtUseRules, token: TokenAtUse, nowMs: number): UseRefusal | undefined {
  if (token.allOrgs && rules.retireGlobalAtMs !== null && nowMs >= rules.retireGlobalAtMs) {
    const since = new Date(rules.retireGlobalAtMs).toISOString();
    return {
      reason: "globalPatRetired",
      message: `Tokens for all organizations were retired on ${since} by the instance's policy. Create a token for one organization instead.`,
    };
  }
  if (rules.maxLifespanMs !== null && token.validToMs - token.validFromMs > rules.maxLifespanMs) {
    return {
      reason: "patLifespanBeyondPolicy",
      message: `This token lives longer than the ${rules.maxLifespanDays} days the policy${rules.orgName === null ? "" : ` of organization '${rules.orgName}'`} now allows. Create or regenerate a token with a shorter lifespan.`,
    };
  }
  if (
    token.allOrgs &&
    rules.restrictGlobalUse &&
    !rules.allowList.has(token.owner.id) &&
    !(rules.packagingAllowed && token.scopes.every(isPackagingScope))
  ) {
    return {
      reason: "globalPatRestricted",
      message: `Organization '${rules.orgName}' restricts tokens to an allow list you are not on, so tokens for all organizations do not work here. Create a token for this organization if you may.`,
    };
  }
  return undefined;
}
