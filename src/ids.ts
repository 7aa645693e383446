/**
 * Identifiers. Ids that Azure DevOps clients see (users, organizations, projects,
 * authorizations) are UUIDs; Patina's own ids carry a readable prefix.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { base62FromRandomBytes } from "./domain/base62.js";

/** A new UUID v4. */
export function newUuid(): string {
  return randomUUID();
}

/** A new prefixed id such as `evt_3kT9…` (about 128 random bits). */
export function newId(prefix: "evt" | "pk"): string {
  let body = "";
  while (body.length < 22) body += base62FromRandomBytes(randomBytes(22));
  return `${prefix}_${body.slice(0, 22)}`;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in the canonical 8-4-4-4-12 form. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * The name-based UUID (RFC 9562 version 5: SHA-1) of `name` in `namespace`: the same inputs
 * always give the same id, so an id can be derived instead of stored.
 */
export function uuidV5(namespace: string, name: string): string {
  if (!isUuid(namespace)) throw new Error("uuidV5 needs a UUID namespace");
  const digest = createHash("sha1")
    .update(Buffer.from(namespace.replaceAll("-", ""), "hex"))
    .update(name, "utf8")
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
