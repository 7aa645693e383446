/**
 * A real OpenID provider (oidc-provider) on a loopback port for the single sign-on tests, with
 * its development login page (any login name, any password) and a grant given without a consent
 * page. Accounts are what the test puts in `accounts` (login name → claims); `sub` is the login.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestProvider {
  /** E.g. http://127.0.0.1:40123 */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Login name → claims besides `sub` (preferred_username, email, groups, …). */
  readonly accounts: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

/** Starts a provider with one confidential client that may redirect to `redirectUris`. */
export async function startTestProvider(redirectUris: string[]): Promise<TestProvider> {
  const accounts = new Map<string, Record<string, unknown>>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "patina";
  const clientSecret = "a-client-secret-for-tests-only-0123456789";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
      },
    ],
    claims: {
      openid: ["sub"],
      profile: ["preferred_username", "name"],
      email: ["email", "email_verified"],
      groups: ["groups"],
    },
    scopes: ["openid", "profile", "email", "groups"],
    cookies: { keys: ["test-cookie-key-not-secret"] },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, ...(accounts.get(sub) ?? {}) }),
    }),
    // No consent page: every client is granted what it asks for.
    loadExistingGrant: async (ctx: {
      oidc: { session: { accountId: string }; client: { clientId: string }; params: { scope?: string } };
    }) => {
      const grant = new provider.Grant({ accountId: ctx.oidc.session.accountId, clientId: ctx.oidc.client.clientId });
      grant.addOIDCScope(ctx.oidc.params.scope ?? "openid");
      grant.addOIDCClaims(["preferred_username", "name", "email", "email_verified", "groups"]);
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true } },
  });
  server.on("request", provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A cookie jar for driving a browser-like login with fetch. */
export class CookieJar {
  readonly #cookies = new Map<string, Map<string, string>>();

  /** Stores the Set-Cookie headers of a response from `url`'s origin (Max-Age=0 removes). */
  store(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const jar = this.#cookies.get(origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const value = pair.slice(pair.indexOf("=") + 1);
      if (/max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    this.#cookies.set(origin, jar);
  }

  /** The Cookie header for `url`. */
  header(url: string): string {
    const jar = this.#cookies.get(new URL(url).origin) ?? new Map<string, string>();
    return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** One cookie's value for `url`'s origin. */
  get(url: string, name: string): string | undefined {
    return this.#cookies.get(new URL(url).origin)?.get(name);
  }
}

/** GETs or POSTs without following redirects, through the jar. */
export async function send(jar: CookieJar, url: string, body?: URLSearchParams): Promise<Response> {
  const response = await fetch(url, {
    method: body === undefined ? "GET" : "POST",
    redirect: "manual",
    headers: {
      cookie: jar.header(url),
      ...(body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
    },
    body,
  });
  jar.store(url, response);
  return response;
}

/**
 * Logs `login` in at the provider from its authorization URL, as a browser would (redirects,
 * the login form), and returns the URL the provider redirects back to (the callback with the code).
 */
export async function loginAtProvider(
  jar: CookieJar,
  authorizationUrl: string,
  login: string,
  until: string,
): Promise<string> {
  let url = authorizationUrl;
  for (let step = 0; step < 10; step++) {
    if (url.startsWith(until)) return url;
    const response = await send(jar, url);
    const location = response.headers.get("location");
    if (location !== null) {
      url = new URL(location, url).href;
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (action === undefined) throw new Error(`the provider showed no login form (${response.status})`);
    const submitted = await send(
      jar,
      new URL(action, url).href,
      new URLSearchParams({ prompt: "login", login, password: "any" }),
    );
    url = new URL(submitted.headers.get("location") ?? "", url).href;
  }
  throw new Error("the provider never redirected back");
}
