/**
 * Proving again who you are inside a session: step-up (the password, plus a second factor when
 * the user has one) and the proofs that guard removing or replacing a factor (the password or a
 * current code). Every attempt goes through the sign-in throttle under the user's name, so a
 * stolen session cannot guess the password or codes any faster than the sign-in form allows.
 */
import type { Kysely } from "kysely";
import type { Clock } from "../clock.js";
import type { Database } from "../db/schema.js";
import { findUserById } from "../users/user.repository.js";
import type { PasswordChecker } from "./password-check.js";
import type { SecondFactorResponse, SecondFactors } from "./second-factors.js";
import type { ActiveSession } from "./session.service.js";
import type { ClientInfo } from "./sign-in.js";
import { type SignInThrottle, throttleKeys } from "./sign-in-throttle.js";

/** What the caller offers as proof. */
export interface IdentityProof {
  readonly password?: string;
  /** The second factor's method (`totp`, `recovery`, …) and response. */
  readonly method?: string;
  readonly response?: SecondFactorResponse;
}

/** How much proof is needed. */
export type ProofRule =
  /** Step-up: the password, and a second factor when the user has one. */
  | "passwordAndFactor"
  /** Removing or replacing a factor: the password or a current second factor. */
  | "passwordOrFactor";

/** The outcome; `wrong` is the one answer for a wrong password, a wrong code and a missing part. */
export type ProofResult =
  | { ok: true; method: string }
  | { ok: false; reason: "wrong"; methods: readonly string[] }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** Creates the proof check. */
export function createIdentityProof(deps: {
  db: Kysely<Database>;
  clock: Clock;
  throttle: SignInThrottle;
  checkPassword: PasswordChecker;
  secondFactors: SecondFactors;
}) {
  return async (
    session: ActiveSession,
    proof: IdentityProof,
    rule: ProofRule,
    client: ClientInfo,
  ): Promise<ProofResult> => {
    const owner = session.subject.owner;
    const keys = throttleKeys(owner.username, client.ip);
    const admitted = await deps.throttle.admit(keys);
    if (!admitted.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: admitted.retryAfterSeconds };
    let succeeded = false;
    try {
      const user = await findUserById(deps.db, owner.id);
      const methods = await deps.secondFactors.methodsOf(owner.id);
      const passwordOk =
        proof.password !== undefined &&
        proof.password !== "" &&
        (await deps.checkPassword(user, proof.password)) === "ok";
      // A factor's response is used up when verified: not checked when it cannot change the answer.
      const factorNeeded = rule === "passwordAndFactor" ? passwordOk && methods.length > 0 : !passwordOk;
      const factorOk =
        factorNeeded &&
        proof.method !== undefined &&
        (await deps.secondFactors.verify(proof.method, { userId: owner.id }, proof.response ?? {}));
      succeeded =
        rule === "passwordAndFactor" ? passwordOk && (methods.length === 0 || factorOk) : passwordOk || factorOk;
      if (!succeeded) return { ok: false, reason: "wrong", methods };
      const method = factorOk && proof.method !== undefined ? proof.method : "password";
      return { ok: true, method: rule === "passwordAndFactor" && factorOk ? `password+${method}` : method };
    } finally {
      await deps.throttle.finish(keys, succeeded);
    }
  };
}

/** The proof check of one process. */
export type IdentityProofCheck = ReturnType<typeof createIdentityProof>;
