/**
 * What policies decide about a token (SPEC section 7), pure: whether a token of some shape may be
 * created (or extended, regenerated) where it works and how long it may live, and whether a valid
 * token may be used here. The values and how levels combine are in policy-rules.ts.
 */
import type { PolicyValues } from "./policy-rules.js";
import { MAX_LIFESPAN_DAYS } from "./token-rules.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The effective policy of one place a token works: an organization (by name) or, with null, the instance alone. */
export interface PolicyScope {
  readonly orgName: string | null;
  readonly values: PolicyValues;
}

/** A token as creation (and extension, regeneration) policies see it. */
export interface PolicyTokenShape {
  readonly ownerId: string;
  readonly allOrgs: boolean;
  readonly scopes: readonly string[];
}

export type PolicyViolation =
  | "globalPatPolicyViolation"
  | "fullScopePatPolicyViolation"
  | "disablePatCreationPolicyViolation";

export type CreationDecision =
  | { ok: true; maxLifespanDays: number }
  | { ok: false; error: PolicyViolation; message: string };

const FULL_ACCESS = "app_token";
/** Packaging scopes: what "packaging scopes only" lets everyone else create. */
export const isPackagingScope = (scope: string): boolean =>
  scope === "vso.packaging" || scope.startsWith("vso.packaging_");

const whose = (scope: PolicyScope) =>
  scope.orgName === null ? "The instance's policy" : `The policy of organization '${scope.orgName}'`;

/**
 * Whether a token of this shape may be created (or extended, regenerated) where it works, and the
 * longest lifespan it may have there: every place must allow it; the shortest maximum wins.
 */
export function decideCreation(scopes: readonly PolicyScope[], token: PolicyTokenShape): CreationDecision {
  let maxLifespanDays = MAX_LIFESPAN_DAYS;
  for (const scope of scopes) {
    const values = scope.values;
    if (token.allOrgs && values.restrictGlobalPatCreation) {
      return refuse("globalPatPolicyViolation", `${whose(scope)} does not allow tokens for all organizations.`);
    }
    if (token.scopes.includes(FULL_ACCESS) && values.restrictFullScopePatCreation) {
      return refuse("fullScopePatPolicyViolation", `${whose(scope)} does not allow Full access tokens.`);
    }
    if (values.restrictPatCreation && !values.patCreationAllowList.includes(token.ownerId)) {
      const packagingOnly = token.scopes.every(isPackagingScope);
      if (!(values.allowPackagingPatsForOthers && packagingOnly)) {
        const others = values.allowPackagingPatsForOthers
          ? " Users not on its allow list may only create tokens whose scopes are all Packaging scopes."
          : "";
        return refuse(
          "disablePatCreationPolicyViolation",
          `${whose(scope)} restricts token creation to an allow list you are not on.${others}`,
        );
      }
    }
    if (values.maxPatLifespanDays !== null) maxLifespanDays = Math.min(maxLifespanDays, values.maxPatLifespanDays);
  }
  return { ok: true, maxLifespanDays };
}

function refuse(error: PolicyViolation, message: string): CreationDecision {
  return { ok: false, error, message };
}

/** What use of a token must obey in one place, precomputed when policies load (see decideUse). */
export interface AtUseRules {
  /** Lifespans beyond this are refused (only when enforced at use); null: no check. */
  readonly maxLifespanMs: number | null;
  readonly maxLifespanDays: number | null;
  /** From this instant global tokens are refused; null: never. */
  readonly retireGlobalAtMs: number | null;
  /** Global tokens of users not on the allow list are refused here. */
  readonly restrictGlobalUse: boolean;
  readonly allowList: ReadonlySet<string>;
  readonly packagingAllowed: boolean;
  /** The organization's name for messages; null outside organizations. */
  readonly orgName: string | null;
}

/** The use rules of an effective policy. */
export function atUseRulesOf(values: PolicyValues, orgName: string | null): AtUseRules {
  const enforced = values.enforceMaxLifespanAtUse && values.maxPatLifespanDays !== null;
  return {
    maxLifespanMs: enforced && values.maxPatLifespanDays !== null ? values.maxPatLifespanDays * DAY_MS : null,
    maxLifespanDays: enforced ? values.maxPatLifespanDays : null,
    retireGlobalAtMs: values.retireGlobalPatsAt === null ? null : Date.parse(values.retireGlobalPatsAt),
    restrictGlobalUse: values.restrictPatCreation,
    allowList: new Set(values.patCreationAllowList),
    packagingAllowed: values.allowPackagingPatsForOthers,
    orgName,
  };
}

/** The use rules of every place, as verification holds them (see policies/policy-snapshot.ts). */
export interface AtUseSnapshot {
  /** False when no rule can refuse any use: verification then skips the rules altogether. */
  readonly atUseActive: boolean;
  /** The use rules outside organizations, and in every organization without a policy of its own. */
  readonly outsideOrgs: AtUseRules;
  readonly atUseRulesByOrg: ReadonlyMap<string, AtUseRules>;
}

/** The use rules in an organization (by id), or outside organizations. */
export function atUseRulesFor(snapshot: AtUseSnapshot, orgId: string | undefined): AtUseRules {
  return (orgId === undefined ? undefined : snapshot.atUseRulesByOrg.get(orgId)) ?? snapshot.outsideOrgs;
}

/** True when the rules can refuse any use at all (so verification may skip them otherwise). */
export function rulesActive(rules: AtUseRules): boolean {
  return rules.maxLifespanMs !== null || rules.retireGlobalAtMs !== null || rules.restrictGlobalUse;
}

/** A token at use, as the use rules see it (a VerifiedToken has all of it). */
export interface TokenAtUse {
  readonly allOrgs: boolean;
  readonly validFromMs: number;
  readonly validToMs: number;
  readonly scopes: readonly string[];
  readonly owner: { readonly id: string };
}

export type UseRefusalReason = "globalPatRetired" | "patLifespanBeyondPolicy" | "globalPatRestricted";

export interface UseRefusal {
  readonly reason: UseRefusalReason;
  readonly message: string;
}

/**
 * Whether a valid token may be used here under policy: a retired global token, a token living
 * longer than the maximum enforced at use, or a global token of a user not on the allow list of
 * an organization that restricts creation, is refused (403, saying why; never revoked). Allocates
 * nothing when the token passes.
 */
export function decideUse(rules: AtUseRules, token: TokenAtUse, nowMs: number): UseRefusal | undefined {
  if (token.allOrgs && rules.retireGlobalAtMs !== null && nowMs >= rules.retireGlobalAtMs) {
    const since = new Date(rules.retireGlobalAtMs).toISOString();
    return {
      reason: "globalPatRetired",
      message: `Tokens for all organizations were retired on ${since} by the instance's policy. Create a token for one organization instead.`,
    };
  }
  if (rules.maxLifespanMs !== null && token.validToMs - token.validFromMs > rules.maxLifespanMs) {
    return {
      reason: "patLifespanBeyondPolicy",
      message: `This token lives longer than the ${rules.maxLifespanDays} days the policy${rules.orgName === null ? "" : ` of organization '${rules.orgName}'`} now allows. Create or regenerate a token with a shorter lifespan.`,
    };
  }
  if (
    token.allOrgs &&
    rules.restrictGlobalUse &&
    !rules.allowList.has(token.owner.id) &&
    !(rules.packagingAllowed && token.scopes.every(isPackagingScope))
  ) {
    return {
      reason: "globalPatRestricted",
      message: `Organization '${rules.orgName}' restricts tokens to an allow list you are not on, so tokens for all organizations do not work here. Create a token for this organization if you may.`,
    };
  }
  return undefined;
}
