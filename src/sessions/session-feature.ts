/**
 * Wires the web-session feature of one server from the services: sessions, sign-in with its
 * throttle, password change and first-run setup. Built by the HTTP server (not by the shared
 * services, which the CLI also uses: operator commands must not issue setup codes).
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Clock } from "../clock.js";
import type { Database } from "../db/schema.js";
import { mfaRequiredFor, type PolicyValues, passwordSignInAllowed } from "../domain/policy-rules.js";
import { registerMfaRoutes } from "../mfa/mfa.routes.js";
import { createMfaService, type MfaService } from "../mfa/mfa.service.js";
import type { Services } from "../services.js";
import { createFirstRunSetup, type FirstRunSetup } from "./first-run-setup.js";
import { createIdentityProof, type IdentityProofCheck } from "./identity-proof.js";
import { createPasswordChange, type PasswordChange } from "./password-change.js";
import { createPasswordChecker } from "./password-check.js";
import { createSecondStep, type SecondStep } from "./pending-sign-in.js";
import { createSecondFactors, type SecondFactors, totpFactors } from "./second-factors.js";
import { registerSecondStepRoutes } from "./second-step.routes.js";
import { registerSessionRoutes } from "./session.routes.js";
import { createSessionService, type SessionService } from "./session.service.js";
import { registerSetupRoutes } from "./setup.routes.js";
import { createSignIn, type SignIn } from "./sign-in.js";
import { createSignInThrottle } from "./sign-in-throttle.js";

declare module "fastify" {
  interface FastifyInstance {
    /** First-run setup state; the app exposes its pending code to the console (and to tests). */
    firstRunSetup: FirstRunSetup;
  }
}

/** Everything the session routes and the guard need. */
export interface SessionFeature {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly sessions: SessionService;
  readonly signIn: SignIn;
  /** The second step of a password sign-in (a pending sign-in and a second factor). */
  readonly secondStep: SecondStep;
  /** The second factors sign-in and step-up can ask for; other kinds (passkeys) `register` here. */
  readonly secondFactors: SecondFactors;
  /** TOTP and recovery codes. */
  readonly mfa: MfaService;
  /** Proving again who you are in a session (step-up, removing a factor). */
  readonly proveIdentity: IdentityProofCheck;
  readonly changePassword: PasswordChange;
  readonly setup: FirstRunSetup;
  /** Cookies get `Secure` when users reach Patina over https. */
  readonly secureCookie: boolean;
  /** The configured expiry notice days, which the UI's "Expires soon" follows. */
  readonly expiryNoticeDays: readonly number[];
}

/** Wires the feature; issues a setup code when the store has no users yet. */
export async function createSessionFeature(services: Services): Promise<SessionFeature> {
  const { clock, logger } = services;
  const db = services.store.db;
  const mfa = createMfaService({ db, clock, serverSecret: services.serverSecret, issuer: "Patina" });
  const secondFactors = createSecondFactors(totpFactors(mfa));
  const sessions = createSessionService({
    db,
    clock,
    mfa: {
      // From the in-memory policy snapshot: no query on the request path.
      requiredFor(memberships) {
        const snapshot = services.policies.current();
        const orgs = memberships.map((m) => snapshot.orgs.get(m.orgId)?.values).filter((v): v is PolicyValues => !!v);
        return mfaRequiredFor(snapshot.instance, orgs);
      },
      hasSecondFactor: async (userId) => (await secondFactors.methodsOf(userId)).length > 0,
    },
  });
  const signInDeps = {
    db,
    clock,
    logger,
    sessions,
    throttle: createSignInThrottle({ db, clock }),
    checkPassword: createPasswordChecker(),
    secondFactors,
    passwordAllowed: (userId: string) => passwordSignInAllowed(services.policies.current().instance, userId),
  };
  const setup = createFirstRunSetup({ db, clock, logger, directory: services.directory, sessions });
  await setup.prepare();
  return {
    db,
    clock,
    sessions,
    signIn: createSignIn(signInDeps),
    secondStep: createSecondStep(signInDeps),
    secondFactors,
    mfa,
    proveIdentity: createIdentityProof(signInDeps),
    changePassword: createPasswordChange(signInDeps),
    setup,
    secureCookie: new URL(services.config.publicUrl).protocol === "https:",
    expiryNoticeDays: services.config.expiryNoticeDays,
  };
}

/** Registers the session, password and setup routes, exposes the setup state on the server, and voids its code at close. */
export function registerSessionFeature(app: FastifyInstance, feature: SessionFeature) {
  app.decorate("firstRunSetup", feature.setup);
  // Before the store closes (app.close closes the server first): a code nobody can be shown again must not stay valid.
  app.addHook("onClose", async () => {
    await feature.setup
      .withdraw()
      .catch((error: unknown) => app.log.warn({ err: error }, "could not void the setup code"));
  });
  registerSessionRoutes(app, feature);
  registerSecondStepRoutes(app, feature);
  registerMfaRoutes(app, feature);
  registerSetupRoutes(app, feature);
}
