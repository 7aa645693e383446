/**
 * Policies at creation, extension and regeneration (SPEC section 7): every action that brings a
 * token shape into being asks the effective policies where that token would work. A violation is
 * a 403 with Azure DevOps' `patTokenError`; the maximum lifespan clamps, it never refuses. Every
 * acting credential obeys them, the CLI operator included: policies bind every creation.
 */
import { decideCreation } from "../domain/policy-decisions.js";
import type { TokenShape } from "../domain/token-authority.js";
import type { TokenLifecycleDeps } from "./lifecycle-kit.js";
import { type PatResult, patFailure } from "./pat-errors.js";

/** The longest lifespan (days) a token of this shape of `userId` may have, or the policy violation. */
export async function policyLifespan(
  deps: Pick<TokenLifecycleDeps, "creationPolicies">,
  userId: string,
  shape: TokenShape,
): Promise<PatResult<number>> {
  const scopes = await deps.creationPolicies(userId, shape);
  const decision = decideCreation(scopes, { ownerId: userId, allOrgs: shape.allOrgs, scopes: shape.scopes });
  return decision.ok ? { ok: true, value: decision.maxLifespanDays } : patFailure(decision.error, decision.message);
}
