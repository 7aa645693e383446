/**
 * Wires single sign-on for one server from the services and the session service, when
 * PATINA_OIDC_* configure it: the provider client (discovery started in the background), the
 * transaction sealer keyed from the server secret, group sync and the callback procedure.
 */
import type { Clock } from "../clock.js";
import type { OidcConfig } from "../config/oidc-config.js";
import type { Services } from "../services.js";
import type { SessionService } from "../sessions/session.service.js";
import { createGroupSync } from "./group-sync.js";
import { createProviderClient, type ProviderClient } from "./oidc-provider-client.js";
import { createSsoSignIn, type SsoSignIn } from "./sso-sign-in.js";
import { createTransactionSealer, type TransactionSealer } from "./sso-transaction.js";

/** What the SSO routes use. */
export interface SsoFeature {
  readonly config: OidcConfig;
  readonly clock: Clock;
  readonly provider: ProviderClient;
  readonly sealer: TransactionSealer;
  readonly signIn: SsoSignIn;
  /** Cookies get `Secure` when users reach Patina over https. */
  readonly secureCookie: boolean;
}

/** The feature, or null when single sign-on is not configured. */
export function createSsoFeature(services: Services, sessions: SessionService): SsoFeature | null {
  const config = services.config.oidc;
  if (config === null) return null;
  const { clock, logger } = services;
  const db = services.store.db;
  const provider = createProviderClient(config, logger);
  provider.warmUp();
  return {
    config,
    clock,
    provider,
    sealer: createTransactionSealer(services.serverSecret),
    secureCookie: new URL(services.config.publicUrl).protocol === "https:",
    signIn: createSsoSignIn({
      db,
      clock,
      logger,
      config,
      provider,
      sessions,
      directory: services.directory,
      syncGroups: createGroupSync({ db, clock, logger, changes: services.changes, mapping: config.groupRoles }),
    }),
  };
}
