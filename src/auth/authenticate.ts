/*
 * The one authentication step (SPEC section 3): a request's credential in, a tagged outcome out.
 * The guard, forward-auth, introspection and git's push check all call it; none of them parses,
 * verifies, records usage, counts or logs on its own.
 *
 *   credential (Authorization header, else the web session cookie when the caller accepts one)
 *   → verification → access decision → usage (admitted requests only) → counts and one log line
 *
 * Model: every credential failure is the same 401 to the client, whatever the reason (the
 * reason goes to the log with the token's id, never its value, and to the counts). A web session
 * is used only when there is no Authorization header, and a state-changing request with one must
 * carry the session's CSRF secret. Session failures, and a script's request with no credential at
 * all, get no Basic challenge, so a browser shows no password dialog over the web UI.
 *
 * Speed: this runs on every request. A cached token is verified and decided synchronously,
 * the clock is read once (the verification's `now` is passed on to usage), and an admitted
 * request allocates nothing but its outcome, which the guard keeps as the request's principal.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Clock } from "../clock.js";
import { UNAUTHORIZED_MESSAGE } from "../http/error-catalog.js";
import { type FailureFields, type FailureLog, markFailureLogged } from "../logger.js";
import { type AccessNeeds, decideAccess } from "./access.js";
import type { AuthCounts, RefusalOutcome } from "./auth-counts.js";
import type { CredentialThrottle } from "./credential-throttle.js";
import { parseAuthorizationHeader } from "./credentials.js";
import type { LookupLanes } from "./lookup-lanes.js";
import type { NegativeTokenCache } from "./negative-cache.js";
import type { TokenVerifier, Verification } from "./token-verifier.js";
import type { Membership, Subject } from "./verified-token.js";

/** What the step reads from a request (a FastifyRequest has all of it). */
export interface CredentialRequest {
  readonly id: string;
  readonly method: string;
  readonly ip: string;
  readonly headers: IncomingHttpHeaders;
  readonly routeOptions: { readonly url?: string | undefined };
}

/** How a caller of the step treats credentials. */
export interface AuthenticationPolicy {
  /** Who calls, for the log: `guard`, `forward-auth`, `introspection`, `git push`. */
  readonly via: string;
  /** Whether the web session cookie is accepted when there is no Authorization header. */
  readonly acceptSession: boolean;
  /** Whether token failures count toward the per-address throttle and are answered 429 beyond it. */
  readonly throttle: boolean;
}

/** The caller may proceed: who it is, and its membership in the request's organization. */
export interface Admitted {
  readonly ok: true;
  readonly subject: Subject;
  readonly membership: Membership | undefined;
}

/** The caller may not: the answer to send (see http/guard.ts sendRefusal). */
export interface Refusal {
  readonly ok: false;
  readonly status: 401 | 403 | 429;
  /** For the log and the counts only; never shown to the client. */
  readonly reason: string;
  /** A 401 carries `WWW-Authenticate: Basic` (not for sessions and browser scripts). */
  readonly challenge: boolean;
  /** For a 429: when to retry. */
  readonly retryAfterSeconds: number;
  /** The client's message: one text for every credential failure. */
  readonly message: string;
}

export type Authentication = Admitted | Refusal;

/** The web session, as the step needs it (adapted from sessions/ by http/guard.ts). */
export interface SessionCredentials {
  /** Cheap: does the Cookie header name the session cookie at all? */
  present(cookieHeader: string | undefined): boolean;
  /** Resolves the session; `csrfRefused` when the request changes state without the session's CSRF secret. */
  resolve(
    request: CredentialRequest,
  ): Promise<{ ok: true; subject: Subject; csrfRefused: boolean } | { ok: false; reason: string }>;
}

/** What authentication keeps in this process, exposed on the services (metrics, tests). */
export interface AuthenticationState {
  readonly counts: AuthCounts;
  /** Unknown well-formed tokens, by keyed hash; emptied on every token change (see services.ts applyChange). */
  readonly negativeCache: NegativeTokenCache;
  /** Failed credentials per client address (429 beyond the limit). */
  readonly throttle: CredentialThrottle;
  /** Store reads in flight per client address. */
  readonly lanes: LookupLanes;
}

export interface AuthenticatorDeps {
  readonly verify: TokenVerifier;
  readonly usage: { record(authorizationId: string, clientIp: string, nowMs: number): void };
  readonly clock: Clock;
  readonly authentication: AuthenticationState;
  readonly failureLog: FailureLog;
  readonly sessions: SessionCredentials;
}

