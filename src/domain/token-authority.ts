/**
 * Authority over tokens (SPEC section 5, "Authority never grows"): which of its owner's tokens
 * an acting credential may see, and which tokens it may bring into being. Pure; every lifecycle
 * action (create, list, get, update, regenerate, revoke) asks this module and nothing else.
 *
 * Model: a token is a delegation of part of its owner's authority (some organizations, some
 * scopes). Used on the lifecycle API it acts with that part only, never with its owner's whole
 * authority. A web session is the user themself; the CLI operator and the system act for the
 * user on their own audited paths; all three are bounded by the owner's rights only.
 *
 * Threats: a leaked narrow token (one organization, `vso.pats_manage`) must not become a key to
 * the whole account: it must not mint or reshape a token for all organizations or with Full
 * access or scopes it lacks, nor regenerate (obtain a fresh value of) a token broader than
 * itself, nor see or revoke tokens of organizations it does not target. Tokens out of its sight
 * are "not found", exactly like someone else's, so probing reveals nothing.
 *
 * Separately from who acts, only instance administrators may own a token carrying
 * `patina.introspect`, because introspection reveals other users' token metadata.
 */
import type { OrgRole } from "./roles.js";
import { FULL_ACCESS_SCOPE } from "./scope-catalog.js";

/** The scope that lets a service introspect anyone's tokens. */
export const INTROSPECTION_SCOPE = "patina.introspect";

/** Who acts on a user's tokens, and so what bounds the action. */
export type ActingCredential =
  | {
      /** A personal access token used on the lifecycle API: bounded by its own targets and grants. */
      readonly kind: "token";
      readonly authorizationId: string;
      readonly allOrgs: boolean;
      /** The one organization it targets; null when allOrgs. */
      readonly targetOrgId: string | null;
      /** Its scopes, implications expanded. */
      readonly grants: ReadonlySet<string>;
      /** True when it carries `app_token`. */
      readonly fullAccess: boolean;
    }
  /** The signed-in user through the web UI: the user's full authority. */
  | { readonly kind: "session" }
  /** An operator on the CLI, acting for the user. */
  | { readonly kind: "operator" }
  /** Patina itself (leak response, policies): its own audited paths. */
  | { readonly kind: "system" };

/** Where a token works: one organization, or every organization of its owner. */
export interface TokenTargets {
  readonly allOrgs: boolean;
  /** The target organization; null when allOrgs. */
  readonly orgId: string | null;
}

/** A token as it is, or would be after the action. */
export interface TokenShape extends TokenTargets {
  readonly scopes: readonly string[];
}

/** Which of the owner's tokens the credential sees, as a filter a query can apply. */
export type VisibleTokens =
  | { readonly kind: "all" }
  /** Only tokens targeting exactly this one organization (not all-organizations tokens). */
  | { readonly kind: "organization"; readonly orgId: string }
  | { readonly kind: "none" };

/** One lifecycle action on the owner's tokens. */
export type TokenAction =
  | { readonly kind: "get" | "revoke"; readonly token: TokenTargets }
  | { readonly kind: "create"; readonly result: TokenShape }
  | { readonly kind: "update" | "regenerate"; readonly token: TokenTargets; readonly result: TokenShape };

export type TokenAuthorityError =
  | "authorizationNotFound"
  | "targetBeyondAuthority"
  | "scopeBeyondAuthority"
  | "introspectionRequiresAdmin";

export type AuthorityDecision = { ok: true } | { ok: false; error: TokenAuthorityError; message: string };

const ALLOWED: AuthorityDecision = { ok: true };

/** The owner's tokens this credential may see (and so get, change or revoke). */
export function visibleTokens(acting: ActingCredential): VisibleTokens {
  if (acting.kind !== "token" || acting.allOrgs) return { kind: "all" };
  return acting.targetOrgId === null ? { kind: "none" } : { kind: "organization", orgId: acting.targetOrgId };
}

/** True when a token falls within `visible` (the in-memory twin of the query filter). */
export function isVisible(visible: VisibleTokens, token: TokenTargets): boolean {
  if (visible.kind === "all") return true;
  if (visible.kind === "none") return false;
  return !token.allOrgs && token.orgId === visible.orgId;
}

/** Decides whether `acting` may perform `action` on a token of an owner (admin or not). */
export function decideTokenAuthority(
  acting: ActingCredential,
  owner: { readonly isAdmin: boolean },
  action: TokenAction,
): AuthorityDecision {
  if (action.kind !== "create" && !isVisible(visibleTokens(acting), action.token)) {
    return { ok: false, error: "authorizationNotFound", message: "No such personal access token was found." };
  }
  // Seeing a token is enough to read or revoke it: revoking only ever takes authority away.
  if (!("result" in action)) return ALLOWED;
  const { result } = action;
  if (acting.kind === "token") {
    const beyond = beyondAuthority(acting, result);
    if (beyond) return beyond;
  }
  if (result.scopes.includes(INTROSPECTION_SCOPE) && !owner.isAdmin) {
    return {
      ok: false,
      error: "introspectionRequiresAdmin",
      message: `Only instance administrators may own tokens with the ${INTROSPECTION_SCOPE} scope.`,
    };
  }
  return ALLOWED;
}

