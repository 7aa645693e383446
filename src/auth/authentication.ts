/**
 * The types of the one authentication step (see authenticate.ts): what it reads from a request,
 * how a caller configures it, and the tagged outcome it returns.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Clock } from "../clock.js";
import type { AtUseSnapshot } from "../domain/policy-decisions.js";
import type { FailureLog } from "../logger.js";
import type { AccessNeeds } from "./access.js";
import type { AuthCounts } from "./auth-counts.js";
import type { CredentialThrottle } from "./credential-throttle.js";
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
  /** A 403 with its own typeKey (the catalog code); plain forbidden when absent. */
  readonly errorCode?: "mfaEnrolmentRequired";
}

export type Authentication = Admitted | Refusal;

/** The web session, as the step needs it (adapted from sessions/ by http/guard.ts). */
export interface SessionCredentials {
  /** Cheap: does the Cookie header name the session cookie at all? */
  present(cookieHeader: string | undefined): boolean;
  /**
   * Resolves the session; `csrfRefused` when the request changes state without the session's CSRF
   * secret; `mfaEnrolmentRequired` when policy lets the session do nothing but enrol a second factor.
   */
  resolve(
    request: CredentialRequest,
  ): Promise<
    { ok: true; subject: Subject; csrfRefused: boolean; mfaEnrolmentRequired: boolean } | { ok: false; reason: string }
  >;
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

/** The token policies that apply at use, from memory (policies/policy-snapshot.ts). */
export interface UsePolicies {
  /** The snapshot in force now (replaced whole when policies change). */
  current(): AtUseSnapshot;
}

export interface AuthenticatorDeps {
  readonly verify: TokenVerifier;
  readonly usage: {
    record(authorizationId: string, clientIp: string, nowMs: number, scope?: string, userAgent?: string): void;
    /** A further scope an already recorded request needed (and was granted). */
    exercised(authorizationId: string, nowMs: number, scope: string): void;
  };
  readonly clock: Clock;
  readonly authentication: AuthenticationState;
  readonly failureLog: FailureLog;
  readonly sessions: SessionCredentials;
  readonly policies: UsePolicies;
  /** The token prefix, to recognise a token sent as the Basic user name. */
  readonly config: { readonly tokenPrefix: string };
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
