/**
 * WebAuthn challenges, in the database so that any instance can finish a ceremony another began.
 * A challenge is spent by one conditional delete whose affected-row count decides: of two
 * requests replaying the same response, exactly one can win, and an expired challenge never does.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Queryable } from "../db/query.js";

/** What a challenge was handed out for; a challenge of one purpose never serves another. */
export type ChallengePurpose = "registration" | "signIn" | "secondFactor";

/** How long a ceremony may take, from options to response. */
export const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;

/** The stored form of a challenge. */
function challengeHash(challenge: string): string {
  return createHash("sha256").update(challenge).digest("base64url");
}

/** The bytes of a challenge, as the WebAuthn library takes them (it base64url-encodes them back into the same string). */
export function challengeBytes(challenge: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(challenge, "base64url"));
}

/** Creates and stores a new challenge (32 random bytes, base64url); sweeps expired ones first. */
export async function issueChallenge(
  db: Queryable,
  purpose: ChallengePurpose,
  userId: string | null,
  now: Date,
): Promise<string> {
  const challenge = randomBytes(32).toString("base64url");
  await db.deleteFrom("webauthnChallenges").where("expiresAt", "<=", now.toISOString()).execute();
  await db
    .insertInto("webauthnChallenges")
    .values({
      challengeHash: challengeHash(challenge),
      purpose,
      userId,
      expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS).toISOString(),
    })
    .execute();
  return challenge;
}

/** Spends a challenge: true only once, only before it expires, only for its purpose and user. */
export async function spendChallenge(
  db: Queryable,
  challenge: string,
  purpose: ChallengePurpose,
  userId: string | null,
  now: Date,
): Promise<boolean> {
  let query = db
    .deleteFrom("webauthnChallenges")
    .where("challengeHash", "=", challengeHash(challenge))
    .where("purpose", "=", purpose)
    .where("expiresAt", ">", now.toISOString());
  query = userId === null ? query.where("userId", "is", null) : query.where("userId", "=", userId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
