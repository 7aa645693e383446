/**
 * What each governance policy (SPEC section 7) is called and does, in the words administrators
 * read on the Policies pages, grouped as they are shown. The keys and their levels are the
 * server's (src/domain/policy-rules.ts POLICY_KEYS); `Record<PolicyKey, …>` keeps this complete.
 */
import type { PolicyKey, PolicyLevel } from "../api/policies.ts";

export type PolicyControl = "switch" | "days" | "date" | "users" | "breakGlassSwitch";

export interface PolicyDescription {
  readonly title: string;
  readonly explanation: string;
  readonly control: PolicyControl;
  readonly levels: readonly PolicyLevel[];
  /** For "days": what an empty field means. */
  readonly emptyMeans?: string;
}

const BOTH: readonly PolicyLevel[] = ["instance", "organization"];

export const POLICY_DESCRIPTIONS: Readonly<Record<PolicyKey, PolicyDescription>> = {
  passwordSignIn: {
    title: "Passwords for break-glass users only",
    explanation:
      "Only the break-glass users below sign in or change their password with a password; everyone else signs in with single sign-on.",
    control: "breakGlassSwitch",
    levels: ["instance"],
  },
  passwordBreakGlassUsers: {
    title: "Break-glass users",
    explanation:
      "Users who keep password sign-in when passwords are for break-glass users only. Keep an administrator here.",
    control: "users",
    levels: ["instance"],
  },
  restrictGlobalPatCreation: {
    title: "Restrict global personal access token creation",
    explanation:
      "People cannot create tokens for all accessible organizations; every new, extended or regenerated token must name one organization. Existing tokens keep working.",
    control: "switch",
    levels: BOTH,
  },
  restrictFullScopePatCreation: {
    title: "Restrict full-scoped personal access token creation",
    explanation:
      "People cannot create Full access tokens; they choose the scopes a token needs (Custom defined). Existing tokens keep working.",
    control: "switch",
    levels: BOTH,
  },
  maxPatLifespanDays: {
    title: "Maximum personal access token lifespan (days)",
    explanation:
      "New, extended and regenerated tokens expire at most this many days after they are issued; a later date is shortened to it. From 1 to 365.",
    control: "days",
    levels: BOTH,
    emptyMeans: "Empty: 365 days, the longest any token may live.",
  },
  restrictPatCreation: {
    title: "Restrict personal access token creation",
    explanation:
      "Only the users on the allow list below may create or regenerate tokens for this organization. Tokens for all organizations of other users stop working here.",
    control: "switch",
    levels: ["organization"],
  },
  patCreationAllowList: {
    title: "Allow list",
    explanation: "The users who may still create tokens while creation is restricted. Add them by username.",
    control: "users",
    levels: ["organization"],
  },
  allowPackagingPatsForOthers: {
    title: "Allow packaging tokens for everyone else",
    explanation:
      "While creation is restricted, users not on the allow list may still create tokens whose scopes are all Packaging scopes (for package feeds).",
    control: "switch",
    levels: ["organization"],
  },
  autoRevokeLeakedPats: {
    title: "Automatically revoke leaked personal access tokens",
    explanation:
      "When a token is reported as leaked (for example found in a public repository), Patina revokes it at once and tells its owner. When off, the owner is only told.",
    control: "switch",
    levels: BOTH,
  },
  retireGlobalPatsAt: {
    title: "Retire global personal access tokens",
    explanation:
      "From this date (UTC), existing tokens for all accessible organizations stop working everywhere, as Azure DevOps did on 1 December 2026. Empty: they keep working.",
    control: "date",
    levels: ["instance"],
  },
  enforceMaxLifespanAtUse: {
    title: "Enforce the maximum lifespan when tokens are used",
    explanation:
      "Tokens that live longer than the maximum lifespan above (created before it was lowered) are refused when used. They are not revoked, and work again if the maximum is raised.",
    control: "switch",
    levels: BOTH,
  },
  revokeUnusedPatsAfterDays: {
    title: "Revoke unused personal access tokens (days)",
    explanation:
      "Active tokens nobody has used for this many days (counted from their creation if never used) are revoked automatically. From 1 to 3650.",
    control: "days",
    levels: BOTH,
    emptyMeans: "Empty: unused tokens are never revoked.",
  },
  requireMfa: {
    title: "Require a second factor to sign in",
    explanation:
      "Users who sign in with a password and have no second factor (authenticator app or passkey) can only set one up on their profile page before they can do anything else. Single sign-on counts as satisfying it. Personal access tokens are not affected.",
    control: "switch",
    levels: BOTH,
  },
};

/** The policies as grouped on the page, in order. */
export const POLICY_GROUPS: readonly { readonly heading: string; readonly keys: readonly PolicyKey[] }[] = [
  {
    heading: "Creating tokens",
    keys: ["restrictGlobalPatCreation", "restrictFullScopePatCreation", "maxPatLifespanDays"],
  },
  {
    heading: "Who may create tokens",
    keys: ["restrictPatCreation", "patCreationAllowList", "allowPackagingPatsForOthers"],
  },
  { heading: "Existing tokens", keys: ["retireGlobalPatsAt", "enforceMaxLifespanAtUse", "revokeUnusedPatsAfterDays"] },
  { heading: "Leaked tokens", keys: ["autoRevokeLeakedPats"] },
  { heading: "Sign-in", keys: ["passwordSignIn", "passwordBreakGlassUsers", "requireMfa"] },
];

/** A stored value in words, e.g. "On", "90 days", "No limit". */
export function describeValue(key: PolicyKey, value: unknown): string {
  const description = POLICY_DESCRIPTIONS[key];
  switch (description.control) {
    case "switch":
      return value === true ? "On" : "Off";
    case "breakGlassSwitch":
      return value === "breakGlassOnly" ? "On" : "Off";
    case "days":
      return typeof value === "number" ? `${value} day${value === 1 ? "" : "s"}` : "No limit";
    case "date":
      return typeof value === "string" ? `${value.slice(0, 10)} (UTC)` : "Never";
    case "users":
      return Array.isArray(value) && value.length > 0 ? value.join(", ") : "Nobody";
  }
}
