/**
 * Sign-in with a local account's user name and password (SPEC section 11).
 *
 * Threats: guessing (the throttle, see throttle-policy.ts), user enumeration (one answer
 * and one scrypt's work for every failure, see password-check.ts; unknown names are throttled
 * like real ones), and leaks of what was typed: people type passwords into the name field, so a
 * typed name is logged or audited only when it names a real account, and a password never is.
 */
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { Database } from "../db/schema.js";
import { findUserByUsername } from "../users/user.repository.js";
import type { PasswordChecker } from "./password-check.js";
import { startPendingSignIn } from "./pending-sign-in.js";
import type { SecondFactors } from "./second-factors.js";
import type { SessionService, StartedSession } from "./session.service.js";
import { type SignInThrottle, throttleKeys } from "./sign-in-throttle.js";

/** Where a request came from, for the throttle and the audit trail. */
export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string | null;
}

/** A correct password of a user with a second factor: no session yet, a pending sign-in. */
export interface SecondFactorRequired {
  readonly ok: false;
  readonly reason: "secondFactorRequired";
  /** The pending sign-in's id (the cookie value), known only here. */
  readonly pendingId: string;
  readonly maxAgeSeconds: number;
  /** What the user can finish with: `totp`, `recovery`, … (see second-factors.ts). */
  readonly methods: readonly string[];
}

/** The outcome of a sign-in; every failure but throttling is the same 401 to the client. */
export type SignInResult =
  | { ok: true; session: StartedSession }
  | SecondFactorRequired
  | { ok: false; reason: "throttled"; retryAfterSeconds: number }
  | { ok: false; reason: "invalidCredentials" }
  | { ok: false; reason: "passwordSignInDisabled" };

/** What sign-in and password change are built from. */
export interface SignInDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sessions: SessionService;
  readonly throttle: SignInThrottle;
  readonly checkPassword: PasswordChecker;
  readonly secondFactors: SecondFactors;
  /** The instance policy `passwordSignIn` (break-glass users only, or everyone) for this user. */
  readonly passwordAllowed: (userId: string) => boolean;
}

/** The audit actor of a request by a known user, or by someone not (yet) identified. */
export function actorOf(client: ClientInfo, user?: { id: string; username: string }): AuditActor {
  return {
    userId: user?.id ?? null,
    name: user?.username ?? "anonymous",
    clientIp: client.ip,
    userAgent: client.userAgent,
  };
}

/** Creates the sign-in procedure. */
export function createSignIn(deps: SignInDeps) {
  const { db, clock, logger } = deps;
  return async (username: string, password: string, client: ClientInfo): Promise<SignInResult> => {
    const keys = throttleKeys(username, client.ip);
    const admitted = await deps.throttle.admit(keys);
    if (!admitted.allowed) {
      logger.info({ clientIp: client.ip, retryAfterSeconds: admitted.retryAfterSeconds }, "sign-in throttled");
      return { ok: false, reason: "throttled", retryAfterSeconds: admitted.retryAfterSeconds };
    }
    let succeeded = false;
    let halfway = false;
    try {
      const user = await findUserByUsername(db, username.trim());
      const check = await deps.checkPassword(user, password);
      succeeded = check === "ok";
      if (user === undefined || check !== "ok") {
        logger.info({ reason: check, userId: user?.id, clientIp: client.ip }, "sign-in failed");
        await recordAuditEvent(db, {
          eventType: "User.SignInFailedEvent",
          actor: actorOf(client, user),
          timestamp: clock.now(),
          details: { reason: check },
        });
        return { ok: false, reason: "invalidCredentials" };
      }
      // After the password check: only someone who knows the password learns that the policy refuses it.
      if (!deps.passwordAllowed(user.id)) {
        logger.info({ reason: "passwordSignInDisabled", userId: user.id, clientIp: client.ip }, "sign-in failed");
        await recordAuditEvent(db, {
          eventType: "User.SignInFailedEvent",
          actor: actorOf(client, user),
          timestamp: clock.now(),
          details: { reason: "passwordSignInDisabled" },
        });
        return { ok: false, reason: "passwordSignInDisabled" };
      }
      const methods = await deps.secondFactors.methodsOf(user.id);
      if (methods.length > 0) {
        // Not yet a success: the throttle's count stands until the second factor is right too.
        halfway = true;
        const pending = await startPendingSignIn(db, clock, user.id);
        return { ok: false, reason: "secondFactorRequired", ...pending, methods };
      }
      const session = await deps.sessions.start(user);
      await recordAuditEvent(db, {
        eventType: "User.SignInEvent",
        actor: actorOf(client, user),
        timestamp: clock.now(),
        details: { method: "password" },
      });
      return { ok: true, session };
    } finally {
      if (halfway) deps.throttle.release(keys);
      else await deps.throttle.finish(keys, succeeded);
    }
  };
}

/** The sign-in procedure. */
export type SignIn = ReturnType<typeof createSignIn>;
