/**
 * A sweep of every page of the app, as a signed-out visitor, a member and an administrator, at
 * desktop size and at 390 px: each renders its heading, passes axe-core (no critical or serious
 * violation), does not scroll sideways on a phone, has its own tab title, and leaves the focus on
 * the page (never <body>, where Fluent's hidden focus guards become tabbable). The pages' own
 * tests cover their dialogs and tasks; this one makes sure no page is left out.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  expectAccessible,
  expectNoSidewaysScroll,
  focusedElement,
  type LiveServer,
  launchBrowser,
  newContext,
  newPhoneContext,
  PASSWORD,
  signInThroughPage,
  startLiveServer,
  watchForPageErrors,
} from "./support.js";

type Viewport = "desktop" | "phone";
const VIEWPORTS: readonly Viewport[] = ["desktop", "phone"];

/** Pages an instance administrator who administers `acme` can open, with their heading. */
const SIGNED_IN_PAGES: readonly { path: string; heading: string }[] = [
  { path: "/_usersSettings/tokens", heading: "Personal access tokens" },
  { path: "/acme/_usersSettings/tokens", heading: "Personal access tokens" },
  { path: "/_usersSettings/profile", heading: "Profile" },
  { path: "/_usersSettings/tokens/5b0c43f2-8d52-4b43-9d9e-2a4f8f1f3c11", heading: "Token not found" },
  { path: "/acme/_settings/policies", heading: "Policies" },
  { path: "/acme/_settings/tokens", heading: "Personal access tokens" },
  { path: "/acme/_settings/audit", heading: "Audit log" },
  { path: "/acme/_settings/users", heading: "Users" },
  { path: "/_settings/users", heading: "Users" },
  { path: "/_settings/policies", heading: "Policies" },
  { path: "/no/such/page", heading: "Page not found" },
];

describe("every page", () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  const contextFor = (viewport: Viewport): Promise<BrowserContext> =>
    viewport === "phone" ? newPhoneContext(browser, live.baseUrl) : newContext(browser, live.baseUrl);

  /** What has focus, as its tag name. */

  async function expectPageFine(page: Page, viewport: Viewport, what: string): Promise<void> {
    if (viewport === "phone") await expectNoSidewaysScroll(page);
    await expectAccessible(page, `${what}, ${viewport}`);
    expect(await page.title(), what).toMatch(/ · Patina$/);
  }

  it("checks the setup page before anyone exists, on both viewports", async () => {
    for (const viewport of VIEWPORTS) {
      const page = await (await contextFor(viewport)).newPage();
      const errors = watchForPageErrors(page);
      await page.goto("/_setup?code=not-the-code");
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await expectPageFine(page, viewport, "setup page");
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it("checks the sign-in page, with and without an error, on both viewports", async () => {
    await live.t.createUser("ada", { admin: true, password: PASSWORD });
    await live.t.createOrg("acme", "ada");
    for (const viewport of VIEWPORTS) {
      const page = await (await contextFor(viewport)).newPage();
      await page.goto("/_signin");
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      await expectPageFine(page, viewport, "sign-in page");
      await page.getByLabel("Username").fill("ada");
      await page.getByLabel("Password").fill("not the password");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByText("The username or password is incorrect.").waitFor();
      await expectPageFine(page, viewport, "sign-in page, wrong password");
      await page.context().close();
    }
  });

  it("checks every signed-in page for an administrator, on both viewports", async () => {
    for (const viewport of VIEWPORTS) {
      const page = await (await contextFor(viewport)).newPage();
      const errors = watchForPageErrors(page);
      await signInThroughPage(page, "ada");
      for (const { path, heading } of SIGNED_IN_PAGES) {
        await page.goto(path);
        await page.getByRole("heading", { name: heading, level: 1 }).first().waitFor();
        await expectPageFine(page, viewport, path);
        // On arrival the focus is on the page, not on <body>.
        await eventually(() => focusedElement(page)).not.toBe("body");
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it("tells a member without the role that settings are not available, accessibly", async () => {
    await live.t.createUser("mo", { password: PASSWORD });
    await live.t.addMember("acme", "mo", "reader");
    for (const viewport of VIEWPORTS) {
      const page = await (await contextFor(viewport)).newPage();
      await signInThroughPage(page, "mo");
      for (const path of ["/acme/_settings/policies", "/_settings/users"]) {
        await page.goto(path);
        await page.getByText("Only administrators can see").waitFor();
        await expectPageFine(page, viewport, `${path} as a member`);
      }
      // A member's header offers no settings link.
      await page.goto("/_usersSettings/tokens");
      await page.getByRole("heading", { name: "Personal access tokens", level: 1 }).waitFor();
      expect(await page.getByRole("link", { name: /^(Organization|Instance) settings$/ }).count()).toBe(0);
      await page.context().close();
    }
  });

  it("keeps focus on the page after a click on blank space", async () => {
    const page = await (await contextFor("desktop")).newPage();
    await signInThroughPage(page, "ada");
    await page.goto("/acme/_settings/policies");
    await page.getByRole("heading", { name: "Policies", level: 1 }).waitFor();
    await page.mouse.click(1200, 780);
    await eventually(() => focusedElement(page)).not.toBe("body");
    await expectAccessible(page, "policies after a click on blank space");
    await page.context().close();
  });
});
