/**
 * The lifecycle API's expected failures, named by Azure DevOps' `patTokenError` values, and
 * the HTTP status each maps to: 400 invalid input, 403 policy violation, 404 unknown token.
 */
import type { PatRuleError } from "../domain/token-rules.js";

export type PatErrorCode =
  | PatRuleError
  | "invalidAuthorizationId"
  /** Patina's addition: a forged, corrupt or mismatched list continuation token. */
  | "invalidContinuationToken"
  | "authorizationNotFound"
  | "expiredPatCannotBeExtended"
  | "invalidTargetAccounts"
  | "globalPatPolicyViolation"
  | "fullScopePatPolicyViolation"
  | "patLifespanPolicyViolation"
  | "disablePatCreationPolicyViolation"
  /** Patina's addition: the acting token targets one organization, the result would target more. */
  | "targetBeyondAuthority"
  /** Patina's addition: the result would carry scopes (or Full access) the acting token lacks. */
  | "scopeBeyondAuthority"
  /** Patina's addition: only instance administrators may own tokens with patina.introspect. */
  | "introspectionRequiresAdmin"
  /** Patina's addition: another change of the same token committed first; read it again. */
  | "concurrentModification";

export interface PatFailure {
  ok: false;
  error: PatErrorCode;
  message: string;
}

export type PatResult<T> = { ok: true; value: T } | PatFailure;

const POLICY_VIOLATIONS: ReadonlySet<PatErrorCode> = new Set([
  "globalPatPolicyViolation",
  "fullScopePatPolicyViolation",
  "patLifespanPolicyViolation",
  "disablePatCreationPolicyViolation",
  "targetBeyondAuthority",
  "scopeBeyondAuthority",
  "introspectionRequiresAdmin",
]);

/** The HTTP status for a lifecycle error. */
export function patErrorStatus(error: PatErrorCode): 400 | 403 | 404 | 409 {
  if (error === "authorizationNotFound") return 404;
  if (error === "concurrentModification") return 409;
  return POLICY_VIOLATIONS.has(error) ? 403 : 400;
}

/** Shorthand for a failure. */
export function patFailure(error: PatErrorCode, message: string): PatFailure {
  return { ok: false, error, message };
}
