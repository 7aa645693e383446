/**
 * Organization settings → Users and Instance settings → Users in Chromium against a real server.
 * An organization administrator adds a member (an unknown name is refused in words), changes
 * their role, cannot demote or remove the last administrator, and removes the member with the
 * keyboard only, after which the member's token no longer works in the organization. An instance
 * administrator creates a user who then signs in, cannot disable their own account, and disables
 * the new user, whose sign-in then fails. Every page and dialog state is checked with axe-core on
 * a desktop and a phone, and nothing scrolls sideways at 390 px.
 */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  expectAccessible,
  expectNoSidewaysScroll,
  fetchWithToken,
  hasFocus,
  type LiveServer,
  launchBrowser,
  newContext,
  newPhoneContext,
  PASSWORD,
  saveScreenshot,
  signInThroughPage,
  startLiveServer,
  tabTo,
  watchForPageErrors,
} from "./support.js";

/** The table row of a user, found by their username (shown under the name). */
function userRow(page: Page, username: string): Locator {
  return page.getByRole("row").filter({ has: page.getByText(username, { exact: true }) });
}

/** The sign-in page's answer for a user and password: "signed in" or the error shown. */
async function trySignIn(browser: Browser, baseUrl: string, username: string, password: string): Promise<string> {
  const context = await newContext(browser, baseUrl);
  try {
    const page = await context.newPage();
    await page.goto("/_signin");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const tokens = page.getByRole("heading", { name: "Personal access tokens", exact: true });
    const error = page.getByRole("alert");
    await tokens.or(error).first().waitFor();
    return (await tokens.isVisible()) ? "signed in" : ((await error.textContent()) ?? "");
  } finally {
    await context.close();
  }
}

