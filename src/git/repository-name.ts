/**
 * Repository naming rules, as Azure DevOps states them: at most 64 characters; no control
 * characters (nor anything else invisible: zero-width, bidirectional formatting, unpaired
 * surrogates, see domain/text.ts); none of `\ / : * ? " < > | ; # $ { } , + = [ ]`; not starting with `_` or `.`,
 * not ending with `.`; not a name Windows or IIS reserves. Patina also refuses `..` anywhere and
 * `%`, so that a valid name never reads as a path or a percent-encoding in a URL. Pure.
 */
import { hasInvisibleText } from "../domain/text.js";

/** Longest repository name, in characters. */
export const MAX_REPOSITORY_NAME_LENGTH = 64;

const FORBIDDEN = /[\\/:*?"<>|;#$%{}+=,[\]]/u;
const RESERVED = new Set([
  "app_browsers",
  "app_code",
  "app_data",
  "app_globalresources",
  "app_localresources",
  "app_themes",
  "app_webresources",
  "bin",
  "web.config",
  "aux",
  "con",
  "nul",
  "prn",
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);

/** A checked name (trimmed), or why it is refused. */
export type RepositoryNameCheck = { ok: true; value: string } | { ok: false; message: string };

/** Checks a proposed repository name; the value is trimmed. */
export function checkRepositoryName(raw: string): RepositoryNameCheck {
  const value = raw.trim();
  const problem = problemWith(value);
  return problem === undefined ? { ok: true, value } : { ok: false, message: `TF400948: ${problem}` };
}

/** True when a string could be a repository name; URLs are checked with this before any lookup. */
export function isPlausibleRepositoryName(value: string): boolean {
  return problemWith(value) === undefined;
}

function problemWith(value: string): string | undefined {
  if (value.length === 0) return "A repository name is required.";
  if (value.length > MAX_REPOSITORY_NAME_LENGTH) {
    return `A repository name is at most ${MAX_REPOSITORY_NAME_LENGTH} characters.`;
  }
  if (FORBIDDEN.test(value) || hasInvisibleText(value) || value.includes("..")) {
    return `The repository name contains a character or sequence that is not allowed (control characters, invisible formatting characters, .., or any of \\ / : * ? " < > | ; # $ % { } , + = [ ]).`;
  }
  if (value.startsWith("_") || value.startsWith(".") || value.endsWith(".")) {
    return "A repository name cannot start with '_' or '.', or end with '.'.";
  }
  if (RESERVED.has(value.toLowerCase())) return `'${value}' is a reserved name.`;
  return undefined;
}
