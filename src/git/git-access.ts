/**
 * Who may fetch and who may push (SPEC section 9). Fetching needs `vso.code` and the reader
 * role; pushing needs `vso.code_write` and the contributor role — both the token's scope and
 * its owner's role, so a full-access token of a reader still cannot push.
 *
 * The ref advertisement (`info/refs`) is one URL for both: its guard admits fetchers, and a push
 * advertisement (`?service=git-receive-pack`) is decided again here with the push requirement,
 * so a token that may only read is refused before git ever sends a pack.
 */
import type { FastifyRequest } from "fastify";
import { decideAccess } from "../auth/access.js";
import { ApiError, UNAUTHORIZED_MESSAGE } from "../http/error-catalog.js";
import type { GuardRequirement } from "../http/guard.js";
import { principalOf } from "./request-context.js";

/** What fetching (clone, fetch, ls-remote) needs. */
export const FETCH_REQUIREMENT: GuardRequirement = { org: true, scope: "vso.code", minRole: "reader" };
/** What pushing needs. */
export const PUSH_REQUIREMENT: GuardRequirement = { org: true, scope: "vso.code_write", minRole: "contributor" };

/** Throws the 401 or 403 a guarded request gets when its caller may not push. */
export function assertMayPush(request: FastifyRequest, orgName: string): void {
  const decision = decideAccess(principalOf(request).subject, {
    orgName,
    scope: PUSH_REQUIREMENT.scope,
    minRole: PUSH_REQUIREMENT.minRole,
  });
  if (decision.ok) return;
  request.log.info({ reqId: request.id, reason: decision.reason }, "push denied");
  if (decision.status === 401) throw new ApiError("unauthorized", UNAUTHORIZED_MESSAGE);
  throw new ApiError(
    "forbidden",
    decision.reason === "missingScope"
      ? `The personal access token does not grant the scope pushing needs (${PUSH_REQUIREMENT.scope}).`
      : `Your role in this organization does not allow pushing (needs ${PUSH_REQUIREMENT.minRole}).`,
  );
}
