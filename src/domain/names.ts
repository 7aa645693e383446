/**
 * Naming rules for users, organizations and projects (Azure DevOps' rules, simplified). Pure.
 * User, organization and project names are plain ASCII; display names and e-mail addresses may
 * hold any visible Unicode, but nothing a reader could not see (see text.ts).
 */
import { hasInvisibleText } from "./text.js";

const USERNAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const ORG_NAME = /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/;
const PROJECT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9 ._-]{0,62}[A-Za-z0-9_-])?$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
/** Longest user display name, in UTF-16 code units (as for token names). */
export const MAX_USER_DISPLAY_NAME_LENGTH = 256;

/** Organization names that would shadow Patina's own top-level routes. */
const RESERVED_ORG_NAMES = new Set(["healthz", "readyz", "metrics", "api", "apis", "docs", "static", "assets"]);

export type NameCheck = { ok: true; value: string } | { ok: false; message: string };

/** User names: lower case letters, digits, `.`, `_`, `-`; up to 63 characters. */
export function checkUsername(raw: string): NameCheck {
  const value = raw.trim().toLowerCase();
  return USERNAME.test(value)
    ? { ok: true, value }
    : {
        ok: false,
        message: "A user name is 1–63 characters: letters, digits, '.', '_' or '-', starting with a letter or digit.",
      };
}

/** Organization names: letters, digits and hyphens, starting and ending with a letter or digit; up to 50. */
export function checkOrgName(raw: string): NameCheck {
  const value = raw.trim().toLowerCase();
  if (RESERVED_ORG_NAMES.has(value))
    return { ok: false, message: `'${value}' is reserved and cannot name an organization.` };
  return ORG_NAME.test(value)
    ? { ok: true, value }
    : {
        ok: false,
        message: "An organization name is 1–50 letters, digits or hyphens, starting and ending with a letter or digit.",
      };
}

/** Project names: letters, digits, spaces, `.`, `_`, `-`; up to 64; no leading or trailing dot or space. */
export function checkProjectName(raw: string): NameCheck {
  const value = raw.trim();
  return PROJECT_NAME.test(value)
    ? { ok: true, value }
    : {
        ok: false,
        message:
          "A project name is 1–64 letters, digits, spaces, '.', '_' or '-', not starting with '.' or ending with '.'.",
      };
}

/** A plausible e-mail address (one @, no spaces, nothing invisible). */
export function checkEmail(raw: string): NameCheck {
  const value = raw.trim();
  return EMAIL.test(value) && !hasInvisibleText(value)
    ? { ok: true, value }
    : { ok: false, message: "The e-mail address is not valid." };
}

/** A user's display name: 1–256 visible characters once trimmed; empty means "use the user name". */
export function checkUserDisplayName(raw: string): NameCheck {
  const value = raw.trim();
  if (value.length > MAX_USER_DISPLAY_NAME_LENGTH) {
    return { ok: false, message: `A display name is at most ${MAX_USER_DISPLAY_NAME_LENGTH} characters.` };
  }
  if (hasInvisibleText(value)) {
    return {
      ok: false,
      message:
        "A display name cannot contain control characters (tab and newline included), zero-width or bidirectional formatting characters, or unpaired surrogates.",
    };
  }
  return { ok: true, value };
}
