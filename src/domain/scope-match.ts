/**
 * Which tokens "have" a scope, for administrators' filters and revocation rules: a token has a
 * scope when it grants it, implications included (`vso.code_write` has `vso.code`; Full access
 * has every scope it includes). So a rule against `vso.code` catches every token that can read
 * code, not only those that name it literally. Pure; computed from the catalog.
 */
import { expandScopes, KNOWN_SCOPES } from "./scopes.js";

/** Every scope string that, named on a token, grants `scope` (itself included). */
export function scopesGranting(scope: string): string[] {
  return [...KNOWN_SCOPES].filter((candidate) => expandScopes([candidate]).has(scope)).sort();
}

/** Every scope string that grants at least one of `scopes`. */
export function scopesGrantingAny(scopes: readonly string[]): string[] {
  return [...new Set(scopes.flatMap(scopesGranting))].sort();
}

/** True when a token with these scopes grants at least one of `wanted`. */
export function grantsAny(tokenScopes: readonly string[], wanted: readonly string[]): boolean {
  const granted = expandScopes(tokenScopes);
  return wanted.some((scope) => granted.has(scope));
}
