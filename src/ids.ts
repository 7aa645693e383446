/**
 * Identifiers. Ids that Azure DevOps clients see (users, organizations, projects,
 * authorizations) are UUIDs; Patina's own ids carry a readable prefix.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { base62FromRandomBytes } from "./domain/base62.js";

/** A new UUID v4. */
export function newUuid(): string {
  return randomUUID();
}

/** A new prefixed id such as `evt_3kT9…` (about 128 random bits). */
export function newId(prefix: "evt"): string {
  let body = "";
  while (body.length < 22) body += base62FromRandomBytes(randomBytes(22));
  return `${prefix}_${body.slice(0, 22)}`;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in the canonical 8-4-4-4-12 form. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
