/**
 * Who may fetch and who may push (SPEC section 9). Fetching needs `vso.code` and the reader
 * role; pushing needs `vso.code_write` and the contributor role — both the token's scope and
 * its owner's role, so a full-access token of a reader still cannot push.
 *
 * The ref advertisement (`info/refs`) is one URL for both: its guard admits fetchers, and a push
 * advertisement (`?service=git-receive-pack`) is decided again here with the push requirement,
 * through the same authentication step, so a token that may only read is refused before git
 * ever sends a pack.
 */
import type { FastifyRequest } from "fastify";
import type { AuthenticationPolicy, Authenticator } from "../auth/authentication.js";
import { ApiError } from "../http/error-catalog.js";
import type { GuardRequirement } from "../http/guard.js";
import { principalOf } from "../http/principal.js";

/** What fetching (clone, fetch, ls-remote) needs. */
export const FETCH_REQUIREMENT: GuardRequirement = { org: true, scope: "vso.code", minRole: "reader" };
/** What pushing needs. */
export const PUSH_REQUIREMENT: GuardRequirement = { org: true, scope: "vso.code_write", minRole: "contributor" };

const PUSH_CHECK: AuthenticationPolicy = Object.freeze({ via: "git push", acceptSession: true, throttle: false });

/** Throws the 401 or 403 a guarded request gets when its caller may not push (logged and counted by the step). */
export function assertMayPush(authenticator: Authenticator, request: FastifyRequest, orgName: string): void {
  const outcome = authenticator.authorize(request, principalOf(request).subject, PUSH_REQUIREMENT, orgName, PUSH_CHECK);
  if (outcome.ok) return;
  throw new ApiError(outcome.status === 403 ? "forbidden" : "unauthorized", outcome.message);
}
