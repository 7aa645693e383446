/*
 * The one authentication step (SPEC section 3): a request's credential in, a tagged outcome out.
 * The guard, forward-auth, introspection and git's push check all call it; none of them parses,
 * verifies, records usage, counts or logs on its own.
 *
 *   credential (Authorization header, else the web session cookie when the caller accepts one)
 *   → verification → access decision → token policies at use → usage (admitted requests only) → counts and one log line
 *
 * Model: every credential failure is the same 401 to the client, whatever the reason (the
 * reason goes to the log with the token's id, never its value, and to the counts). A web session
 * is used only when there is no Authorization header, and a state-changing request with one must
 * carry the session's CSRF secret. Session failures, and a script's request with no credential at
 * all, get no Basic challenge, so a browser shows no password dialog over the web UI.
 *
 * Speed: this runs on every request. A cached token is verified and decided synchronously (no
 * promise, no closure), the clock is read once (the verification's `now` is passed on to usage),
 * and the outcome of an admitted request is kept by the guard as the request's principal.
 */

import { atUseRulesFor, decideUse } from "../domain/policy-decisions.js";
import { checkTokenShape } from "../domain/token-format.js";
import { clientCorrelation } from "../http/correlation.js";
import { UNAUTHORIZED_MESSAGE } from "../http/error-catalog.js";
import { type FailureFields, markFailureLogged } from "../logger.js";
import { type AccessDecision, type AccessNeeds, decideAccess } from "./access.js";
import type { RefusalOutcome } from "./auth-counts.js";
import type {
  Authentication,
  AuthenticationPolicy,
  Authenticator,
  AuthenticatorDeps,
  CredentialRequest,
  Refusal,
} from "./authentication.js";
import { parseAuthorizationHeader } from "./credentials.js";
import type { Verification } from "./token-verifier.js";
import { isVerifiedToken, type Subject } from "./verified-token.js";

const CSRF_MESSAGE = "This request needs the X-Patina-CSRF header of your session.";
const MFA_ENROLMENT_MESSAGE =
  "A policy requires a second factor for your account. Set one up on your profile page (/_usersSettings/profile) before you continue; personal access tokens are not affected.";
const THROTTLED_MESSAGE =
  "Too many requests with invalid credentials came from your address. Wait for the time in Retry-After, then try again with a valid personal access token.";
// Inactive tokens are an introspecting service's normal business, not its own failures.
const EXAMINE: AuthenticationPolicy = { via: "introspection", acceptSession: false, throttle: false };

/** Creates the step. */
export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const { verify, usage, failureLog, sessions, policies } = deps;
  const { counts, throttle } = deps.authentication;
  const prefix = deps.config.tokenPrefix;
  const isTokenShaped = (candidate: string) => checkTokenShape(candidate, prefix) === "valid";

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

  /** The refusal for a valid credential that access rules turn down: 401 or 403 by the rule. */
  const refuse = (
    request: CredentialRequest,
    subject: Subject,
    needs: AccessNeeds,
    policy: AuthenticationPolicy,
    nowMs: number,
    decision: Extract<AccessDecision, { ok: false }>,
    logFields: Readonly<Record<string, unknown>> | undefined,
  ): Refusal => {
    if (decision.status === 401) {
      return reject(request, policy, nowMs, decision.reason, subject.kind, subject.authorizationId, logFields);
    }
    const message = denialMessage(subject, needs, decision.reason);
    return deny(request, policy, nowMs, subject, decision.reason, message, logFields);
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
    if (!decision.ok) return refuse(request, subject, needs, policy, nowMs, decision, logFields);
    // Token policies at use (sessions are not tokens): one property read when no policy is set.
    const snapshot = policies.current();
    if (snapshot.atUseActive && isVerifiedToken(subject)) {
      const refusal = decideUse(atUseRulesFor(snapshot, decision.membership?.orgId), subject, nowMs);
      if (refusal !== undefined) {
        return deny(request, policy, nowMs, subject, refusal.reason, refusal.message, logFields);
      }
    }
    // Usage is a use of the token for something it was allowed to do: recorded after the decision.
    // With the scope it needed (the data of least-privilege suggestions) and the header string as is.
    if (subject.authorizationId !== null) {
      usage.record(subject.authorizationId, request.ip, nowMs, needs.scope, request.headers["user-agent"]);
    }
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
    if (session.mfaEnrolmentRequired) {
      const refusal = deny(
        request,
        policy,
        nowMs,
        session.subject,
        "mfaEnrolmentRequired",
        MFA_ENROLMENT_MESSAGE,
        undefined,
      );
      return { ...refusal, errorCode: "mfaEnrolmentRequired" };
    }
    return decide(request, session.subject, needs, orgName, policy, nowMs);
  };

  /**
   * An examined token under the policies at use: in its organization's rules (a global token in
   * the rules outside organizations, as the introspecting service's organization is unknown).
   */
  const underPolicy = (verified: Verification & { ok: true }, nowMs: number): Verification => {
    const snapshot = policies.current();
    if (!snapshot.atUseActive) return verified;
    const token = verified.token;
    const refusal = decideUse(atUseRulesFor(snapshot, token.targetOrgId ?? undefined), token, nowMs);
    return refusal === undefined
      ? verified
      : { ok: false, reason: refusal.reason, authorizationId: token.authorizationId };
  };

  return {
    authenticate(request, needs, orgName, policy, logFields) {
      const nowMs = deps.clock.now().getTime();
      const credential = parseAuthorizationHeader(request.headers.authorization, isTokenShaped);
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
      // The subject's use was recorded when it was admitted; this only decides the further need
      // and notes its scope as exercised too (a push needs vso.code_write after the fetch guard's vso.code).
      if (decision.ok) {
        if (subject.authorizationId !== null && needs.scope !== undefined) {
          usage.exercised(subject.authorizationId, nowMs, needs.scope);
        }
        return { ok: true, subject, membership: decision.membership };
      }
      return refuse(request, subject, needs, policy, nowMs, decision, undefined);
    },

    examine(request, presented) {
      const nowMs = deps.clock.now().getTime();
      const settle = (verified: Verification): Verification => {
        const verification = verified.ok ? underPolicy(verified, nowMs) : verified;
        if (verification.ok) {
          // Introspection needs no scope of the examined token: its use counts under none.
          usage.record(verification.token.authorizationId, request.ip, nowMs, undefined, request.headers["user-agent"]);
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

/**
 * The request part of a log line: nothing the client typed, only the route template (and the
 * client's correlation ids when they are GUIDs).
 */
function where(request: CredentialRequest, policy: AuthenticationPolicy, status: number) {
  const route = request.routeOptions.url;
  return { reqId: request.id, via: policy.via, method: request.method, route, status, ...clientCorrelation(request) };
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
  if (reason === "notInstanceAdmin") return "Only an instance administrator may make this request.";
  return `Your role in this organization does not allow this request (needs ${needs.minRole}).`;
}
