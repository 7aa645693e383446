/**
 * The second step of a password sign-in (SPEC section 11a). A correct password of a user with a
 * second factor starts no session but a pending sign-in: a database row (so any instance can
 * finish it) named by a random id in an HttpOnly, SameSite=Strict cookie scoped to the session
 * routes, stored only as its SHA-256. It lives five minutes and survives three wrong codes.
 *
 * Threats: guessing codes (every wrong code counts on the sign-in throttle of the account, as a
 * wrong password does, and a few end the pending sign-in), replay (factors use their response
 * up), two parallel finishes of one pending sign-in (one conditional delete decides; the loser
 * gets no session), a pending sign-in outliving a disabled account (checked at the finish).
 */
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { recordAuditEvent } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { Queryable } from "../db/query.js";
import type { Database } from "../db/schema.js";
import { findUserById } from "../users/user.repository.js";
import {
  countPendingFailure,
  deletePendingSignIn,
  findPendingSignIn,
  insertPendingSignIn,
} from "./pending-sign-in.repository.js";
import type { SecondFactorResponse, SecondFactors } from "./second-factors.js";
import type { SessionService, StartedSession } from "./session.service.js";
import { hashSessionId, newSessionId } from "./session-cookie.js";
import type { ClientInfo } from "./sign-in.js";
import { actorOf } from "./sign-in.js";
import { type SignInThrottle, throttleKeys } from "./sign-in-throttle.js";

/** How long a pending sign-in waits for its second factor. */
export const PENDING_SIGN_IN_MS = 5 * 60_000;

/** Wrong codes one pending sign-in survives; the next one ends it (the password is asked again). */
export const PENDING_SIGN_IN_FAILURES = 3;

/** Starts a pending sign-in; its id is the cookie value, known only to the caller. */
export async function startPendingSignIn(
  db: Queryable,
  clock: Clock,
  userId: string,
): Promise<{ pendingId: string; maxAgeSeconds: number }> {
  const now = clock.now();
  const pendingId = newSessionId();
  await insertPendingSignIn(db, {
    idHash: hashSessionId(pendingId),
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_MS).toISOString(),
    failures: 0,
  });
  return { pendingId, maxAgeSeconds: PENDING_SIGN_IN_MS / 1000 };
}

/** The outcome of a second step. */
export type SecondStepResult =
  | { ok: true; session: StartedSession }
  /** No pending sign-in (none, expired, used, ended by wrong codes): sign in again. */
  | { ok: false; reason: "expired" }
  | { ok: false; reason: "wrongCode"; ended: boolean }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** What the second step is built from. */
export interface SecondStepDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sessions: SessionService;
  readonly throttle: SignInThrottle;
  readonly secondFactors: SecondFactors;
}

/** Creates the second step: a pending sign-in id, a method and its response in; a session out. */
export function createSecondStep(deps: SecondStepDeps) {
  const { db, clock, logger } = deps;
  return async (
    pendingId: string | undefined,
    method: string,
    response: SecondFactorResponse,
    client: ClientInfo,
  ): Promise<SecondStepResult> => {
    if (pendingId === undefined) return { ok: false, reason: "expired" };
    const idHash = hashSessionId(pendingId);
    const pending = await findPendingSignIn(db, idHash, clock.now().toISOString());
    const user = pending && (await findUserById(db, pending.userId));
    if (pending === undefined || user === undefined || user.isDisabled === 1) return { ok: false, reason: "expired" };
    // The same keys as the password: code guesses and password guesses share one budget.
    const keys = throttleKeys(user.username, client.ip);
    const admitted = await deps.throttle.admit(keys);
    if (!admitted.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: admitted.retryAfterSeconds };
    let succeeded = false;
    try {
      const context = { userId: user.id, pendingSignIn: idHash };
      if (!(await deps.secondFactors.verify(method, context, response))) {
        const failures = await countPendingFailure(db, idHash);
        const ended = failures === undefined || failures >= PENDING_SIGN_IN_FAILURES;
        if (ended) await deletePendingSignIn(db, idHash, clock.now().toISOString());
        logger.info({ reason: "wrongSecondFactor", method, userId: user.id, clientIp: client.ip }, "sign-in failed");
        await recordAuditEvent(db, {
          eventType: "User.SignInFailedEvent",
          actor: actorOf(client, user),
          timestamp: clock.now(),
          details: { reason: "wrongSecondFactor", method },
        });
        return { ok: false, reason: "wrongCode", ended };
      }
      // Of two parallel finishes with two valid codes, only the one that ends the row gets a session.
      if (!(await deletePendingSignIn(db, idHash, clock.now().toISOString()))) return { ok: false, reason: "expired" };
      succeeded = true;
      const signInMethod = `password+${method}`;
      const session = await deps.sessions.start(user, db, signInMethod);
      await recordAuditEvent(db, {
        eventType: "User.SignInEvent",
        actor: actorOf(client, user),
        timestamp: clock.now(),
        details: { method: signInMethod },
      });
      if (method === "recovery") {
        await recordAuditEvent(db, {
          eventType: "User.RecoveryCodeUsedEvent",
          actor: actorOf(client, user),
          timestamp: clock.now(),
          details: { purpose: "signIn" },
        });
      }
      return { ok: true, session };
    } finally {
      await deps.throttle.finish(keys, succeeded);
    }
  };
}

/** The second step of one process. */
export type SecondStep = ReturnType<typeof createSecondStep>;
