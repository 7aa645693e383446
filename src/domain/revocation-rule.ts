/**
 * Azure DevOps' revocation rule (`{scopes, createdBefore}`): which existing tokens it covers.
 * Azure DevOps evaluates rules at authentication time for credentials it cannot revoke one by
 * one; every Patina credential is a revocable token, so a rule revokes the matching tokens at once
 * and is not kept. A rule therefore only reaches back in time: `createdBefore` defaults to now and
 * may not lie in the future (it would promise to refuse tokens created later, which nothing would
 * do). A token matches when it grants any of the scopes, implications included
 * (domain/scope-match). Pure.
 */
import { scopesGrantingAny } from "./scope-match.js";
import { parseScopeString } from "./scopes.js";
import { parseIsoDateTime } from "./token-rules.js";

export interface RevocationRule {
  /** The scopes as given (validated, deduplicated). */
  readonly scopes: readonly string[];
  /** Scope strings a token must name one of to match (the scopes and everything that implies them). */
  readonly matchingScopes: readonly string[];
  readonly createdBefore: Date;
}

export type RevocationRuleDecision = { ok: true; value: RevocationRule } | { ok: false; message: string };

/** Validates a rule as sent and works out what it matches. */
export function decideRevocationRule(
  scopes: string | undefined,
  createdBefore: string | undefined,
  now: Date,
): RevocationRuleDecision {
  if (scopes === undefined)
    return { ok: false, message: "A revocation rule needs scopes: a space-separated list of scopes." };
  const parsed = parseScopeString(scopes);
  if (!parsed.ok) {
    return {
      ok: false,
      message:
        parsed.reason === "empty"
          ? "A revocation rule needs at least one scope."
          : `The scopes hold ${parsed.unknown.length === 1 ? "an unknown scope" : `${parsed.unknown.length} unknown scopes`}. Scopes are names such as vso.code or vso.work_write, separated by spaces.`,
    };
  }
  // Omitted: every token that exists now, including one created in this very millisecond.
  let cutoff = new Date(now.getTime() + 1);
  if (createdBefore !== undefined) {
    const date = parseIsoDateTime(createdBefore);
    if (date === undefined)
      return { ok: false, message: "createdBefore must be an ISO 8601 date-time such as 2026-12-01T00:00:00Z." };
    if (date.getTime() > now.getTime()) {
      return { ok: false, message: "createdBefore may not be in the future: a rule revokes existing tokens at once." };
    }
    cutoff = date;
  }
  return {
    ok: true,
    value: { scopes: parsed.scopes, matchingScopes: scopesGrantingAny(parsed.scopes), createdBefore: cutoff },
  };
}
