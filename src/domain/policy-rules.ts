/**
 * Token policies (SPEC section 7) as data, pure: the keys an administrator sets at the instance
 * and at an organization, how a partial change is validated, and how the two levels combine (the
 * stricter wins, key by key). What they decide about tokens is in policy-decisions.ts.
 *
 * "Stricter" per key: a restriction (boolean) holds when either level sets it; a number of days
 * (maximum lifespan, unused-token revocation) is the smaller of those set; automatic revocation
 * of leaked tokens is on when either level has it on (on by default at the instance only); the
 * retirement date of global tokens and the allow list exist at one level only.
 */
import { MAX_LIFESPAN_DAYS } from "./token-rules.js";

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
  /** Users (every user at the instance, members at an organization) need a second factor to use the web UI (SPEC 11a). */
  readonly requireMfa: boolean;
  /** Instance: who may sign in with a password: `everyone`, or only the break-glass users (the rest use single sign-on). */
  readonly passwordSignIn: PasswordSignIn;
  /** Instance: the user ids that keep password sign-in under `breakGlassOnly` (shown as user names). */
  readonly passwordBreakGlassUsers: readonly string[];
}

/** Who may sign in with a password. */
export type PasswordSignIn = "everyone" | "breakGlassOnly";

/** True when the policy lets this user sign in (or change their password) with a password. */
export function passwordSignInAllowed(instance: PolicyValues, userId: string): boolean {
  return instance.passwordSignIn === "everyone" || instance.passwordBreakGlassUsers.includes(userId);
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
  requireMfa: false,
  passwordSignIn: "everyone",
  passwordBreakGlassUsers: Object.freeze([]) as readonly string[],
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

type KeyKind = "boolean" | "lifespanDays" | "unusedDays" | "instant" | "users" | "passwordSignIn";

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
  requireMfa: { kind: "boolean", levels: ["instance", "organization"] },
  passwordSignIn: { kind: "passwordSignIn", levels: ["instance"] },
  passwordBreakGlassUsers: { kind: "users", levels: ["instance"] },
};

/** The keys holding user lists (stored as ids, shown as names). */
export const USER_LIST_KEYS = ["patCreationAllowList", "passwordBreakGlassUsers"] as const;

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
    case "passwordSignIn":
      return value === "everyone" || value === "breakGlassOnly"
        ? { value }
        : `${key} must be "everyone" or "breakGlassOnly".`;
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
    requireMfa: instance.requireMfa || org.requireMfa,
    passwordSignIn: instance.passwordSignIn,
    passwordBreakGlassUsers: instance.passwordBreakGlassUsers,
  };
}

/**
 * Whether a user must have a second factor: the instance requires it of everyone, an
 * organization of its members; one requiring level is enough (the stricter wins).
 */
export function mfaRequiredFor(instance: PolicyValues, orgsOfUser: readonly PolicyValues[]): boolean {
  return instance.requireMfa || orgsOfUser.some((values) => values.requireMfa);
}