/** Why a token-shaped result exceeds the acting token's own targets or grants, if it does. */
function beyondAuthority(
  acting: Extract<ActingCredential, { kind: "token" }>,
  result: TokenShape,
): AuthorityDecision | undefined {
  const withinTargets = acting.allOrgs || (!result.allOrgs && result.orgId === acting.targetOrgId);
  if (!withinTargets) {
    return {
      ok: false,
      error: "targetBeyondAuthority",
      message:
        "The token making this request targets one organization, so it can only create or change tokens for that " +
        "organization. Use the web UI, or a token for all organizations, for tokens that target all organizations.",
    };
  }
  // Scope strings here are catalog scopes (validated before), never client free text.
  const missing = result.scopes.filter((scope) =>
    scope === FULL_ACCESS_SCOPE ? !acting.fullAccess : !acting.grants.has(scope),
  );
  if (missing.length > 0) {
    return {
      ok: false,
      error: "scopeBeyondAuthority",
      message:
        `The token making this request does not itself grant ${missing.join(", ")}: a token can only create or ` +
        "change tokens within its own scopes (Full access only if it has Full access). Use the web UI instead.",
    };
  }
  return undefined;
}

/*
 * Administration (the token admin API, the CLI's organization commands, the system's own
 * paths): acting on *other users'* tokens. Model: an organization administrator governs what
 * works in their organization, so they see and revoke the tokens that work there: tokens that
 * target it, and the all-organizations tokens of its current members (such a token works in the
 * organization too; revoking it also stops it elsewhere, which only ever takes authority away).
 * Never a token that works only in other organizations. An administrator acting through a token
 * needs that token to carry `vso.tokenadministration` (Full access includes it, as in Azure DevOps;
 * `vso.pats_manage` does not) and to work in the organization; their role there must be admin. The CLI operator governs the whole instance (or one organization with
 * --org); the system (leak response, policies) acts on any token, on its own audited paths.
 */

/** The scope an administrator's token must carry to administer other users' tokens. */
export const TOKEN_ADMINISTRATION_SCOPE = "vso.tokenadministration";

/** Who acts on other users' tokens. */
export type AdministeringCredential =
  | {
      /** An organization administrator through the API. */
      readonly kind: "orgAdmin";
      readonly orgId: string;
      /** Their role in that organization now. */
      readonly role: OrgRole;
      /** The credential the request is made with. */
      readonly acting: ActingCredential;
    }
  /** An operator on the CLI: the whole instance, or one organization. */
  | { readonly kind: "operator"; readonly orgId: string | null }
  /** Patina itself. */
  | { readonly kind: "system" };

/** Which tokens of any user an administering credential governs, as a filter a query can apply. */
export type AdministeredTokens =
  | { readonly kind: "everything" }
  /** Tokens targeting the organization, and all-organizations tokens of its members. */
  | { readonly kind: "organization"; readonly orgId: string }
  | { readonly kind: "none" };

/** A token as administration sees it: its targets, and whether its owner is a member of the organization. */
export interface AdministeredToken extends TokenTargets {
  /** Whether the owner is a member of the administering organization (unused for everything/none). */
  readonly ownerIsMember: boolean;
}

export type AdminAuthorityError = "notTokenAdministrator" | "authorizationNotFound";

export type AdminDecision = { ok: true } | { ok: false; error: AdminAuthorityError; message: string };

const ADMIN_ALLOWED: AdminDecision = { ok: true };

/** Decides whether the credential may administer tokens at all (list, revoke, create revocation rules). */
export function decideAdministration(admin: AdministeringCredential): AdminDecision {
  if (admin.kind !== "orgAdmin") return ADMIN_ALLOWED;
  if (admin.role !== "admin") {
    return {
      ok: false,
      error: "notTokenAdministrator",
      message: "Only organization administrators may administer other users' tokens.",
    };
  }
  const { acting } = admin;
  if (acting.kind === "token") {
    if (!acting.grants.has(TOKEN_ADMINISTRATION_SCOPE)) {
      return {
        ok: false,
        error: "notTokenAdministrator",
        message: `The token making this request does not carry ${TOKEN_ADMINISTRATION_SCOPE}.`,
      };
    }
    if (!acting.allOrgs && acting.targetOrgId !== admin.orgId) {
      return {
        ok: false,
        error: "notTokenAdministrator",
        message: "The token making this request does not work in this organization.",
      };
    }
  }
  return ADMIN_ALLOWED;
}

/** The tokens the credential governs; none when it may not administer at all. */
export function administeredTokens(admin: AdministeringCredential): AdministeredTokens {
  if (!decideAdministration(admin).ok) return { kind: "none" };
  if (admin.kind === "system") return { kind: "everything" };
  return admin.orgId === null ? { kind: "everything" } : { kind: "organization", orgId: admin.orgId };
}

/** True when a token falls within `governed` (the in-memory twin of the query filter). */
export function isAdministered(governed: AdministeredTokens, token: AdministeredToken): boolean {
  if (governed.kind === "everything") return true;
  if (governed.kind === "none") return false;
  return token.allOrgs ? token.ownerIsMember : token.orgId === governed.orgId;
}

/** Decides whether the credential may see or revoke one token of another user. Out of sight is "not found". */
export function decideAdminAuthority(admin: AdministeringCredential, token: AdministeredToken): AdminDecision {
  const allowed = decideAdministration(admin);
  if (!allowed.ok) return allowed;
  if (!isAdministered(administeredTokens(admin), token)) {
    return { ok: false, error: "authorizationNotFound", message: "No such personal access token was found." };
  }
  return ADMIN_ALLOWED;
}
