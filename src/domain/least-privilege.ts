/**
 * The least-privilege suggestion for a token: the narrowest scope string that would still have
 * allowed every request it made. Pure, over the scope catalog's implications (scopes.ts).
 *
 * Every scope a request needed is a catalog scope the token granted, so the narrowest cover is
 * those scopes themselves, minus any another of them already implies (`vso.code` is dropped
 * when `vso.code_write` was also needed). No broader scope can be narrower: a cover must grant
 * each needed scope, and each needed scope grants exactly what it implies.
 */
import { expandScopes, KNOWN_SCOPES } from "./scopes.js";

/**
 * The suggested scope string (catalog order, space-separated) for the scopes `used`, or null
 * when no request needed a particular scope (any scope would do, and no scope string is empty).
 */
export function suggestLeastPrivilege(used: readonly string[]): string | null {
  const needed = [...KNOWN_SCOPES].filter((scope) => used.includes(scope));
  const kept = needed.filter((scope) => !needed.some((other) => other !== scope && expandScopes([other]).has(scope)));
  return kept.length === 0 ? null : kept.join(" ");
}
