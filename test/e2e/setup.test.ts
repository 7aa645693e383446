/**
 * First-run setup in Chromium: on a store with no users the setup page refuses without the
 * console's one-time code (and with a wrong one), creates the first administrator and
 * organization with it, signs them in, and is over for good afterwards.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  type LiveServer,
  launchBrowser,
  newContext,
  PASSWORD,
  saveScreenshot,
  startLiveServer,
  watchForPageErrors,
} from "./support.js";

describe("first-run setup", () => {
  let live: LiveServer;
  let browser: Browser;
  let code: string;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    const pending = live.t.app.setupCode();
    if (pending === null) throw new Error("a store without users should have a setup code");
    code = pending;
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  const freshPage = async () => (await newContext(browser, live.baseUrl)).newPage();

  async function fillSetup(page: Page) {
    const field = (name: string) => page.getByRole("textbox", { name, exact: true });
    await field("Username").fill("root");
    await field("Display name").fill("Ada Admin");
    await field("Email").fill("ada@example.com");
    await field("Password").fill(PASSWORD);
    await field("Confirm password").fill(PASSWORD);
    await field("Organization name").fill("acme");
  }

  it("tells visitors of the sign-in page that setup is pending", async () => {
    const page = await freshPage();
    await page.goto("/_signin");
    await page.getByText("Patina has no users yet.").waitFor();
  });

  it("refuses without the code", async () => {
    const page = await freshPage();
    await page.goto("/_setup");
    await eventually(() => page.getByRole("alert").textContent()).toContain("refuses to set up Patina");
    expect(await page.getByRole("button", { name: "Complete setup" }).count()).toBe(0);
  });

  it("refuses a wrong code and creates nothing", async () => {
    const page = await freshPage();
    await page.goto("/_setup?code=not-the-code");
    await fillSetup(page);
    await page.getByRole("button", { name: "Complete setup" }).click();
    await eventually(() => page.getByRole("alert").textContent()).toContain("The setup code is not valid");
    expect(new URL(page.url()).pathname).toBe("/_setup");
    expect(live.t.app.setupCode()).toBe(code);
  });

  it("creates the first administrator and organization with the code, and signs them in", async () => {
    const page = await freshPage();
    const errors = watchForPageErrors(page);
    await page.goto(`/_setup?code=${encodeURIComponent(code)}`);
    await page.getByRole("heading", { name: "Set up Patina" }).waitFor();
    await fillSetup(page);
    await saveScreenshot(page, "setup");
    await page.getByRole("button", { name: "Complete setup" }).click();
    await eventually(() => new URL(page.url()).pathname).toBe("/_usersSettings/tokens");
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    expect(await page.locator("header").textContent()).toContain("Ada Admin");
    await page.getByRole("button", { name: "New Token" }).click();
    const organization = page.getByRole("dialog").getByRole("combobox", { name: "Organization" });
    await eventually(() => organization.inputValue()).toBe("acme");
    expect(errors).toEqual([]);
  });

  it("is over for good once done, whatever code is presented", async () => {
    expect(live.t.app.setupCode()).toBeNull();
    const page = await freshPage();
    await page.goto(`/_setup?code=${encodeURIComponent(code)}`);
    await page.getByRole("heading", { name: "Patina is already set up" }).waitFor();
    expect(await page.getByRole("button", { name: "Complete setup" }).count()).toBe(0);
  });
});
