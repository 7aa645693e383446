/**
 * Step-up ("sudo mode", SPEC section 11a): sensitive actions through a web session need a recent
 * proof of identity, so a session left open or stolen cannot mint a Full access token, change a
 * policy or revoke others' tokens. Recent: the session's sign-in or last step-up within
 * PATINA_STEP_UP_MINUTES. Tokens never need it: they are not signed in, their holder is the
 * delegate the owner chose. The answer is a 403 StepUpRequiredException; the web UI then asks
 * for the password again (`POST /_apis/patina/session/step-up`) and retries.
 */
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from "fastify";
import type { Subject } from "../auth/verified-token.js";
import { ApiError } from "./error-catalog.js";
import { principalOf } from "./principal.js";
import type { RouteDeps } from "./route-deps.js";

/** Whether a subject may act without stepping up at `nowMs` (pure). */
export function hasRecentAuthentication(subject: Subject, nowMs: number, windowMinutes: number): boolean {
  if (subject.kind !== "session") return true;
  const at = subject.authenticatedAtMs;
  return at !== undefined && nowMs - at <= windowMinutes * 60_000;
}

/** A preHandler (after the guard and body validation) refusing stale sessions; `applies` narrows it by the request. */
export function requireStepUp(
  deps: RouteDeps,
  applies: (request: FastifyRequest) => boolean = () => true,
): preHandlerHookHandler {
  const { clock, config } = deps.services;
  return async function stepUp(request: FastifyRequest, _reply: FastifyReply) {
    if (!applies(request)) return;
    if (hasRecentAuthentication(principalOf(request).subject, clock.now().getTime(), config.stepUpMinutes)) return;
    throw new ApiError(
      "stepUpRequired",
      `This action needs a recent sign-in. Confirm your password again (you signed in more than ${config.stepUpMinutes} minutes ago).`,
    );
  };
}

/** True for a token request body that asks for Full access or all organizations. */
export function asksForBroadToken(request: FastifyRequest): boolean {
  const body = request.body as { scope?: unknown; allOrgs?: unknown } | undefined;
  const scope = typeof body?.scope === "string" ? body.scope.split(/\s+/) : [];
  return body?.allOrgs === true || scope.includes("app_token");
}
