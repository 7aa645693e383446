/**
 * The second factors a password sign-in (and step-up) can ask for, as a small registry: each
 * kind says whether a user has it and verifies (and uses up) one response. TOTP and recovery
 * codes register here; other kinds (passkeys) join with `register` without touching sign-in.
 * A verified response is consumed by the factor itself with a conditional update, so the same
 * response cannot finish two sign-ins.
 */
import type { MfaService } from "../mfa/mfa.service.js";

/** What the client sends for one factor: `code` for TOTP and recovery codes; other kinds add fields. */
export interface SecondFactorResponse {
  readonly code?: string;
  readonly [field: string]: unknown;
}

/** Where a verification happens, for factors that bind a challenge to it (passkeys). */
export interface SecondFactorContext {
  readonly userId: string;
  /** The hash of the pending sign-in's id, when finishing a sign-in (not for step-up). */
  readonly pendingSignIn?: string;
}

/** One kind of second factor. */
export interface SecondFactor {
  /** Its name in `methods` answers and requests: `totp`, `recovery`, `passkey`, … */
  readonly method: string;
  /** Whether the user has this factor in effect. */
  has(userId: string): Promise<boolean>;
  /** True when the response proves the factor; a true answer has used the response up. */
  verify(context: SecondFactorContext, response: SecondFactorResponse): Promise<boolean>;
}

/** The registry. */
export interface SecondFactors {
  /** Adds a kind (the coordinator plugs passkeys in here). */
  register(factor: SecondFactor): void;
  /** The methods the user can finish a sign-in with, in registration order; empty: no second factor. */
  methodsOf(userId: string): Promise<string[]>;
  /** Verifies a response with one of the user's methods; false for a method the user does not have. */
  verify(method: string, context: SecondFactorContext, response: SecondFactorResponse): Promise<boolean>;
}

/** Creates a registry holding these factors. */
export function createSecondFactors(initial: readonly SecondFactor[] = []): SecondFactors {
  const factors = new Map<string, SecondFactor>(initial.map((factor) => [factor.method, factor]));
  return {
    register(factor) {
      factors.set(factor.method, factor);
    },
    async methodsOf(userId) {
      const methods: string[] = [];
      for (const factor of factors.values()) if (await factor.has(userId)) methods.push(factor.method);
      return methods;
    },
    async verify(method, context, response) {
      const factor = factors.get(method);
      if (factor === undefined || !(await factor.has(context.userId))) return false;
      return factor.verify(context, response);
    },
  };
}

/** The TOTP and recovery-code factors over the MFA service. */
export function totpFactors(mfa: MfaService): SecondFactor[] {
  const codeOf = (response: SecondFactorResponse) => (typeof response.code === "string" ? response.code : "");
  return [
    { method: "totp", has: (userId) => mfa.hasTotp(userId), verify: (c, r) => mfa.verifyTotp(c.userId, codeOf(r)) },
    {
      method: "recovery",
      has: (userId) => mfa.hasRecoveryCodes(userId),
      verify: (c, r) => mfa.useRecoveryCode(c.userId, codeOf(r)),
    },
  ];
}