describe("Organization settings → Users", () => {
  let live: LiveServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("alice", { password: PASSWORD, admin: true });
    await live.t.createUser("bob", { password: PASSWORD });
    await live.t.createOrg("acme", "alice");
    await live.t.createProject("acme", "web");
    context = await newContext(browser, live.baseUrl);
    page = await context.newPage();
    pageErrors = watchForPageErrors(page);
    await signInThroughPage(page, "alice");
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it("lists the members with their roles", async () => {
    await page.goto("/acme/_settings/users");
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    const alice = userRow(page, "alice");
    await eventually(() => alice.count()).toBe(1);
    expect(await alice.textContent()).toContain("(you)");
    expect(await alice.getByRole("combobox", { name: "Role of alice" }).inputValue()).toBe("admin");
    await expectAccessible(page, "members, desktop");
  });

  it("refuses an unknown user in words, then adds bob as a reader", async () => {
    await page.getByRole("button", { name: "Add member" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    await eventually(() => dialog.getByText("Enter the user's username.").isVisible()).toBe(true);
    await dialog.getByRole("textbox", { name: "Username" }).fill("nobody");
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    await eventually(() => dialog.getByRole("alert").textContent()).toContain('There is no user named "nobody"');
    await expectAccessible(page, "members, desktop, add dialog with an error");
    await dialog.getByRole("textbox", { name: "Username" }).fill("bob");
    await dialog.getByRole("combobox", { name: "Role" }).selectOption({ label: "Reader" });
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    await eventually(() => page.getByRole("dialog").count()).toBe(0);
    await eventually(() => page.getByRole("status").textContent()).toBe("bob was added as Reader.");
    await eventually(() => userRow(page, "bob").count()).toBe(1);
    expect(await page.getByRole("combobox", { name: "Role of bob" }).inputValue()).toBe("reader");
  });

  it("says so when a user is already a member", async () => {
    await page.getByRole("button", { name: "Add member" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Username" }).fill("bob");
    await dialog.getByRole("button", { name: "Add", exact: true }).click();
    await eventually(() => dialog.getByRole("alert").textContent()).toContain("bob is already a member");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await eventually(() => page.getByRole("dialog").count()).toBe(0);
  });

  it("changes bob's role with the row's Select; the change holds after a reload", async () => {
    await page.getByRole("combobox", { name: "Role of bob" }).selectOption({ label: "Contributor" });
    await eventually(() => page.getByRole("status").textContent()).toBe("bob is now Contributor.");
    await page.reload();
    await eventually(() => page.getByRole("combobox", { name: "Role of bob" }).inputValue()).toBe("contributor");
    await saveScreenshot(page, "admin-members");
  });

  it("will not demote the last administrator, and says why", async () => {
    await page.getByRole("combobox", { name: "Role of alice" }).selectOption({ label: "Reader" });
    await eventually(() => page.getByRole("alert").textContent()).toContain("alice stays Administrator");
    expect(await page.getByRole("combobox", { name: "Role of alice" }).inputValue()).toBe("admin");
    await expectAccessible(page, "members, desktop, last admin error");
  });

  it("will not remove the last administrator, and says why in the dialog", async () => {
    await userRow(page, "alice").getByRole("button", { name: "Remove alice" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByRole("button", { name: "Remove member" }).click();
    await eventually(() => dialog.getByRole("alert").count()).toBe(1);
    expect((await dialog.getByRole("alert").textContent())?.length).toBeGreaterThan(10);
    await expectAccessible(page, "members, desktop, remove dialog with an error");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await eventually(() => page.getByRole("alertdialog").count()).toBe(0);
    expect(await userRow(page, "alice").count()).toBe(1);
  });

  it("finds members by search, kept in the URL", async () => {
    await page.getByRole("searchbox", { name: "Search members" }).fill("bo");
    await eventually(() => new URL(page.url()).searchParams.get("search")).toBe("bo");
    await eventually(() => userRow(page, "alice").count()).toBe(0);
    expect(await userRow(page, "bob").count()).toBe(1);
    await page.reload();
    await eventually(() => userRow(page, "bob").count()).toBe(1);
    expect(await userRow(page, "alice").count()).toBe(0);
    await page.getByRole("searchbox", { name: "Search members" }).fill("");
    await eventually(() => userRow(page, "alice").count()).toBe(1);
  });

  it("removes bob with the keyboard only; bob's token stops working in acme", async () => {
    const token = (await live.t.mintToken("bob", { org: "acme", scope: "vso.project", name: "bob's" })).token;
    expect((await fetchWithToken(live.baseUrl, "/acme/_apis/projects?api-version=7.1", token)).status).toBe(200);

    const remove = userRow(page, "bob").getByRole("button", { name: "Remove bob" });
    await tabTo(page, remove);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("alertdialog");
    await dialog.getByRole("heading", { name: "Remove bob from acme?" }).waitFor();
    await eventually(() => hasFocus(dialog.getByRole("button", { name: "Cancel" }))).toBe(true);
    await expectAccessible(page, "members, desktop, remove dialog");
    // Escape first: nothing happens, and focus is back on the row's button.
    await page.keyboard.press("Escape");
    await eventually(() => dialog.count()).toBe(0);
    await eventually(() => hasFocus(remove)).toBe(true);

    await page.keyboard.press("Enter");
    await dialog.getByRole("heading", { name: "Remove bob from acme?" }).waitFor();
    await eventually(() => hasFocus(dialog.getByRole("button", { name: "Cancel" }))).toBe(true);
    await page.keyboard.press("Tab");
    expect(await hasFocus(dialog.getByRole("button", { name: "Remove member" }))).toBe(true);
    await page.keyboard.press("Enter");
    await eventually(() => page.getByRole("alertdialog").count()).toBe(0);
    await eventually(() => userRow(page, "bob").count()).toBe(0);
    await eventually(() => page.getByRole("status").textContent()).toContain("bob was removed from acme");
    await eventually(() => hasFocus(page.getByRole("button", { name: "Add member" }))).toBe(true);

    const after = await fetchWithToken(live.baseUrl, "/acme/_apis/projects?api-version=7.1", token);
    expect([401, 403]).toContain(after.status);
  });

  it("works on a phone: stacked rows, dialogs, no sideways scroll", async () => {
    await live.t.addMember("acme", "bob", "reader");
    const phone = await newPhoneContext(browser, live.baseUrl);
    const phonePage = await phone.newPage();
    const errors = watchForPageErrors(phonePage);
    await signInThroughPage(phonePage, "alice");
    await phonePage.goto("/acme/_settings/users");
    await eventually(() => userRow(phonePage, "bob").count()).toBe(1);
    await expectNoSidewaysScroll(phonePage);
    await expectAccessible(phonePage, "members, phone");
    await saveScreenshot(phonePage, "admin-members-phone");

    await phonePage.getByRole("button", { name: "Add member" }).click();
    await phonePage.getByRole("dialog").getByRole("textbox", { name: "Username" }).waitFor();
    await expectNoSidewaysScroll(phonePage);
    await expectAccessible(phonePage, "members, phone, add dialog");
    await phonePage.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await eventually(() => phonePage.getByRole("dialog").count()).toBe(0);

    await userRow(phonePage, "bob").getByRole("button", { name: "Remove bob" }).click();
    await phonePage.getByRole("alertdialog").getByRole("heading", { name: "Remove bob from acme?" }).waitFor();
    await expectNoSidewaysScroll(phonePage);
    await expectAccessible(phonePage, "members, phone, remove dialog");
    await phonePage.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
    expect(errors).toEqual([]);
    await phone.close();
  });

  describe("Instance settings → Users", () => {
    it("lists the accounts and says that one's own cannot be disabled", async () => {
      await page.goto("/_settings/users");
      await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
      const alice = userRow(page, "alice");
      await eventually(() => alice.count()).toBe(1);
      expect(await alice.textContent()).toContain("Instance administrator");
      expect(await alice.getByText("You cannot disable your own account.").isVisible()).toBe(true);
      expect(await alice.getByRole("button", { name: "Disable alice" }).getAttribute("aria-disabled")).toBe("true");
      await alice.getByRole("button", { name: "Disable alice" }).click({ force: true });
      expect(await page.getByRole("alertdialog").count(), "no dialog for one's own account").toBe(0);
      await expectAccessible(page, "instance users, desktop");
    });

    it("creates a user who can then sign in", async () => {
      await page.getByRole("button", { name: "Create user" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: "Create", exact: true }).click();
      await eventually(() => dialog.getByText("Enter a username.").isVisible()).toBe(true);
      expect(await dialog.getByText("Enter an email address.").isVisible()).toBe(true);
      expect(await dialog.getByText("Enter an initial password.").isVisible()).toBe(true);
      await expectAccessible(page, "instance users, desktop, create dialog with errors");
      await dialog.getByRole("textbox", { name: "Username" }).fill("dave");
      await dialog.getByRole("textbox", { name: "Email" }).fill("dave@example.com");
      await dialog.getByRole("textbox", { name: "Display name" }).fill("Dave Jones");
      await dialog.getByLabel("Initial password").fill(PASSWORD);
      await dialog.getByRole("button", { name: "Create", exact: true }).click();
      await eventually(() => page.getByRole("dialog").count()).toBe(0);
      await eventually(() => page.getByRole("status").textContent()).toContain("dave was created");
      const dave = userRow(page, "dave");
      await eventually(() => dave.count()).toBe(1);
      expect(await dave.textContent()).toContain("Dave Jones");
      expect(await dave.textContent()).toContain("Active");
      expect(await trySignIn(browser, live.baseUrl, "dave", PASSWORD)).toBe("signed in");
    });

    it("says when a username is taken", async () => {
      await page.getByRole("button", { name: "Create user" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("textbox", { name: "Username" }).fill("dave");
      await dialog.getByRole("textbox", { name: "Email" }).fill("other@example.com");
      await dialog.getByLabel("Initial password").fill(PASSWORD);
      await dialog.getByRole("button", { name: "Create", exact: true }).click();
      await eventually(() => dialog.getByRole("alert").count()).toBe(1);
      expect(await dialog.getByRole("alert").textContent()).toMatch(/dave/);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await eventually(() => page.getByRole("dialog").count()).toBe(0);
    });

    it("disables dave after a confirmation: his sign-in then fails; enabling lets him back", async () => {
      const dave = userRow(page, "dave");
      await dave.getByRole("button", { name: "Disable dave" }).click();
      const dialog = page.getByRole("alertdialog");
      await dialog.getByRole("heading", { name: "Disable dave?" }).waitFor();
      await expectAccessible(page, "instance users, desktop, disable dialog");
      await dialog.getByRole("button", { name: "Disable user" }).click();
      await eventually(() => page.getByRole("alertdialog").count()).toBe(0);
      await eventually(() => dave.textContent()).toContain("Disabled");
      await eventually(() => hasFocus(dave.getByRole("button", { name: "Enable dave" }))).toBe(true);
      expect(await trySignIn(browser, live.baseUrl, "dave", PASSWORD)).toBe("The username or password is incorrect.");

      await dave.getByRole("button", { name: "Enable dave" }).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Enable user" }).click();
      await eventually(() => dave.textContent()).toContain("Active");
      expect(await trySignIn(browser, live.baseUrl, "dave", PASSWORD)).toBe("signed in");
    });

    it("finds users by search, kept in the URL", async () => {
      await page.getByRole("searchbox", { name: "Search users" }).fill("dav");
      await eventually(() => new URL(page.url()).searchParams.get("search")).toBe("dav");
      await eventually(() => userRow(page, "alice").count()).toBe(0);
      expect(await userRow(page, "dave").count()).toBe(1);
    });

    it("works on a phone: stacked rows, dialogs, no sideways scroll", async () => {
      const phone = await newPhoneContext(browser, live.baseUrl);
      const phonePage = await phone.newPage();
      const errors = watchForPageErrors(phonePage);
      await signInThroughPage(phonePage, "alice");
      await phonePage.goto("/_settings/users");
      await eventually(() => userRow(phonePage, "dave").count()).toBe(1);
      await expectNoSidewaysScroll(phonePage);
      await expectAccessible(phonePage, "instance users, phone");
      await phonePage.getByRole("button", { name: "Create user" }).click();
      await phonePage.getByRole("dialog").getByRole("textbox", { name: "Username" }).waitFor();
      await expectNoSidewaysScroll(phonePage);
      await expectAccessible(phonePage, "instance users, phone, create dialog");
      await phonePage.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
      await eventually(() => phonePage.getByRole("dialog").count()).toBe(0);
      await userRow(phonePage, "dave").getByRole("button", { name: "Disable dave" }).click();
      await phonePage.getByRole("alertdialog").getByRole("heading", { name: "Disable dave?" }).waitFor();
      await expectNoSidewaysScroll(phonePage);
      await expectAccessible(phonePage, "instance users, phone, disable dialog");
      await phonePage.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
      expect(errors).toEqual([]);
      await phone.close();
    });
  });

  it("pages the users with Load more", async () => {
    for (let index = 0; index < 50; index++) {
      await live.t.createUser(`user-${String(index).padStart(2, "0")}`);
    }
    await page.goto("/_settings/users");
    const rows = page.getByRole("row");
    await eventually(() => rows.count()).toBe(51);
    await page.getByRole("button", { name: "Load more" }).click();
    await eventually(() => page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    expect(await rows.count(), "header + alice, bob, dave and 50 more").toBe(54);
  });

  it("loaded every page without script errors or policy violations", () => {
    expect(pageErrors).toEqual([]);
  });
});
