/**
 * Organization settings → Policies and Instance settings → Policies in Chromium: an org admin
 * turns on "Restrict full-scoped PAT creation" and a member's Full access token is then refused
 * with the policy's message; out-of-range lifespans show the server's message next to the field
 * and change nothing; an instance admin sees the instance's value and which level wins; a member
 * who is not an admin gets "Not available". Every state through axe-core, desktop and 390 px.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/test-app.js";
import { descriptionOf, lifespanField, policySwitch } from "./admin-pages.js";
import {
  animationsSettled,
  eventually,
  expectAccessible as expectAccessibleNow,
  expectNoSidewaysScroll,
  type LiveServer,
  launchBrowser,
  newContext,
  newPhoneContext,
  PASSWORD,
  saveScreenshot,
  signInThroughPage,
  startLiveServer,
  watchForPageErrors,
} from "./support.js";
import { startNewToken } from "./tokens-page.js";

/** axe-core once the page's transitions have ended. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  await animationsSettled(page);
  await expectAccessibleNow(page, state);
}

const FULL_SCOPE = "Restrict full-scoped personal access token creation";

describe("the Policies pages", () => {
  let live: LiveServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("alice", { password: PASSWORD, admin: true });
    await live.t.createUser("dave", { password: PASSWORD });
    await live.t.createUser("bob", { password: PASSWORD });
    await live.t.createOrg("acme", "alice");
    await live.t.addMember("acme", "dave", "admin");
    await live.t.addMember("acme", "bob", "contributor");
  });
  afterAll(async () => {
    expect(errors).toEqual([]);
    await browser?.close();
    await live?.close();
  });

  async function signedIn(username: string, phone = false): Promise<Page> {
    const context = phone ? await newPhoneContext(browser, live.baseUrl) : await newContext(browser, live.baseUrl);
    const page = await context.newPage();
    errors.push(...watchForPageErrors(page));
    await signInThroughPage(page, username);
    return page;
  }

  let adminToken = "";
  const orgPolicy = async () => {
    adminToken ||= (await live.t.mintToken("alice", { org: "acme", scope: "vso.tokenadministration" })).token;
    const token = adminToken;
    return (await call(live.t, "GET", "/acme/_apis/patina/policies", { token })).json() as {
      values: Record<string, unknown>;
    };
  };

  it("an org admin turns on Restrict full-scoped PAT creation; the page says it is saved", async () => {
    const page = await signedIn("dave");
    await page.goto("/acme/_settings/policies");
    await page.getByRole("heading", { name: "Policies", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Creating tokens" }).waitFor();
    const toggle = policySwitch(page, FULL_SCOPE);
    expect(await toggle.isChecked()).toBe(false);
    expect(await descriptionOf(toggle)).toContain("People cannot create Full access tokens");
    // dave administers acme but not the instance: no instance column.
    expect(await page.getByText(/^Instance: /).count()).toBe(0);
    await expectAccessible(page, "org policies, desktop");
    await toggle.check();
    await expectAccessible(page, "org policies, desktop, changed");
    await page.getByRole("button", { name: "Save" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("Policies saved.");
    await expectAccessible(page, "org policies, desktop, saved");
    expect(await toggle.isChecked()).toBe(true);
    expect((await orgPolicy()).values.restrictFullScopePatCreation).toBe(true);
    await page.reload();
    await eventually(() => policySwitch(page, FULL_SCOPE).isChecked()).toBe(true);
    await eventually(() => page.getByText(/Last changed .* by dave/).isVisible()).toBe(true);
    await page.context().close();
  });

  it("then a member's Full access token is refused with the policy's message", async () => {
    const page = await signedIn("bob");
    await page.goto("/acme/_usersSettings/tokens");
    const panel = await startNewToken(page, "everything");
    await panel.getByRole("radio", { name: "Full access" }).check();
    await panel.getByRole("button", { name: "Create", exact: true }).click();
    await eventually(() => panel.textContent()).toContain("does not allow Full access tokens");
    expect(await page.getByRole("heading", { name: "Success!" }).count()).toBe(0);
    await page.context().close();
  });

  it("a member who is not an admin gets Not available", async () => {
    const page = await signedIn("bob");
    await page.goto("/acme/_settings/policies");
    await eventually(() => page.getByText("Not available").isVisible()).toBe(true);
    expect(await page.getByRole("switch").count()).toBe(0);
    await expectAccessible(page, "org policies, not an admin");
    await page.context().close();
  });

  it("shows the server's message next to the lifespan for 0 and for a huge number, and changes nothing", async () => {
    const page = await signedIn("dave");
    await page.goto("/acme/_settings/policies");
    const lifespan = lifespanField(page);
    for (const bad of ["0", "100000"]) {
      await lifespan.fill(bad);
      await page.getByRole("button", { name: "Save" }).click();
      await eventually(() => descriptionOf(lifespan)).toContain(
        "maxPatLifespanDays must be a whole number of days from 1 to 365",
      );
      expect(await lifespan.getAttribute("aria-invalid")).toBe("true");
      await expectAccessible(page, `org policies, desktop, lifespan ${bad} refused`);
      expect((await orgPolicy()).values.maxPatLifespanDays).toBeNull();
    }
    // Editing the field clears the stale message.
    await lifespan.fill("90");
    expect(await descriptionOf(lifespan)).not.toContain("must be a whole number");
    await page.getByRole("button", { name: "Save" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("Policies saved.");
    expect((await orgPolicy()).values.maxPatLifespanDays).toBe(90);
    await page.context().close();
  });

  it("an unknown user on the allow list gets the server's message next to the allow list", async () => {
    const page = await signedIn("dave");
    await page.goto("/acme/_settings/policies");
    const entry = page.getByRole("textbox", { name: "Username to allow" });
    await entry.fill("nobody-here");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("listitem").filter({ hasText: "nobody-here" }).waitFor();
    await page.getByRole("button", { name: "Save" }).click();
    await eventually(() => descriptionOf(entry)).toContain("patCreationAllowList: no user 'nobody-here'");
    await page.getByRole("button", { name: "Remove nobody-here" }).click();
    await entry.fill("bob");
    await entry.press("Enter");
    await policySwitch(page, "Restrict personal access token creation").check();
    await policySwitch(page, "Allow packaging tokens for everyone else").check();
    await page.getByRole("button", { name: "Save" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("Policies saved.");
    const values = (await orgPolicy()).values;
    expect(values.patCreationAllowList).toEqual(["bob"]);
    expect(values.allowPackagingPatsForOthers).toBe(true);
    await page.context().close();
  });

  it("an instance admin edits the instance's policy, and the organization's page says which level wins", async () => {
    const page = await signedIn("alice");
    await page.goto("/_settings/policies");
    await page.getByRole("heading", { name: "Policies", level: 1 }).waitFor();
    await expectAccessible(page, "instance policies, desktop");
    // Instance-only: the retirement date of global tokens; organization-only keys are absent.
    await page.getByLabel("Retire global personal access tokens").waitFor();
    expect(
      await page.getByRole("switch", { name: "Restrict personal access token creation", exact: true }).count(),
    ).toBe(0);
    await lifespanField(page).fill("30");
    await page.getByRole("button", { name: "Save" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("Policies saved.");

    await page.goto("/acme/_settings/policies");
    await page
      .getByText("Instance: 30 days. Applies here: 30 days: the instance's setting wins (the stricter).")
      .waitFor();
    await page.getByText("Instance: Off. Applies here: On: this organization's setting wins (the stricter).").waitFor();
    // Restrict global PAT creation: off at both levels.
    expect(await page.getByText("Instance: Off. Applies here: Off: both levels agree.").count()).toBeGreaterThan(0);
    await page.getByText("Set by the instance's policy: Never.").waitFor();
    await expectAccessible(page, "org policies as instance admin, desktop");
    await saveScreenshot(page, "admin-policies");
    await page.context().close();
  });

  it("works at phone width without sideways scrolling (org and instance pages, error state)", async () => {
    const page = await signedIn("alice", true);
    for (const path of ["/acme/_settings/policies", "/_settings/policies"]) {
      await page.goto(path);
      await lifespanField(page).waitFor();
      await expectNoSidewaysScroll(page);
      await expectAccessible(page, `${path}, phone`);
      await lifespanField(page).fill("0");
      await page.getByRole("button", { name: "Save" }).click();
      await eventually(() => descriptionOf(lifespanField(page))).toContain("maxPatLifespanDays must be");
      await expectNoSidewaysScroll(page);
      await expectAccessible(page, `${path}, phone, error`);
    }
    await page.context().close();
  });
});
