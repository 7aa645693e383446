/**
 * The lifecycle service's expected failures as data. Their codes (Azure DevOps' `patTokenError`
 * values) and the status each maps to live in the one error catalog, http/error-catalog.ts.
 */
import { ERROR_CATALOG, PAT_ERRORS, type PatErrorCode } from "../http/error-catalog.js";

export type { PatErrorCode };

export interface PatFailure {
  ok: false;
  error: PatErrorCode;
  message: string;
}

export type PatResult<T> = { ok: true; value: T } | PatFailure;

/** The HTTP status for a lifecycle error, as the catalog decides it. */
export function patErrorStatus(error: PatErrorCode): number {
  return ERROR_CATALOG[PAT_ERRORS[error]].status;
}

/** Shorthand for a failure. */
export function patFailure(error: PatErrorCode, message: string): PatFailure {
  return { ok: false, error, message };
}
