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
  | "disablePatCreationPolicyViolation";

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
]);

/** The HTTP status for a lifecycle error. */
export function patErrorStatus(error: PatErrorCode): 400 | 403 | 404 {
  if (error === "authorizationNotFound") return 404;
  return POLICY_VIOLATIONS.has(error) ? 403 : 400;
}

/** Shorthand for a failure. */
export function patFailure(error: PatErrorCode, message: string): PatFailure {
  return { ok: false, error, message };
}
