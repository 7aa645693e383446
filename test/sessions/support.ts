/** Helpers for the session tests: sign in, and read the session cookie the way a browser would. */
import { expect } from "vitest";
import type { TestApp } from "../support/test-app.js";

/** A response as `inject` returns it (only what these helpers read). */
interface Injected {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
}

/** A password that passes the directory's rules. */
export const PASSWORD = "correct horse battery staple";

/** Signs in through the API. */
export function signIn(t: TestApp, username: string, password: string, options: { ip?: string } = {}) {
  return t.app.server.inject({
    method: "POST",
    url: "/_apis/patina/session",
    payload: { username, password },
    ...(options.ip ? { remoteAddress: options.ip } : {}),
  });
}

/** The Set-Cookie header of a response (exactly one expected). */
export function setCookieOf(response: Injected): string {
  const header = response.headers["set-cookie"];
  expect(typeof header, "one Set-Cookie header").toBe("string");
  return String(header);
}

/** The `name=value` pair to send back as a Cookie header. */
export function cookieOf(response: Injected): string {
  const pair = setCookieOf(response).split(";")[0] ?? "";
  expect(pair).toMatch(/^patina_session=[A-Za-z0-9_-]{43}$/);
  return pair;
}

/** Signs in (which must succeed) and returns what a browser keeps: the cookie and the CSRF token. */
export async function signedIn(t: TestApp, username: string, password = PASSWORD, ip?: string) {
  const response = await signIn(t, username, password, { ip });
  expect(response.statusCode, response.body).toBe(200);
  return { cookie: cookieOf(response), csrfToken: response.json().csrfToken as string, body: response.json() };
}
