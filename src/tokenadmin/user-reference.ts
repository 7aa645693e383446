/**
 * How administrators name a user: the Graph subject descriptor that connectionData and the
 * profile expose (`patina.<base64url of the user id>`), the user id itself, or (Patina's
 * addition, for people and the CLI) the username. Parsing is pure; a descriptor must be in its
 * one canonical form, so two spellings never name the same user.
 */
import { isUuid } from "../ids.js";
import { subjectDescriptorOf } from "../location/connection-data.js";

const DESCRIPTOR_PREFIX = "patina.";

export type UserReference =
  | { readonly kind: "id"; readonly userId: string }
  | { readonly kind: "username"; readonly username: string }
  | { readonly kind: "invalid"; readonly message: string };

/** A subject descriptor or user id (what the Azure DevOps route accepts). */
export function parseSubjectReference(text: string): UserReference {
  if (isUuid(text)) return { kind: "id", userId: text.toLowerCase() };
  if (text.startsWith(DESCRIPTOR_PREFIX)) {
    const decoded = Buffer.from(text.slice(DESCRIPTOR_PREFIX.length), "base64url").toString("utf8");
    if (isUuid(decoded) && subjectDescriptorOf(decoded) === text) return { kind: "id", userId: decoded };
    return { kind: "invalid", message: "The subject descriptor is not one this server issued." };
  }
  return {
    kind: "invalid",
    message:
      "Name the user by the subject descriptor that connectionData and the profile show (patina.…) or by the user id (a GUID).",
  };
}

/** A subject descriptor, user id or username (what Patina's own routes and the CLI accept). */
export function parseUserReference(text: string): UserReference {
  const parsed = parseSubjectReference(text);
  if (parsed.kind !== "invalid" || text.startsWith(DESCRIPTOR_PREFIX)) return parsed;
  return { kind: "username", username: text };
}
