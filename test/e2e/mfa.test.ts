/**
 * Two-factor authentication in Chromium: set up an authenticator app on the Profile page (the
 * test reads the key from the page and computes codes with otplib), sign out, sign in with the
 * password and a code, then with a recovery code; and the step-up dialog when a Full access token
 * is created after the window has passed.
 */
import { generate } from "otplib";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectAccessible,
  type LiveServer,
  launchBrowser,
  newContext,
  PASSWORD,
  signInThroughPage,
  startLiveServer,
  watchForPageErrors,
} from "./support.js";
import { startNewToken, takeShownToken } from "./tokens-page.js";

describe("two-factor authentication", () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("alice", { password: PASSWORD });
    await live.t.createOrg("acme", "alice");
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  // The server's clock is the test app's manual clock: codes are computed for its time.
  const codeNow = (secret: string) => generate({ secret, epoch: Math.floor(live.t.clock.now().getTime() / 1000) });

  it("enrols on the Profile page, then signs in with a code and with a recovery code", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    const errors = watchForPageErrors(page);
    await signInThroughPage(page, "alice");
    await page.goto("/_usersSettings/profile");
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(page.getByRole("img", { name: "QR code for your authenticator app" }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, "profile: TOTP enrolment");
    await page.getByRole("textbox", { name: "Code from the app" }).fill(await codeNow(secret));
    await page.getByRole("button", { name: "Confirm" }).click();
    const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    const recoveryCode = (await codes.first().textContent()) ?? "";
    await expectAccessible(page, "profile: recovery codes");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/_signin");
    live.t.clock.advance(60_000); // a later step than the one that confirmed the app
    await page.getByLabel("Username").fill("alice");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    const codeBox = page.getByRole("textbox", { name: "Code from your authenticator app" });
    await codeBox.waitFor();
    await expectAccessible(page, "sign-in: second factor");
    await codeBox.fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByText("The code is incorrect.").waitFor();
    await codeBox.fill(await codeNow(secret));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL((url) => url.pathname === "/_usersSettings/tokens");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/_signin");
    await page.getByLabel("Username").fill("alice");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByRole("textbox", { name: "Recovery code" }).fill(recoveryCode);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL((url) => url.pathname === "/_usersSettings/tokens");

    // Step-up: past the window, a Full access token asks for the password and code again, then is created.
    live.t.clock.advance(20 * 60_000);
    await page.goto("/acme/_usersSettings/tokens");
    const panel = await startNewToken(page, "everything");
    await panel.getByRole("radio", { name: "Full access" }).check();
    await panel.getByRole("button", { name: "Create", exact: true }).click();
    const confirm = page.getByRole("alertdialog", { name: "Confirm it's you" });
    await confirm.waitFor();
    await expectAccessible(page, "step-up dialog");
    await confirm.getByLabel("Password").fill(PASSWORD);
    await confirm.getByRole("textbox", { name: "Code from your authenticator app" }).fill(await codeNow(secret));
    await confirm.getByRole("button", { name: "Confirm" }).click();
    await takeShownToken(page);
    expect(errors).toEqual([]);
  });
});
