import type { Queryable } from "../db/query.js";
import type { UserTable } from "../db/schema.js";
import type { SessionTable } from "./session.table.js";

/** A stored session. */
export type SessionRow = SessionTable;

/** A session together with its user, as one lookup returns it. */
export interface SessionWithUser {
  readonly session: SessionRow;
  readonly user: UserTable;
}

/** Inserts a session. */
export async function insertSession(db: Queryable, session: SessionRow): Promise<void> {
  await db.insertInto("sessions").values(session).execute();
}

/** Finds a session by the hash of its id, joined with its user, in one query. */
export async function findSessionByIdHash(db: Queryable, idHash: string): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.userId")
    .select([
      "sessions.idHash",
      "sessions.userId",
      "sessions.csrfToken",
      "sessions.createdAt",
      "sessions.lastSeenAt",
      "sessions.expiresAt",
      "sessions.authenticatedAt",
      "sessions.signInMethod",
      "users.username",
      "users.displayName",
      "users.email",
      "users.passwordHash",
      "users.isAdmin",
      "users.isDisabled",
      "users.createdAt as userCreatedAt",
    ])
    .where("sessions.idHash", "=", idHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { idHash: hash, userId, csrfToken, createdAt, lastSeenAt, expiresAt, userCreatedAt, ...rest } = row;
  const { authenticatedAt, signInMethod, ...user } = rest;
  return {
    session: { idHash: hash, userId, csrfToken, createdAt, lastSeenAt, expiresAt, authenticatedAt, signInMethod },
    user: { id: userId, ...user, createdAt: userCreatedAt },
  };
}

/** Moves a session's last-seen time forward (the caller throttles this to once a minute). */
export async function touchSession(db: Queryable, idHash: string, lastSeenAt: string): Promise<void> {
  await db.updateTable("sessions").set({ lastSeenAt }).where("idHash", "=", idHash).execute();
}

/** Records a fresh proof of identity in a session (step-up). */
export async function markSessionAuthenticated(
  db: Queryable,
  idHash: string,
  authenticatedAt: string,
): Promise<boolean> {
  const updated = await db
    .updateTable("sessions")
    .set({ authenticatedAt })
    .where("idHash", "=", idHash)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Deletes one session. */
export async function deleteSession(db: Queryable, idHash: string): Promise<void> {
  await db.deleteFrom("sessions").where("idHash", "=", idHash).execute();
}

/** Deletes every session of a user (password change). */
export async function deleteSessionsOfUser(db: Queryable, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("userId", "=", userId).execute();
}

/** Deletes sessions past their absolute expiry. */
export async function deleteExpiredSessions(db: Queryable, now: string): Promise<void> {
  await db.deleteFrom("sessions").where("expiresAt", "<=", now).execute();
}

/** Replaces a user's password hash. */
export async function updatePasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable("users").set({ passwordHash }).where("id", "=", userId).execute();
}
