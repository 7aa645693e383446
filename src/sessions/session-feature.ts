/**
 * Wires the web-session feature of one server from the services: sessions, sign-in with its
 * throttle, password change and first-run setup. Built by the HTTP server (not by the shared
 * services, which the CLI also uses: operator commands must not issue setup codes).
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Clock } from "../clock.js";
import type { Database } from "../db/schema.js";
import { passwordSignInAllowed } from "../domain/policy-rules.js";
import type { Services } from "../services.js";
import { createFirstRunSetup, type FirstRunSetup } from "./first-run-setup.js";
import { createPasswordChange, type PasswordChange } from "./password-change.js";
import { createPasswordChecker } from "./password-check.js";
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
  const sessions = createSessionService({ db, clock });
  const signInDeps = {
    db,
    clock,
    logger,
    sessions,
    throttle: createSignInThrottle({ db, clock }),
    checkPassword: createPasswordChecker(),
    passwordAllowed: (userId: string) => passwordSignInAllowed(services.policies.current().instance, userId),
  };
  const setup = createFirstRunSetup({ db, clock, logger, directory: services.directory, sessions });
  await setup.prepare();
  return {
    db,
    clock,
    sessions,
    signIn: createSignIn(signInDeps),
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
  registerSetupRoutes(app, feature);
}
