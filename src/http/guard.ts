/**
 * The authentication and authorization hook routes declare: `guard({ scope, minRole, org })`.
 * It calls the one authentication step (auth/authenticate.ts) and answers its refusals; the
 * step decides, counts and logs. Every credential failure gets the same 401 body; scope or
 * role failures are 403; repeated credential failures from one address are 429.
 *
 * Also the adapter that lets the step read web sessions (sessions/ is a feature; auth/ does not
 * import it), and `sendRefusal`, which every caller of the step uses to answer.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from "fastify";
import type { AccessNeeds } from "../auth/access.js";
import type {
  Authentication,
  AuthenticationPolicy,
  Authenticator,
  Refusal,
  SessionCredentials,
} from "../auth/authentication.js";
import type { Membership, Subject } from "../auth/verified-token.js";
import type { OrgRole } from "../domain/roles.js";
import { CSRF_HEADER, csrfMatches, isStateChanging } from "../sessions/csrf.js";
import type { SessionService } from "../sessions/session.service.js";
import { mentionsSessionCookie } from "../sessions/session-cookie.js";
import { USER_DATA_HEADER, userDataOf } from "./correlation.js";
import { azureErrorBody, UNAUTHORIZED_MESSAGE } from "./error-catalog.js";
import { sendApiError } from "./error-handler.js";

type HookDone = HookHandlerDoneFunction;

/** The authenticated caller of a request. */
export interface Principal {
  /** The caller: a token's owner and grants, or a UI session's user. */
  readonly subject: Subject;
  /** The caller's membership in the URL's organization, for organization-scoped routes. */
  readonly membership: Membership | undefined;
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface GuardRequirement {
  /** The scope the token must grant; omit for "any valid token". */
  scope?: string;
  /** The least role in the URL's organization. */
  minRole?: OrgRole;
  /** True for routes under `/{org}/`: the token must target that organization. */
  org?: boolean;
  /** True when only instance administrators may call the route. */
  instanceAdmin?: boolean;
}

/** A guard hook remembers its requirement, so the server can list every protected route. */
export type GuardHook = onRequestHookHandler & { readonly requirement: GuardRequirement };

const GUARD: AuthenticationPolicy = Object.freeze({ via: "guard", acceptSession: true, throttle: true });

/**
 * Creates the `guard(requirement)` hook factory. The hook uses Fastify's callback style, not
 * async: a cached token is authenticated synchronously, and this path runs on every request, so
 * it allocates no promise unless the store must be asked.
 */
export function createGuard(authenticator: Authenticator) {
  return (requirement: GuardRequirement): GuardHook => {
    const needs: AccessNeeds = {
      scope: requirement.scope,
      minRole: requirement.minRole,
      instanceAdmin: requirement.instanceAdmin,
    };
    const finish = (reply: FastifyReply, done: HookDone, outcome: Authentication) => {
      if (outcome.ok) {
        // The outcome is a Principal ({ subject, membership }): kept as is, not copied.
        reply.request.principal = outcome;
        reply.header(USER_DATA_HEADER, userDataOf(outcome.subject.owner));
        done();
      } else {
        sendRefusal(reply, outcome);
      }
    };
    const hook = function guard(request: FastifyRequest, reply: FastifyReply, done: HookDone) {
      const orgName = requirement.org ? (request.params as { org?: string }).org : undefined;
      const outcome = authenticator.authenticate(request, needs, orgName, GUARD);
      if (outcome instanceof Promise) outcome.then((settled) => finish(reply, done, settled), done);
      else finish(reply, done, outcome);
    };
    return Object.assign(hook, { requirement });
  };
}

/** The guard requirement of a route's onRequest hooks, if it has a guard. */
export function guardRequirementOf(onRequest: unknown): GuardRequirement | undefined {
  const hooks = Array.isArray(onRequest) ? onRequest : [onRequest];
  for (const hook of hooks) {
    if (typeof hook === "function" && "requirement" in hook) return (hook as GuardHook).requirement;
  }
  return undefined;
}

/** Answers a refusal of the authentication step (already logged and counted by the step). */
export function sendRefusal(reply: FastifyReply, refusal: Refusal): FastifyReply {
  if (refusal.status === 429) {
    reply.header("Retry-After", String(refusal.retryAfterSeconds));
    return sendApiError(reply, "tooManyRequests", refusal.message);
  }
  if (refusal.status === 403) return sendApiError(reply, refusal.errorCode ?? "forbidden", refusal.message);
  if (refusal.challenge) return sendApiError(reply, "unauthorized", UNAUTHORIZED_MESSAGE);
  // No `WWW-Authenticate: Basic`: browsers answer it with a password dialog over the web UI.
  return reply.code(401).type("application/json; charset=utf-8").send(azureErrorBody("unauthorized", refusal.message));
}

/** Lets the authentication step read web sessions through the session service. */
export function sessionCredentials(sessions: Pick<SessionService, "authenticate">): SessionCredentials {
  return {
    present: mentionsSessionCookie,
    async resolve(request) {
      const result = await sessions.authenticate(request.headers.cookie);
      if (!result.ok) return result;
      const csrfRefused =
        isStateChanging(request.method) && !csrfMatches(request.headers[CSRF_HEADER], result.session.csrfToken);
      return {
        ok: true,
        subject: result.session.subject,
        csrfRefused,
        mfaEnrolmentRequired: result.session.mfaEnrolmentRequired,
      };
    },
  };
}
