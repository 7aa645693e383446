/**
 * Wires passkeys for one server: the relying party from the configuration, registration (with
 * its own handle on the shared sign-in throttle: the counts live in the database), and the
 * assertion procedures that sign-in (and a second sign-in step) use.
 */
import type { Services } from "../services.js";
import { createPasswordChecker } from "../sessions/password-check.js";
import type { SessionFeature } from "../sessions/session-feature.js";
import { createSignInThrottle } from "../sessions/sign-in-throttle.js";
import { createPasskeyAssertion, type PasskeyAssertion } from "./passkey-assertion.js";
import type { PasskeyDeps } from "./passkey-deps.js";
import { createPasskeyRegistration, type PasskeyRegistration } from "./passkey-registration.js";
import { relyingPartyOf } from "./relying-party.js";

/** Everything the passkey routes need. */
export interface PasskeyFeature extends PasskeyDeps {
  readonly registration: PasskeyRegistration;
  readonly assertion: PasskeyAssertion;
  readonly sessions: SessionFeature;
}

/** Wires the feature over the services and the session feature. */
export function createPasskeyFeature(services: Services, sessions: SessionFeature): PasskeyFeature {
  const { clock, logger, config } = services;
  const db = services.store.db;
  const deps: PasskeyDeps = {
    db,
    clock,
    logger,
    relyingParty: relyingPartyOf(config.publicUrl, config.webauthnRpName),
  };
  return {
    ...deps,
    sessions,
    registration: createPasskeyRegistration({
      ...deps,
      throttle: createSignInThrottle({ db, clock }),
      checkPassword: createPasswordChecker(),
    }),
    assertion: createPasskeyAssertion({ ...deps, sessions: sessions.sessions }),
  };
}
