/**
 * The connection to the OpenID provider through openid-client: discovery, the authorization URL
 * and the code exchange with every check (iss, state, PKCE, nonce, the ID token's signature,
 * audience and lifetime). Discovery is tried at start in the background and otherwise when a
 * login needs it, never more than once per RETRY_MS after a failure: the server starts and
 * serves password sign-in while the provider is down, and SSO works once it is back.
 */
import * as client from "openid-client";
import type { Logger } from "pino";
import type { OidcConfig } from "../config/oidc-config.js";

/** Least time between two discovery attempts after one failed. */
const RETRY_MS = 10_000;
/** Discovery and token requests give up after this long. */
const REQUEST_TIMEOUT_S = 10;

/** What Patina reads from a completed login. */
export interface ProviderIdentity {
  /** The ID token's claims, with user info merged in where the ID token lacked them. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The validated issuer. */
  readonly issuer: string;
}

/** Why a callback was refused (for the audit trail and the page's message). */
export type ProviderFailure =
  | "providerUnavailable"
  | "providerError"
  | "accessDenied"
  | "stateMismatch"
  | "issuerMismatch"
  | "nonceMismatch"
  | "invalidResponse"
  | "codeRejected";

export type ExchangeResult = { ok: true; identity: ProviderIdentity } | { ok: false; reason: ProviderFailure };

/** Creates the provider client (nothing is fetched until `warmUp` or the first login). */
export function createProviderClient(config: OidcConfig, logger: Logger) {
  let configuration: client.Configuration | undefined;
  let pending: Promise<client.Configuration | undefined> | undefined;
  let lastFailureMs = Number.NEGATIVE_INFINITY;

  async function discover(): Promise<client.Configuration | undefined> {
    try {
      const discovered = await client.discovery(
        new URL(config.issuer),
        config.clientId,
        { redirect_uris: [config.redirectUrl], response_types: ["code"] },
        client.ClientSecretBasic(config.clientSecret),
        {
          timeout: REQUEST_TIMEOUT_S,
          ...(config.insecureLoopback ? { execute: [client.allowInsecureRequests] } : {}),
        },
      );
      logger.info({ issuer: config.issuer }, "single sign-on: provider discovered");
      return discovered;
    } catch (error) {
      lastFailureMs = Date.now();
      // The message of a failed fetch or a bad document; never a secret (none is sent in discovery).
      logger.warn(
        { issuer: config.issuer, reason: error instanceof Error ? error.message : String(error) },
        "single sign-on: provider discovery failed; password sign-in still works, SSO is retried at the next login",
      );
      return undefined;
    }
  }

  /** The discovered configuration, discovering (once at a time, not too often) if needed. */
  async function ready(): Promise<client.Configuration | undefined> {
    if (configuration !== undefined) return configuration;
    if (pending === undefined) {
      if (Date.now() - lastFailureMs < RETRY_MS) return undefined;
      pending = discover().then((found) => {
        configuration = found;
        pending = undefined;
        return found;
      });
    }
    return pending;
  }

  return {
    /** Starts discovery without waiting for it (at server start). */
    warmUp(): void {
      void ready();
    },

    /** The provider's authorization URL for a new login, or undefined when the provider cannot be reached. */
    async authorizationUrl(checks: { state: string; nonce: string; codeVerifier: string }): Promise<URL | undefined> {
      const discovered = await ready();
      if (discovered === undefined) return undefined;
      return client.buildAuthorizationUrl(discovered, {
        redirect_uri: config.redirectUrl,
        scope: config.scopes,
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: "S256",
      });
    },

    /** Exchanges the code of a callback URL, checking everything against the transaction. */
    async exchange(
      callbackUrl: URL,
      checks: { state: string; nonce: string; codeVerifier: string },
    ): Promise<ExchangeResult> {
      const discovered = await ready();
      if (discovered === undefined) return { ok: false, reason: "providerUnavailable" };
      try {
        const tokens = await client.authorizationCodeGrant(discovered, callbackUrl, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.codeVerifier,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims();
        if (idClaims === undefined) return { ok: false, reason: "invalidResponse" };
        let claims: Record<string, unknown> = { ...idClaims };
        const wanted = [config.usernameClaim, "email", ...(config.groupsClaim === null ? [] : [config.groupsClaim])];
        if (wanted.some((claim) => claims[claim] === undefined) && discovered.serverMetadata().userinfo_endpoint) {
          // Many providers put profile claims in user info only; the ID token's own claims win.
          const info = await client.fetchUserInfo(discovered, tokens.access_token, idClaims.sub);
          claims = { ...info, ...claims };
        }
        return { ok: true, identity: { claims, issuer: idClaims.iss } };
      } catch (error) {
        return { ok: false, reason: failureOf(error) };
      }
    },
  };
}

export type ProviderClient = ReturnType<typeof createProviderClient>;

/** Maps openid-client's errors to reasons. Never keeps the error itself: it may quote the response. */
function failureOf(error: unknown): ProviderFailure {
  if (error instanceof client.AuthorizationResponseError) {
    return error.error === "access_denied" ? "accessDenied" : "providerError";
  }
  if (error instanceof client.ResponseBodyError)
    return error.error === "invalid_grant" ? "codeRejected" : "providerError";
  // openid-client wraps oauth4webapi's error, whose message names the parameter or claim that failed.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
  const text = error instanceof Error ? `${error.message} ${cause}` : "";
  if (/"state"|\bstate\b/i.test(text)) return "stateMismatch";
  if (/"iss"|issuer/i.test(text)) return "issuerMismatch";
  if (/"nonce"/.test(text)) return "nonceMismatch";
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) return "providerUnavailable";
  return "invalidResponse";
}
