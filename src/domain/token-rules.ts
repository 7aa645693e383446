/**
 * Lifecycle rules for personal access tokens (SPEC section 5), as pure functions. Every
 * expected failure is returned as data carrying the Azure DevOps `patTokenError` value.
 */
import { parseScopeString } from "./scopes.js";
import { echoed, hasInvisibleText } from "./text.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The hard maximum lifespan of a token; policies may only shorten it. */
export const MAX_LIFESPAN_DAYS = 365;
/** The lifespan of a token created without a validTo: the UI's default preset (SPEC section 5). */
export const DEFAULT_LIFESPAN_DAYS = 30;
export const MAX_DISPLAY_NAME_LENGTH = 256;
/** The longest grace period during which a regenerated token's old secret keeps working. */
export const MAX_REGENERATE_GRACE_HOURS = 24;

export type PatRuleError = "displayNameRequired" | "invalidDisplayName" | "invalidScope" | "invalidValidTo";

export type RuleResult<T> = { ok: true; value: T } | { ok: false; error: PatRuleError; message: string };

/** Token status as shown in lists; derived, never stored. */
export type TokenStatus = "active" | "expired" | "revoked";

/** Trims and checks a display name (1–256 characters, nothing invisible: see text.ts). */
export function checkDisplayName(name: string): RuleResult<string> {
  const trimmed = name.trim();
  if (trimmed.length === 0) {
    return { ok: false, error: "displayNameRequired", message: "A token name is required." };
  }
  if (trimmed.length > MAX_DISPLAY_NAME_LENGTH) {
    return {
      ok: false,
      error: "invalidDisplayName",
      message: `The token name must be at most ${MAX_DISPLAY_NAME_LENGTH} characters.`,
    };
  }
  if (hasInvisibleText(trimmed)) {
    return {
      ok: false,
      error: "invalidDisplayName",
      message:
        "The token name cannot contain control characters (tab and newline included), zero-width or bidirectional formatting characters, or unpaired surrogates.",
    };
  }
  return { ok: true, value: trimmed };
}

/** Parses and checks a scope string against the catalog. */
export function checkScope(scope: string): RuleResult<string[]> {
  const parsed = parseScopeString(scope);
  if (parsed.ok) return { ok: true, value: parsed.scopes };
  if (parsed.reason === "empty") {
    return { ok: false, error: "invalidScope", message: "At least one scope is required." };
  }
  // Only short, plain unknown names are repeated (see echoed): a token pasted as a scope never comes back.
  const count = parsed.unknown.length;
  const shown = parsed.unknown.slice(0, 3).flatMap((scope) => {
    const quoted = echoed(scope, "");
    return quoted === "" ? [] : [quoted];
  });
  const list = shown.length > 0 ? `: ${shown.join(", ")}` : "";
  return {
    ok: false,
    error: "invalidScope",
    message: `The scope string has ${count === 1 ? "an unknown scope" : `${count} unknown scopes`}${list}. Scopes are names such as vso.code or vso.work_write, separated by spaces.`,
  };
}

/** The latest allowed `validTo` for a token whose lifespan starts at `validFrom`. */
export function maxValidTo(validFrom: Date, maxLifespanDays: number): Date {
  return new Date(validFrom.getTime() + Math.min(maxLifespanDays, MAX_LIFESPAN_DAYS) * DAY_MS);
}

/** ISO 8601 date-time with a date part; rejects bare numbers and free text that Date() accepts. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an ISO 8601 date-time strictly: Date() would roll 2027-02-31 over into March. */
export function parseIsoDateTime(text: string): Date | undefined {
  const match = ISO_DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  if (calendarDay.getUTCMonth() !== month - 1 || calendarDay.getUTCDate() !== day) return undefined;
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

export interface ValidToDecision {
  validTo: Date;
  /** True when the requested date was beyond the maximum and was clamped to it. */
  clamped: boolean;
}

/**
 * Checks a requested expiry: parseable ISO 8601, after `now`, and clamped to
 * `validFrom + maximum lifespan` (Azure DevOps clamps rather than rejects).
 */
export function decideValidTo(
  requested: string,
  now: Date,
  validFrom: Date,
  maxLifespanDays: number,
): RuleResult<ValidToDecision> {
  const parsed = parseIsoDateTime(requested.trim());
  if (parsed === undefined) {
    return { ok: false, error: "invalidValidTo", message: "validTo must be an ISO 8601 date-time." };
  }
  if (parsed.getTime() <= now.getTime()) {
    return { ok: false, error: "invalidValidTo", message: "validTo must be in the future." };
  }
  const limit = maxValidTo(validFrom, maxLifespanDays);
  if (parsed.getTime() > limit.getTime()) return { ok: true, value: { validTo: limit, clamped: true } };
  return { ok: true, value: { validTo: parsed, clamped: false } };
}

/**
 * The `validTo` a client asked for, or undefined when it left it unset: absent, null, or .NET's
 * `DateTime.MinValue` (`0001-01-01T00:00:00`, what a .NET client sends for a date it never set,
 * its field not being nullable there). No one means a token that expired two thousand years ago.
 */
export function requestedValidTo(value: string | null | undefined): string | undefined {
  return value === undefined || value === null || value.startsWith("0001-01-01") ? undefined : value;
}

/**
 * The expiry of a token created without a `validTo` (Microsoft's API makes no field required):
 * the default lifespan from now, or the maximum lifespan when a policy makes that shorter.
 */
export function defaultValidTo(now: Date, maxLifespanDays: number): Date {
  return maxValidTo(now, Math.min(DEFAULT_LIFESPAN_DAYS, maxLifespanDays));
}

/** A token's status at `now`. Revocation wins over expiry. */
export function tokenStatus(token: { revokedAt: string | null; validTo: string }, now: Date): TokenStatus {
  if (token.revokedAt !== null) return "revoked";
  return Date.parse(token.validTo) <= now.getTime() ? "expired" : "active";
}

/**
 * The expiry of a regenerated token: the same lifespan as before, starting now, capped by the
 * maximum lifespan.
 */
export function regeneratedValidTo(
  previous: { validFrom: string; validTo: string },
  now: Date,
  maxLifespanDays: number,
): Date {
  const lifespan = Date.parse(previous.validTo) - Date.parse(previous.validFrom);
  const wanted = now.getTime() + Math.max(lifespan, 0);
  return new Date(Math.min(wanted, maxValidTo(now, maxLifespanDays).getTime()));
}
