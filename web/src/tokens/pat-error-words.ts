/**
 * Turns a lifecycle API error into words next to the field it concerns. The API names each
 * failure with Azure DevOps' `patTokenError`; that name, not the message, decides the field.
 */
import { ApiError, messageOf } from "../api/http.ts";
import type { FieldErrors, FieldName } from "./token-form.ts";

/** `detail`: the server's message adds specifics (a policy's limit), so it follows the words. */
const WORDS: Readonly<Record<string, { field: FieldName; words?: string; detail?: boolean }>> = {
  displayNameRequired: { field: "name", words: "Enter a name for the token." },
  invalidDisplayName: { field: "name" },
  invalidScope: { field: "scopes" },
  introspectionRequiresAdmin: { field: "scopes" },
  fullScopePatPolicyViolation: {
    field: "scopes",
    words: "An organization policy does not allow Full access tokens. Choose Custom defined scopes.",
    detail: true,
  },
  invalidValidTo: { field: "expiration", words: "Choose an expiration date in the future, at most one year away." },
  patLifespanPolicyViolation: {
    field: "expiration",
    words: "The expiration is later than an organization policy allows.",
    detail: true,
  },
  expiredPatCannotBeExtended: {
    field: "expiration",
    words: "This token has expired and can no longer be changed. Create a new token instead.",
  },
  globalPatPolicyViolation: {
    field: "organization",
    words: "An organization policy does not allow tokens for all accessible organizations. Choose one organization.",
    detail: true,
  },
  invalidTargetAccounts: { field: "organization", words: "Choose an organization." },
  disablePatCreationPolicyViolation: {
    field: "organization",
    words: "An organization policy does not allow you to create tokens for this organization.",
    detail: true,
  },
  authorizationNotFound: { field: "form", words: "This token no longer exists, or it was revoked." },
};

/**
 * Shown when the session ended during the call. The shell asks the user to sign in again over
 * the form (App.tsx), so the form only says what happened to its request; never the token API's
 * "provide a valid personal access token", which is about tokens, not browser sessions.
 */
export const SESSION_ENDED_WORDS =
  "Nothing was saved: your session had ended. Once you are signed in again, try again.";

/** The field errors for a failed create, update or regenerate. */
export function patErrorToFields(error: unknown): FieldErrors {
  if (error instanceof ApiError && error.status === 401) return { form: SESSION_ENDED_WORDS };
  if (!(error instanceof ApiError) || error.patTokenError === undefined) return { form: messageOf(error) };
  const known = WORDS[error.patTokenError];
  if (known === undefined) return { form: error.message };
  if (known.words === undefined) return { [known.field]: error.message };
  const detail = known.detail === true && error.message !== "" ? ` ${error.message}` : "";
  return { [known.field]: `${known.words}${detail}` };
}
