/**
 * Web sessions: started at sign-in, resolved from the cookie on each request, ended at sign-out,
 * on password change, or by expiry. Every invalid case (no cookie, malformed, unknown, expired,
 * user disabled) is the same "no" to the caller; the reason is for the server log only.
 */
import type { Membership, Subject } from "../auth/verified-token.js";
import type { Clock } from "../clock.js";
import type { Queryable } from "../db/query.js";
import type { UserTable } from "../db/schema.js";
import { findMembershipsOfUser } from "../orgs/org.repository.js";
import { newCsrfToken } from "./csrf.js";
import {
  deleteExpiredSessions,
  deleteSession,
  findSessionByIdHash,
  insertSession,
  markSessionAuthenticated,
  type SessionRow,
  touchSession,
} from "./session.repository.js";
import { hashSessionId, newSessionId, readSessionCookie } from "./session-cookie.js";
import {
  effectiveExpiryMs,
  lastSeenIsStale,
  SESSION_ABSOLUTE_MS,
  type SessionTimes,
  sessionStatus,
} from "./session-policy.js";
import { sessionSubject } from "./session-subject.js";

/**
 * How a session was started. Password sign-ins of users with a second factor name it
 * (`password+totp`); other sign-ins (SSO, passkeys) pass their own name to `start`.
 */
export type SignInMethod = "password" | "password+totp" | "password+recovery" | "sso" | "passkey" | (string & {});

/** Whether a session may be used for more than enrolling a second factor (the "require MFA" policy). */
export interface MfaRequirement {
  /** Whether policy requires a second factor of a user with these memberships (from the in-memory snapshot). */
  requiredFor(memberships: readonly Membership[]): boolean;
  /** Whether the user has a second factor in effect (see second-factors.ts). */
  hasSecondFactor(userId: string): Promise<boolean>;
}

/** A valid session, as a request sees it. */
export interface ActiveSession {
  /** The stored hash of the id: enough to end the session, useless as a credential. */
  readonly idHash: string;
  readonly subject: Subject;
  readonly csrfToken: string;
  /** When the session ends unless used again (idle), or for good (absolute), whichever is first. */
  readonly expiresAt: Date;
  /** When the user last proved who they are in this session (sign-in or step-up). */
  readonly authenticatedAt: Date;
  readonly signInMethod: SignInMethod;
  /**
   * True when policy requires a second factor the user lacks and the session was started with
   * a password alone: the session may then only enrol a factor, read itself and sign out.
   */
  readonly mfaEnrolmentRequired: boolean;
}

/** A session just started: the only time its id (the cookie value) is known. */
export interface StartedSession extends ActiveSession {
  readonly id: string;
  /** Seconds until the absolute expiry, for the cookie's Max-Age. */
  readonly maxAgeSeconds: number;
}

/** Why a cookie names no usable session (for the server log only). */
export type SessionFailure = "noCookie" | "unknown" | "idleExpired" | "expired" | "ownerDisabled";

/** The session behind a cookie, or why there is none. */
export type SessionAuthentication = { ok: true; session: ActiveSession } | { ok: false; reason: SessionFailure };

/** No policy requires anything (the CLI, and tests that build the service alone). */
const NO_REQUIREMENT: MfaRequirement = { requiredFor: () => false, hasSecondFactor: async () => false };

/** Creates the session service. */
export function createSessionService(deps: { db: Queryable; clock: Clock; mfa?: MfaRequirement }) {
  const { db, clock } = deps;
  const mfa = deps.mfa ?? NO_REQUIREMENT;

  async function describe(row: SessionRow, user: UserTable, times: SessionTimes): Promise<ActiveSession> {
    const memberships = await findMembershipsOfUser(db, user.id);
    const authenticatedAt = new Date(row.authenticatedAt);
    // Any method but a bare password satisfies the policy (a second factor, a passkey, the IdP's
    // own checks for SSO). The factor lookup runs only for password sessions the policy covers.
    const mfaEnrolmentRequired =
      row.signInMethod === "password" && mfa.requiredFor(memberships) && !(await mfa.hasSecondFactor(user.id));
    return {
      idHash: row.idHash,
      subject: sessionSubject(user, memberships, authenticatedAt.getTime()),
      csrfToken: row.csrfToken,
      expiresAt: new Date(effectiveExpiryMs(times)),
      authenticatedAt,
      signInMethod: row.signInMethod,
      mfaEnrolmentRequired,
    };
  }

  return {
    /**
     * Starts a session for a user who has just proven who they are, by `method` (a password
     * alone unless told otherwise: SSO and passkey sign-ins pass "sso" or "passkey").
     */
    async start(user: UserTable, trx: Queryable = db, method: SignInMethod = "password"): Promise<StartedSession> {
      const now = clock.now();
      const id = newSessionId();
      const expiresAtMs = now.getTime() + SESSION_ABSOLUTE_MS;
      const row: SessionRow = {
        idHash: hashSessionId(id),
        userId: user.id,
        csrfToken: newCsrfToken(),
        createdAt: now.toISOString(),
        lastSeenAt: now.toISOString(),
        expiresAt: new Date(expiresAtMs).toISOString(),
        authenticatedAt: now.toISOString(),
        signInMethod: method,
      };
      // Sign-ins are rare, so this is where dead sessions are swept.
      await deleteExpiredSessions(trx, row.createdAt);
      await insertSession(trx, row);
      const active = await describe(row, user, { lastSeenAtMs: now.getTime(), expiresAtMs });
      return { ...active, id, maxAgeSeconds: SESSION_ABSOLUTE_MS / 1000 };
    },

    /** Resolves the session named by a Cookie header, sliding its idle expiry. */
    async authenticate(cookieHeader: string | undefined): Promise<SessionAuthentication> {
      const id = readSessionCookie(cookieHeader);
      if (id === undefined) return { ok: false, reason: "noCookie" };
      const found = await findSessionByIdHash(db, hashSessionId(id));
      if (found === undefined) return { ok: false, reason: "unknown" };
      const { session, user } = found;
      const nowMs = clock.now().getTime();
      let times = { lastSeenAtMs: Date.parse(session.lastSeenAt), expiresAtMs: Date.parse(session.expiresAt) };
      const status = sessionStatus(times, nowMs);
      if (status !== "active") {
        await deleteSession(db, session.idHash);
        return { ok: false, reason: status };
      }
      if (user.isDisabled === 1) return { ok: false, reason: "ownerDisabled" };
      if (lastSeenIsStale(times.lastSeenAtMs, nowMs)) {
        await touchSession(db, session.idHash, new Date(nowMs).toISOString());
        times = { ...times, lastSeenAtMs: nowMs };
      }
      return { ok: true, session: await describe(session, user, times) };
    },

    /** Records that the user of a session has just proven who they are again (step-up). */
    async reauthenticated(session: ActiveSession): Promise<ActiveSession> {
      const now = clock.now();
      await markSessionAuthenticated(db, session.idHash, now.toISOString());
      const subject = { ...session.subject, authenticatedAtMs: now.getTime() };
      return { ...session, subject, authenticatedAt: now };
    },

    /** Ends one session (sign-out). */
    async end(session: ActiveSession): Promise<void> {
      await deleteSession(db, session.idHash);
    },
  };
}

/** The session service of one process. */
export type SessionService = ReturnType<typeof createSessionService>;
