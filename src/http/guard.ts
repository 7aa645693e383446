/**
 * The authentication and authorization hook routes declare: `guard({ scope, minRole, org })`.
 * Every credential failure gets the same 401 body and header; the precise reason is logged with
 * the token's id when known, never the presented value. Scope or role failures are 403.
 *
 * Credentials, in order (SPEC section 3): the Authorization header (a PAT), else the web
 * session cookie. A session must also carry its CSRF secret on state-changing requests (403
 * otherwise), because browsers attach cookies to cross-site requests; a PAT needs none. Session
 * failures get the 401 without the Basic challenge, so the browser shows no password dialog.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from "fastify";
import { decideAccess } from "../auth/access.js";
import { parseAuthorizationHeader } from "../auth/credentials.js";
import type { TokenVerifier, Verification } from "../auth/token-verifier.js";
import type { Membership, Subject } from "../auth/verified-token.js";
import type { Clock } from "../clock.js";
import type { OrgRole } from "../domain/roles.js";
import { CSRF_HEADER, csrfMatches, isStateChanging } from "../sessions/csrf.js";
import type { SessionService } from "../sessions/session.service.js";
import { mentionsSessionCookie } from "../sessions/session-cookie.js";
import { sendUnauthenticated } from "../sessions/session-http.js";
import type { UsageRecorder } from "../tokens/usage-recorder.js";
import { UNAUTHORIZED_MESSAGE } from "./error-catalog.js";
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
}

export interface GuardDeps {
  readonly verify: TokenVerifier;
  readonly usage: UsageRecorder;
  readonly clock: Clock;
  /** Resolves the web session cookie, for requests without an Authorization header. */
  readonly sessions: Pick<SessionService, "authenticate">;
}

/** A guard hook remembers its requirement, so the server can list every protected route. */
export type GuardHook = onRequestHookHandler & { readonly requirement: GuardRequirement };

/**
 * Creates the `guard(requirement)` hook factory. The hook uses Fastify's callback style, not
 * async: a cached token is verified synchronously, and this path runs on every request, so it
 * allocates no promise unless the store must be asked.
 */
export function createGuard(deps: GuardDeps) {
  return (requirement: GuardRequirement): GuardHook => {
    const admit = (request: FastifyRequest, reply: FastifyReply, done: HookDone, subject: Subject) => {
      const orgName = requirement.org ? (request.params as { org?: string }).org : undefined;
      const decision = decideAccess(subject, { orgName, scope: requirement.scope, minRole: requirement.minRole });
      if (decision.ok) {
        request.principal = { subject, membership: decision.membership };
        done();
      } else if (decision.status === 401) {
        if (subject.kind === "session") rejectSession(request, reply, decision.reason);
        else rejectCredentials(request, reply, decision.reason, subject.authorizationId ?? undefined);
      } else {
        request.log.info(
          { reqId: request.id, reason: decision.reason, authorizationId: subject.authorizationId, kind: subject.kind },
          "access denied",
        );
        const message =
          decision.reason === "missingScope"
            ? `The personal access token does not grant the scope this request needs (${requirement.scope}).`
            : `Your role in this organization does not allow this request (needs ${requirement.minRole}).`;
        sendApiError(reply, "forbidden", message);
      }
    };
    const authorize = (request: FastifyRequest, reply: FastifyReply, done: HookDone, verification: Verification) => {
      if (!verification.ok) {
        rejectCredentials(request, reply, verification.reason, verification.authorizationId);
        return;
      }
      const token = verification.token;
      deps.usage.record(token.authorizationId, request.ip, deps.clock.now().getTime());
      admit(request, reply, done, token);
    };
    // Off the PAT path: only requests without an Authorization header that carry our cookie get here.
    const authorizeSession = (request: FastifyRequest, reply: FastifyReply, done: HookDone) => {
      deps.sessions.authenticate(request.headers.cookie).then((result) => {
        if (!result.ok) {
          rejectSession(request, reply, result.reason);
        } else if (
          isStateChanging(request.method) &&
          !csrfMatches(request.headers[CSRF_HEADER], result.session.csrfToken)
        ) {
          request.log.info({ reqId: request.id, reason: "csrf" }, "access denied");
          sendApiError(reply, "forbidden", "This request needs the X-Patina-CSRF header of your session.");
        } else {
          admit(request, reply, done, result.session.subject);
        }
      }, done);
    };
    const hook = function guard(request: FastifyRequest, reply: FastifyReply, done: HookDone) {
      const credentials = parseAuthorizationHeader(request.headers.authorization);
      if (!credentials.ok) {
        if (credentials.reason === "missing" && mentionsSessionCookie(request.headers.cookie)) {
          authorizeSession(request, reply, done);
        } else {
          rejectCredentials(request, reply, credentials.reason);
        }
        return;
      }
      const verification = deps.verify(credentials.token);
      if (verification instanceof Promise) {
        verification.then((result) => authorize(request, reply, done, result), done);
      } else {
        authorize(request, reply, done, verification);
      }
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

function rejectCredentials(request: FastifyRequest, reply: FastifyReply, reason: string, authorizationId?: string) {
  request.log.info({ reqId: request.id, reason, authorizationId }, "credential rejected");
  // A script in a browser (fetch, not a navigation) that sent no credential at all is the web UI
  // whose cookie has gone: a Basic challenge would only pop up the browser's password dialog.
  const mode = request.headers["sec-fetch-mode"];
  if (reason === "missing" && mode !== undefined && mode !== "navigate") {
    return sendUnauthenticated(reply, UNAUTHORIZED_MESSAGE);
  }
  return sendApiError(reply, "unauthorized", UNAUTHORIZED_MESSAGE);
}

function rejectSession(request: FastifyRequest, reply: FastifyReply, reason: string) {
  request.log.info({ reqId: request.id, reason, credential: "session" }, "credential rejected");
  return sendUnauthenticated(reply, UNAUTHORIZED_MESSAGE);
}
