/**
 * Checking a typed password against an account, with the same work whatever the account.
 * Threat: user enumeration by timing. An unknown user, a token-only user (no password) and a
 * disabled user all cost one full scrypt verification, against a dummy hash when there is no
 * real one, so the answer time does not tell them apart from a wrong password.
 */
import { randomBytes } from "node:crypto";
import type { UserTable } from "../db/schema.js";
import { hashPassword, verifyPassword } from "../security/password.js";

/** The outcome; every value but "ok" is the same "no" to the client. */
export type PasswordCheck = "ok" | "unknownUser" | "noPassword" | "disabled" | "wrongPassword";

/** Creates the checker; the dummy hash is computed once, on first use. */
export function createPasswordChecker() {
  let dummyHash: Promise<string> | undefined;
  return async (user: UserTable | undefined, password: string): Promise<PasswordCheck> => {
    dummyHash ??= hashPassword(randomBytes(16).toString("base64url"));
    const stored = user?.passwordHash ?? (await dummyHash);
    const matches = await verifyPassword(password, stored);
    if (user === undefined) return "unknownUser";
    if (user.passwordHash === null) return "noPassword";
    if (user.isDisabled === 1) return "disabled";
    return matches ? "ok" : "wrongPassword";
  };
}

/** A password checker. */
export type PasswordChecker = ReturnType<typeof createPasswordChecker>;