/** The step, with its three entry points. */
export interface Authenticator {
  /** A request's own credential against what the request needs (in `orgName` when it names one). */
  authenticate(
    request: CredentialRequest,
    needs: AccessNeeds,
    orgName: string | undefined,
    policy: AuthenticationPolicy,
    logFields?: Readonly<Record<string, unknown>>,
  ): Authentication | Promise<Authentication>;
  /** A further need of an already admitted subject (git: a push after the fetch guard admitted it). */
  authorize(
    request: CredentialRequest,
    subject: Subject,
    needs: AccessNeeds,
    orgName: string | undefined,
    policy: AuthenticationPolicy,
  ): Authentication;
  /** A token someone else presents (introspection): verified, counted, logged, its use recorded. */
  examine(request: CredentialRequest, presented: string): Verification | Promise<Verification>;
}

const CSRF_MESSAGE = "This request needs the X-Patina-CSRF header of your session.";
const THROTTLED_MESSAGE =
  "Too many requests with invalid credentials came from your address. Wait for the time in Retry-After, then try again with a valid personal access token.";
// Inactive tokens are an introspecting service's normal business, not its own failures.
const EXAMINE: AuthenticationPolicy = { via: "introspection", acceptSession: false, throttle: false };

/** Creates the step. */
export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const { verify, usage, failureLog, sessions } = deps;
  const { counts, throttle } = deps.authentication;

  const log = (
    request: CredentialRequest,
    outcome: RefusalOutcome,
    fields: FailureFields,
    message: string,
    nowMs: number,
  ) => {
    counts.refused(outcome, fields.reason);
    failureLog.write(fields, message, nowMs);
    markFailureLogged(request);
  };

  /** A 401 (a 429 for an address over the throttle): no, bad or unusable credential. */
  const reject = (
    request: CredentialRequest,
    policy: AuthenticationPolicy,
    nowMs: number,
    reason: string,
    credential: "pat" | "session" | "none",
    authorizationId: string | null,
    logFields: Readonly<Record<string, unknown>> | undefined,
  ): Refusal => {
    // Only presented tokens count: no credential at all is how git and browsers start.
    const retryAfterSeconds = policy.throttle && credential === "pat" ? throttle.failed(request.ip, nowMs) : 0;
    const status = retryAfterSeconds > 0 ? 429 : 401;
    const fields = { ...where(request, policy, status), reason, credential, authorizationId, ...logFields };
    log(request, status === 429 ? "throttled" : "rejected", fields, "credential rejected", nowMs);
    const challenge = credential === "pat" || (credential === "none" && !isScriptWithoutCredential(request));
    const message = status === 429 ? THROTTLED_MESSAGE : UNAUTHORIZED_MESSAGE;
    return { ok: false, status, reason, challenge, retryAfterSeconds, message };
  };

  /** A 403: a valid credential that may not do this. */
  const deny = (
    request: CredentialRequest,
    policy: AuthenticationPolicy,
    nowMs: number,
    subject: Subject,
    reason: string,
    message: string,
    logFields: Readonly<Record<string, unknown>> | undefined,
  ): Refusal => {
    const fields = {
      ...where(request, policy, 403),
      reason,
      credential: subject.kind,
      authorizationId: subject.authorizationId,
      ...logFields,
    };
    log(request, "denied", fields, "access denied", nowMs);
    return { ok: false, status: 403, reason, challenge: false, retryAfterSeconds: 0, message };
  };

  const decide = (
    request: CredentialRequest,
    subject: Subject,
    needs: AccessNeeds,
    orgName: string | undefined,
    policy: AuthenticationPolicy,
    nowMs: number,
    logFields?: Readonly<Record<string, unknown>>,
  ): Authentication => {
    const decision = decideAccess(subject, needs, orgName);
    if (!decision.ok) {
      if (decision.status === 401) {
        return reject(request, policy, nowMs, decision.reason, subject.kind, subject.authorizationId, logFields);
      }
      return deny(
        request,
        policy,
        nowMs,
        subject,
        decision.reason,
        denialMessage(subject, needs, decision.reason),
        logFields,
      );
    }
    // Usage is a use of the token for something it was allowed to do: recorded after the decision.
    if (subject.authorizationId !== null) usage.record(subject.authorizationId, request.ip, nowMs);
    counts.admitted++;
    return { ok: true, subject, membership: decision.membership };
  };

  const afterVerification = (
    request: CredentialRequest,
    needs: AccessNeeds,
    orgName: string | undefined,
    policy: AuthenticationPolicy,
    nowMs: number,
    verification: Verification,
    logFields: Readonly<Record<string, unknown>> | undefined,
  ): Authentication => {
    if (!verification.ok) {
      const { reason, authorizationId } = verification;
      return reject(request, policy, nowMs, reason, "pat", authorizationId ?? null, logFields);
    }
    return decide(request, verification.token, needs, orgName, policy, nowMs, logFields);
  };

  // Off the PAT path: only requests without an Authorization header that carry our cookie get here.
  const authenticateSession = async (
    request: CredentialRequest,
    needs: AccessNeeds,
    orgName: string | undefined,
    policy: AuthenticationPolicy,
    nowMs: number,
  ): Promise<Authentication> => {
    const session = await sessions.resolve(request);
    if (!session.ok) return reject(request, policy, nowMs, session.reason, "session", null, undefined);
    if (session.csrfRefused) return deny(request, policy, nowMs, session.subject, "csrf", CSRF_MESSAGE, undefined);
    return decide(request, session.subject, needs, orgName, policy, nowMs);
  };

  return {
    authenticate(request, needs, orgName, policy, logFields) {
      const nowMs = deps.clock.now().getTime();
      const credential = parseAuthorizationHeader(request.headers.authorization);
      if (!credential.ok) {
        if (credential.reason !== "missing") {
          return reject(request, policy, nowMs, credential.reason, "pat", null, logFields);
        }
        if (policy.acceptSession && sessions.present(request.headers.cookie)) {
          return authenticateSession(request, needs, orgName, policy, nowMs);
        }
        return reject(request, policy, nowMs, "missing", "none", null, logFields);
      }
      const verification = verify(credential.token, nowMs, request.ip);
      if (verification instanceof Promise) {
        return verification.then((v) => afterVerification(request, needs, orgName, policy, nowMs, v, logFields));
      }
      return afterVerification(request, needs, orgName, policy, nowMs, verification, logFields);
    },

    authorize(request, subject, needs, orgName, policy) {
      const nowMs = deps.clock.now().getTime();
      const decision = decideAccess(subject, needs, orgName);
      // The subject's use was recorded when it was admitted; this only decides the further need.
      if (decision.ok) return { ok: true, subject, membership: decision.membership };
      if (decision.status === 401) {
        return reject(request, policy, nowMs, decision.reason, subject.kind, subject.authorizationId, undefined);
      }
      return deny(
        request,
        policy,
        nowMs,
        subject,
        decision.reason,
        denialMessage(subject, needs, decision.reason),
        undefined,
      );
    },

    examine(request, presented) {
      const nowMs = deps.clock.now().getTime();
      const settle = (verification: Verification): Verification => {
        if (verification.ok) {
          usage.record(verification.token.authorizationId, request.ip, nowMs);
        } else {
          const { reason, authorizationId } = verification;
          const fields = { ...where(request, EXAMINE, 200), reason, authorizationId };
          log(request, "inactive", fields, "introspected token inactive", nowMs);
        }
        return verification;
      };
      const verification = verify(presented, nowMs, request.ip);
      return verification instanceof Promise ? verification.then(settle) : settle(verification);
    },
  };
}

/** The request part of a log line: nothing the client typed, only the route template. */
function where(request: CredentialRequest, policy: AuthenticationPolicy, status: number) {
  return { reqId: request.id, via: policy.via, method: request.method, route: request.routeOptions.url, status };
}

/**
 * A script in a browser (fetch, not a navigation) that sent no credential at all is the web UI
 * whose cookie has gone: a Basic challenge would only pop up the browser's password dialog.
 */
function isScriptWithoutCredential(request: CredentialRequest): boolean {
  const mode = request.headers["sec-fetch-mode"];
  return mode !== undefined && mode !== "navigate";
}

function denialMessage(subject: Subject, needs: AccessNeeds, reason: string): string {
  if (reason === "missingScope") {
    const credential = subject.kind === "pat" ? "The personal access token" : "Your session";
    return `${credential} does not grant the scope this request needs (${needs.scope}).`;
  }
  return `Your role in this organization does not allow this request (needs ${needs.minRole}).`;
}
