/** Single sign-on links: which user an identity (issuer + `sub`) is. */
import type { Queryable } from "../db/query.js";
import type { UserTable } from "../db/schema.js";

/** The user an identity is linked to, if any. */
export async function findLinkedUser(db: Queryable, issuer: string, subject: string): Promise<UserTable | undefined> {
  return db
    .selectFrom("ssoLinks")
    .innerJoin("users", "users.id", "ssoLinks.userId")
    .selectAll("users")
    .where("ssoLinks.issuer", "=", issuer)
    .where("ssoLinks.subject", "=", subject)
    .executeTakeFirst();
}

/** True when the user is linked to some identity of this issuer. */
export async function hasLinkToIssuer(db: Queryable, userId: string, issuer: string): Promise<boolean> {
  const row = await db
    .selectFrom("ssoLinks")
    .select("subject")
    .where("userId", "=", userId)
    .where("issuer", "=", issuer)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Links an identity to a user unless either is linked already (to this issuer); true when
 * linked. The conflict target is the primary key; the (user, issuer) unique index makes a racing
 * second link of the same user fail too, which the caller reads as a conflict.
 */
export async function insertLink(
  db: Queryable,
  link: { issuer: string; subject: string; userId: string; at: string },
): Promise<boolean> {
  const result = await db
    .insertInto("ssoLinks")
    .values({
      issuer: link.issuer,
      subject: link.subject,
      userId: link.userId,
      createdAt: link.at,
      lastSignInAt: link.at,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Records a sign-in through a link. */
export async function touchLink(db: Queryable, issuer: string, subject: string, at: string): Promise<void> {
  await db
    .updateTable("ssoLinks")
    .set({ lastSignInAt: at })
    .where("issuer", "=", issuer)
    .where("subject", "=", subject)
    .execute();
}
