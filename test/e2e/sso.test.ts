/**
 * Single sign-on in Chromium against a real oidc-provider: the button on the sign-in page, the
 * provider's login page, and landing signed in as a user created just in time; a replayed
 * callback and a disabled user come back to the sign-in page with a message and no session.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALLBACK, type SsoSetup, startSso } from "../sso/sso-support.js";
import { testDatabases } from "../support/databases.js";
import { eventually, launchBrowser, newContext, watchForPageErrors } from "./support.js";

describe("single sign-on in the browser", () => {
  let sso: SsoSetup;
  let browser: Browser;

  beforeAll(async () => {
    const sqlite = testDatabases().find((database) => database.name === "sqlite");
    if (sqlite === undefined) throw new Error("SQLite test database missing");
    [sso, browser] = await Promise.all([
      startSso(sqlite, { PATINA_OIDC_GROUPS_CLAIM: "groups", PATINA_OIDC_GROUP_ROLES: "devs=acme:contributor" }),
      launchBrowser(),
    ]);
    await sso.t.createUser("root", { admin: true, password: "correct horse battery staple" });
    await sso.t.createOrg("acme", "root");
    sso.provider.accounts.set("frank-sub", {
      preferred_username: "frank",
      email: "frank@example.com",
      groups: ["devs"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await sso?.close();
  });

  /** Clicks the SSO button and logs in at the provider's page; resolves with the callback URL the browser visited. */
  async function signInWithSso(page: Page, login: string): Promise<string> {
    await page.goto("/_signin");
    let callbackUrl = "";
    page.on("request", (request) => {
      if (request.url().includes(CALLBACK)) callbackUrl = request.url();
    });
    await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill("any");
    await page.locator('button[type="submit"]').click();
    await eventually(() => callbackUrl).not.toBe("");
    return callbackUrl;
  }

  const sessionStatus = (page: Page) => page.evaluate(async () => (await fetch("/_apis/patina/session")).status);

  it("creates the user just in time and lands signed in; a replayed callback is refused", async () => {
    const page = await (await newContext(browser, sso.baseUrl)).newPage();
    const errors = watchForPageErrors(page);
    const callbackUrl = await signInWithSso(page, "frank-sub");
    await page.waitForURL((url) => url.pathname === "/_usersSettings/tokens");
    await page.getByRole("heading", { name: "Personal access tokens", exact: true }).waitFor();
    expect(await sessionStatus(page)).toBe(200);
    const session = (await page.evaluate(async () => (await fetch("/_apis/patina/session")).json())) as {
      user: { username: string };
      organizations: { name: string; role: string }[];
    };
    expect(session.user.username).toBe("frank");
    expect(session.organizations).toEqual([expect.objectContaining({ name: "acme", role: "contributor" })]);

    const other = await (await newContext(browser, sso.baseUrl)).newPage();
    await other.goto(callbackUrl);
    await other.waitForURL((url) => url.pathname === "/_signin");
    await other.getByText("The single sign-on expired or was already used. Start it again.").waitFor();
    expect(await sessionStatus(other)).toBe(401);
    expect(errors).toEqual([]);
  });

  it("refuses a disabled user with a message and no session", async () => {
    await sso.t.app.services.directory.setDisabled(
      { userId: null, name: "test", clientIp: null, userAgent: null },
      "frank",
      true,
    );
    const page = await (await newContext(browser, sso.baseUrl)).newPage();
    await signInWithSso(page, "frank-sub");
    await page.waitForURL((url) => url.pathname === "/_signin");
    await page.getByText("Your Patina account is disabled. Ask an administrator.").waitFor();
    expect(await sessionStatus(page)).toBe(401);
  });
});
