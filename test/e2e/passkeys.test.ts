/**
 * Passkeys in Chromium with its virtual authenticator (DevTools protocol): add one on the
 * profile page, sign out, sign in with it (usernameless), remove it, and see sign-in with it
 * refused in words. The server's public URL is on `localhost`: WebAuthn refuses IP addresses.
 */
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  expectAccessible,
  type LiveServer,
  launchBrowser,
  newContext,
  PASSWORD,
  signInThroughPage,
  startLiveServer,
  watchForPageErrors,
} from "./support.js";

describe("passkeys", () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer({ publicHost: "localhost" }), launchBrowser()]);
    await live.t.createUser("alice", { password: PASSWORD });
    await live.t.createOrg("acme", "alice");
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** A page with a virtual platform authenticator that holds discoverable credentials and verifies its user. */
  async function pageWithAuthenticator(): Promise<{
    context: BrowserContext;
    page: Page;
    cdp: CDPSession;
    errors: string[];
  }> {
    const context = await newContext(browser, live.baseUrl);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return { context, page, cdp, errors: watchForPageErrors(page) };
  }

  it("adds a passkey on the profile page, signs in with it, and after removal says it cannot be used", async () => {
    const { page, errors } = await pageWithAuthenticator();
    await signInThroughPage(page, "alice");
    await page.goto("/_usersSettings/profile");
    const section = page.getByRole("region", { name: "Passkeys" });
    await section.getByText("You have no passkeys yet.").waitFor();
    await expectAccessible(page, "profile page, passkeys section");

    await page.getByRole("button", { name: "Add a passkey" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Add a passkey" });
    await dialog.getByRole("textbox", { name: "Name" }).fill("Work laptop");
    await dialog.getByLabel("Current password").fill("wrong password");
    await dialog.getByRole("button", { name: "Continue" }).click();
    await eventually(() => dialog.getByText("The current password is incorrect.").count()).toBe(1);
    await expectAccessible(page, "profile page, add passkey dialog with an error");
    await dialog.getByLabel("Current password").fill(PASSWORD);
    await dialog.getByRole("button", { name: "Continue" }).click();
    await section.getByRole("status").getByText('Passkey "Work laptop" added.').waitFor();
    const row = section.getByRole("row", { name: /Work laptop/ });
    await eventually(() => row.getByRole("cell").nth(2).textContent()).toBe("Never");
    await expectAccessible(page, "profile page with a passkey");

    await page.getByRole("button", { name: "Sign out" }).click();
    await eventually(() => new URL(page.url()).pathname).toBe("/_signin");
    await expectAccessible(page, "sign-in page with the passkey button");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.waitForURL((url) => url.pathname === "/_usersSettings/tokens");
    await page.getByRole("heading", { name: "Personal access tokens", exact: true }).waitFor();

    await page.goto("/_usersSettings/profile");
    await eventually(() => row.getByRole("cell").nth(2).textContent()).not.toBe("Never");
    await page.getByRole("button", { name: "Rename Work laptop" }).click();
    const rename = page.getByRole("alertdialog", { name: "Rename passkey" });
    await rename.getByRole("textbox", { name: "Name" }).fill("Laptop");
    await rename.getByRole("button", { name: "Save" }).click();
    await section
      .getByRole("row", { name: /Laptop/ })
      .getByRole("button", { name: "Remove Laptop" })
      .click();
    const confirm = page.getByRole("alertdialog", { name: "Remove passkey?" });
    await expectAccessible(page, "profile page, remove passkey dialog");
    await confirm.getByRole("button", { name: "Remove passkey" }).click();
    await section.getByText("You have no passkeys yet.").waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await eventually(() => new URL(page.url()).pathname).toBe("/_signin");
    // The authenticator still holds the passkey; Patina no longer accepts it.
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await eventually(() => page.getByRole("alert").textContent()).toBe(
      "This passkey could not be used to sign in. It may have been removed from your account.",
    );
    expect(new URL(page.url()).pathname).toBe("/_signin");
    expect(errors).toEqual([]);
  });
});
