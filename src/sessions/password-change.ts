/**
 * Changing one's own password from a session. Threats: a hijacked session turning itself into
 * the account (the current password is required, and wrong guesses count against the account's
 * sign-in throttle), and sessions outliving a compromised password (every session of the user
 * ends; the caller gets a fresh one).
 */
import { recordAuditEvent } from "../audit/audit-log.js";
import { hashPassword } from "../security/password.js";
import { findUserById } from "../users/user.repository.js";
import { deleteSessionsOfUser, updatePasswordHash } from "./session.repository.js";
import type { ActiveSession, StartedSession } from "./session.service.js";
import { actorOf, type ClientInfo, type SignInDeps } from "./sign-in.js";
import { throttleKeys } from "./sign-in-throttle.js";

/** Shortest password accepted (the directory's rule). */
export const MIN_PASSWORD_LENGTH = 8;

/** The outcome of a password change; failures are data for the route to map. */
export type PasswordChangeResult =
  | { ok: true; session: StartedSession }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number }
  | { ok: false; reason: "wrongPassword" }
  | { ok: false; reason: "passwordSignInDisabled" }
  | { ok: false; reason: "invalidPassword"; message: string };

/** Creates the password-change procedure. */
export function createPasswordChange(deps: SignInDeps) {
  const { db, clock, logger } = deps;
  return async (
    session: ActiveSession,
    passwords: { currentPassword: string; newPassword: string },
    client: ClientInfo,
  ): Promise<PasswordChangeResult> => {
    if (passwords.newPassword.length < MIN_PASSWORD_LENGTH) {
      return { ok: false, reason: "invalidPassword", message: "A password has at least 8 characters." };
    }
    const owner = session.subject.owner;
    if (!deps.passwordAllowed(owner.id)) return { ok: false, reason: "passwordSignInDisabled" };
    const keys = throttleKeys(owner.username, client.ip);
    const admitted = await deps.throttle.admit(keys);
    if (!admitted.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: admitted.retryAfterSeconds };
    let succeeded = false;
    try {
      const user = await findUserById(db, owner.id);
      const check = await deps.checkPassword(user, passwords.currentPassword);
      if (user === undefined || check !== "ok") {
        logger.info({ reason: check, userId: owner.id, clientIp: client.ip }, "password change refused");
        return { ok: false, reason: "wrongPassword" };
      }
      succeeded = true;
      const passwordHash = await hashPassword(passwords.newPassword);
      await db.transaction().execute(async (trx) => {
        await updatePasswordHash(trx, user.id, passwordHash);
        await deleteSessionsOfUser(trx, user.id);
        await recordAuditEvent(trx, {
          eventType: "User.PasswordChangeEvent",
          actor: actorOf(client, user),
          timestamp: clock.now(),
        });
      });
      logger.info({ userId: user.id }, "password changed; every session of the user ended");
      return { ok: true, session: await deps.sessions.start({ ...user, passwordHash }) };
    } finally {
      await deps.throttle.finish(keys, succeeded);
    }
  };
}

/** The password-change procedure. */
export type PasswordChange = ReturnType<typeof createPasswordChange>;
