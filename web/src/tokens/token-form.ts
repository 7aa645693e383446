/**
 * The new/edit token form as data: its values, their checks, and the request they make. Pure,
 * so the panel component only wires inputs to it.
 */
import type { SessionOrganization } from "../api/session.ts";
import type { PatToken } from "../api/tokens.ts";
import { utcDateInputValue } from "./format.ts";
import {
  EMPTY_SELECTION,
  FULL_ACCESS_SCOPE,
  type ScopeSelection,
  scopeFromSelection,
  selectionFromScope,
} from "./scope-selection.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
/** The server's hard maximum lifespan; it clamps anything later, so this only guides the picker. */
const MAX_LIFESPAN_DAYS = 365;

/** The Organization choice meaning "all accessible organizations" (no org name looks like it). */
export const ALL_ORGS = "*";

/** "keep" exists only when editing: the expiry stays as it is. */
export type Expiration = "keep" | "30" | "60" | "90" | "custom";

export interface TokenFormValues {
  name: string;
  /** An organization name, or ALL_ORGS. */
  org: string;
  expiration: Expiration;
  /** "yyyy-mm-dd" (UTC) when expiration is custom. */
  customDate: string;
  fullAccess: boolean;
  selection: ScopeSelection;
}

export type FieldName = "name" | "organization" | "expiration" | "scopes" | "form";
export type FieldErrors = Partial<Record<FieldName, string>>;

/** A new token's form: 30 days (the default), custom scopes, the first organization. */
export function newTokenValues(organizations: readonly SessionOrganization[]): TokenFormValues {
  return {
    name: "",
    org: organizations[0]?.name ?? ALL_ORGS,
    expiration: "30",
    customDate: "",
    fullAccess: false,
    selection: EMPTY_SELECTION,
  };
}

/**
 * An existing token's form, for Edit. `initialScope`, when given, replaces the token's own
 * scopes in the picker (the details page's "Narrow to the scopes used"); Save then sends it.
 */
export function editTokenValues(
  token: PatToken,
  organizations: readonly SessionOrganization[],
  initialScope?: string,
): TokenFormValues {
  const targetId = token.targetAccounts?.[0];
  const target = organizations.find((org) => org.id === targetId);
  const scope = initialScope ?? token.scope;
  const fullAccess = scope.split(/\s+/).includes(FULL_ACCESS_SCOPE);
  return {
    name: token.displayName,
    org: token.targetAccounts === null ? ALL_ORGS : (target?.name ?? organizations[0]?.name ?? ALL_ORGS),
    expiration: "keep",
    customDate: "",
    fullAccess,
    selection: fullAccess ? EMPTY_SELECTION : selectionFromScope(scope),
  };
}

/** The scope string the form asks for. */
export function formScope(values: TokenFormValues): string {
  return values.fullAccess ? FULL_ACCESS_SCOPE : scopeFromSelection(values.selection);
}

/** The first and last day the custom date picker offers (UTC "yyyy-mm-dd"). */
export function customDateBounds(now: Date, validFrom: Date = now): { min: string; max: string } {
  return {
    min: utcDateInputValue(new Date(now.getTime() + DAY_MS)),
    max: utcDateInputValue(new Date(validFrom.getTime() + MAX_LIFESPAN_DAYS * DAY_MS)),
  };
}

/** The `validTo` to send, or undefined to keep the current one. A custom date means its end (UTC). */
export function formValidTo(values: TokenFormValues, now: Date): string | undefined {
  if (values.expiration === "keep") return undefined;
  if (values.expiration === "custom") return `${values.customDate}T23:59:59.000Z`;
  return new Date(now.getTime() + Number(values.expiration) * DAY_MS).toISOString();
}

/** Checks made before asking the server, worded for the field they concern. */
export function checkForm(values: TokenFormValues, now: Date, validFrom?: Date): FieldErrors {
  const errors: FieldErrors = {};
  if (values.name.trim() === "") errors.name = "Enter a name for the token.";
  else if (values.name.trim().length > 256) errors.name = "The name can be at most 256 characters long.";
  if (!values.fullAccess && formScope(values) === "") errors.scopes = "Choose at least one scope, or Full access.";
  if (values.expiration === "custom") {
    const { min, max } = customDateBounds(now, validFrom);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.customDate)) errors.expiration = "Choose an expiration date.";
    else if (values.customDate < min || values.customDate > max) {
      errors.expiration = `Choose a date from ${min} to ${max} (at most one year).`;
    }
  }
  return errors;
}

/** The field each form value belongs to, for clearing that field's message when it is edited. */
const FIELD_OF: Readonly<Record<keyof TokenFormValues, FieldName>> = {
  name: "name",
  org: "organization",
  expiration: "expiration",
  customDate: "expiration",
  fullAccess: "scopes",
  selection: "scopes",
};

/**
 * The messages left after an edit, so none stays on a fixed field: an edited field's message is
 * checked again (gone once the field is valid; a server's message goes, as the server will judge
 * the new value); the form-level message goes on any edit. Untouched fields keep theirs.
 */
export function errorsAfterEdit(
  errors: FieldErrors,
  edited: readonly (keyof TokenFormValues)[],
  values: TokenFormValues,
  now: Date,
  validFrom?: Date,
): FieldErrors {
  if (Object.keys(errors).length === 0) return errors;
  const fresh = checkForm(values, now, validFrom);
  const touched = new Set(edited.map((key) => FIELD_OF[key]));
  const kept: FieldErrors = {};
  for (const [field, message] of Object.entries(errors) as [FieldName, string][]) {
    if (field === "form") continue;
    const still = touched.has(field) ? fresh[field] : message;
    if (still !== undefined) kept[field] = still;
  }
  return kept;
}

/** Where a request goes and what it carries: `{org}` is the target, or any of the user's for all. */
export interface PlannedRequest {
  org: string;
  body: { displayName?: string; scope?: string; validTo?: string; allOrgs?: boolean };
}

function urlOrg(values: TokenFormValues, organizations: readonly SessionOrganization[]): string {
  return values.org === ALL_ORGS ? (organizations[0]?.name ?? "") : values.org;
}

/** The create request of a checked form. */
export function createRequest(
  values: TokenFormValues,
  organizations: readonly SessionOrganization[],
  now: Date,
): PlannedRequest & { body: { displayName: string; scope: string; validTo: string; allOrgs: boolean } } {
  return {
    org: urlOrg(values, organizations),
    body: {
      displayName: values.name.trim(),
      scope: formScope(values),
      validTo: formValidTo(values, now) ?? "",
      allOrgs: values.org === ALL_ORGS,
    },
  };
}

/** The update request of a checked form: only what changed, so an unchanged target is not rewritten. */
export function updateRequest(
  values: TokenFormValues,
  original: TokenFormValues,
  organizations: readonly SessionOrganization[],
  now: Date,
): PlannedRequest {
  const body: PlannedRequest["body"] = {};
  if (values.name.trim() !== original.name) body.displayName = values.name.trim();
  if (formScope(values) !== formScope(original)) body.scope = formScope(values);
  const validTo = formValidTo(values, now);
  if (validTo !== undefined) body.validTo = validTo;
  if (values.org !== original.org) body.allOrgs = values.org === ALL_ORGS;
  return { org: urlOrg(values, organizations), body };
}
