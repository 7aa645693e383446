/** A Patina with single sign-on against a real oidc-provider, both on loopback ports, for the SSO tests. */
import type { TestDatabase } from "../support/databases.js";
import { freePort } from "../support/free-port.js";
import { CookieJar, loginAtProvider, send, startTestProvider, type TestProvider } from "../support/oidc-provider.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

export const CALLBACK = "/_signin/oidc/callback";

export interface SsoSetup {
  readonly t: TestApp;
  readonly provider: TestProvider;
  /** http://127.0.0.1:PORT of Patina. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts the provider, then Patina configured for it (`env` adds or overrides settings). */
export async function startSso(database: TestDatabase, env: Record<string, string> = {}): Promise<SsoSetup> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const provider = await startTestProvider([`${baseUrl}${CALLBACK}`]);
  const t = await startTestApp(database, {
    PATINA_PUBLIC_URL: baseUrl,
    PATINA_OIDC_ISSUER: provider.issuer,
    PATINA_OIDC_CLIENT_ID: provider.clientId,
    PATINA_OIDC_CLIENT_SECRET: provider.clientSecret,
    PATINA_OIDC_SCOPES: "openid profile email groups",
    PATINA_OIDC_LABEL: "Test IdP",
    ...env,
  });
  await t.app.server.listen({ port, host: "127.0.0.1" });
  return {
    t,
    provider,
    baseUrl,
    close: async () => {
      await t.close();
      await provider.close();
    },
  };
}

/** A login begun at Patina and finished at the provider: the callback URL, not yet visited, and the jar. */
export async function loginUntilCallback(
  sso: SsoSetup,
  login: string,
): Promise<{ jar: CookieJar; callbackUrl: string }> {
  const jar = new CookieJar();
  const start = await send(jar, `${sso.baseUrl}/_signin/oidc/start?returnTo=%2F_usersSettings%2Fprofile`);
  const authorizationUrl = start.headers.get("location");
  if (start.status !== 302 || authorizationUrl === null) throw new Error(`start answered ${start.status}`);
  const callbackUrl = await loginAtProvider(jar, authorizationUrl, login, `${sso.baseUrl}${CALLBACK}`);
  return { jar, callbackUrl };
}

/** Where a callback sent the browser, and whether it now has a session (GET /_apis/patina/session). */
export async function visitCallback(sso: SsoSetup, jar: CookieJar, callbackUrl: string) {
  const response = await send(jar, callbackUrl);
  const location = new URL(response.headers.get("location") ?? "/", sso.baseUrl);
  const me = await send(jar, `${sso.baseUrl}/_apis/patina/session`);
  const session =
    me.status === 200
      ? ((await me.json()) as { user: { username: string }; organizations: { name: string; role: string }[] })
      : null;
  return { status: response.status, location, session };
}
