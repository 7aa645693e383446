/**
 * The token forms and dialogs in Chromium, as a user meets them: messages that go as fields are
 * fixed, scopes that say what they allow (and when the user's role will not), a success panel
 * that is hard to lose, Cancel-first red confirmations, a session that ends mid-form without
 * losing the form, the profile page with its password change, Azure DevOps' URLs, links and tab
 * titles, and the whole create-copy-close-revoke path with the keyboard only. Every state is
 * checked with axe-core on the desktop and at phone width.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  animationsSettled,
  eventually,
  expectAccessible,
  expectNoSidewaysScroll,
  focusedElement,
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
import {
  chooseScope,
  createTokenThroughPage,
  startNewToken,
  takeShownToken,
  tokenCard,
  tokenRow,
} from "./tokens-page.js";

type Role = "textbox" | "radiogroup" | "combobox";

/** The Field (label, control, message) around the control with this role and name. */
function fieldOf(page: Page, role: Role, name: string): Locator {
  return page
    .getByRole("dialog")
    .locator(".fui-Field")
    .filter({ has: page.getByRole(role, { name, exact: true }) });
}

/** The validation messages shown in the open panel. */
const messagesIn = (page: Page) => page.getByRole("dialog").locator(".fui-Field__validationMessage");

/**
 * Asserts that a panel or dialog fits the viewport and does not scroll sideways inside. (The
 * token list behind it is another part's; expectNoSidewaysScroll checks the whole page where
 * no list is shown.)
 */
async function expectFits(target: Locator): Promise<void> {
  const box = await target.evaluate(
    (element: {
      scrollWidth: number;
      clientWidth: number;
      getBoundingClientRect(): { right: number };
      ownerDocument: { defaultView: { innerWidth: number } | null };
    }) => ({
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
      right: element.getBoundingClientRect().right,
      innerWidth: element.ownerDocument.defaultView?.innerWidth ?? 0,
    }),
  );
  expect(box.scrollWidth, "scrolls sideways inside").toBeLessThanOrEqual(box.clientWidth);
  expect(box.right, "wider than the viewport").toBeLessThanOrEqual(box.innerWidth);
}

describe("token forms and dialogs", () => {
  let live: LiveServer;
  let browser: Browser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    for (const user of ["alice", "rita", "bob", "paula", "kim", "sam", "phil"]) {
      ids[user] = await live.t.createUser(user, { password: PASSWORD });
    }
    await live.t.createOrg("acme", "alice");
    await live.t.createOrg("beta", "alice");
    for (const user of ["rita", "bob", "paula", "kim", "sam", "phil"]) await live.t.addMember("acme", user, "reader");
    await live.t.addMember("beta", "rita", "contributor");
    await live.t.addMember("beta", "paula", "admin");
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  async function signedIn(user: string, phone = false): Promise<{ page: Page; errors: string[] }> {
    const context = phone ? await newPhoneContext(browser, live.baseUrl) : await newContext(browser, live.baseUrl);
    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    await signInThroughPage(page, user);
    return { page, errors };
  }

  /** Ends every session of a user on the server, as an expiry or a sign-out elsewhere would. */
  const endSessions = (user: string) =>
    live.t.app.services.store.db
      .deleteFrom("sessions")
      .where("userId", "=", ids[user] ?? "")
      .execute();

  it("takes each message away as its field is fixed, and the server's on the next edit", async () => {
    const { page, errors } = await signedIn("rita");
    const panel = await startNewToken(page, "");
    await panel.getByRole("combobox", { name: "Expiration (UTC)" }).selectOption({ label: "Custom defined" });
    await panel.getByRole("button", { name: "Create", exact: true }).click();
    await eventually(() => messagesIn(page).count()).toBe(3);
    expect(await fieldOf(page, "textbox", "Name").textContent()).toContain("Enter a name for the token.");
    expect(await fieldOf(page, "radiogroup", "Scopes").textContent()).toContain("Choose at least one scope");
    expect(await fieldOf(page, "textbox", "Expiration date (UTC)").textContent()).toContain(
      "Choose an expiration date.",
    );
    await expectAccessible(page, "New Token panel with errors");

    await panel.getByRole("textbox", { name: "Name", exact: true }).fill("fixed");
    await eventually(() => messagesIn(page).count()).toBe(2);
    expect(await fieldOf(page, "textbox", "Name").textContent()).not.toContain("Enter a name");
    await chooseScope(panel, "Work Items", "Read");
    await eventually(() => messagesIn(page).count()).toBe(1);
    expect(await fieldOf(page, "radiogroup", "Scopes").textContent()).not.toContain("Choose at least one scope");
    const inTenDays = new Date(Date.now() + 10 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await panel.getByLabel("Expiration date (UTC)").fill(inTenDays);
    await eventually(() => messagesIn(page).count()).toBe(0);

    // A form-level error from the server goes as soon as the user changes something.
    await page.route("**/acme/_apis/tokens/pats", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 400,
            contentType: "application/json",
            body: JSON.stringify({ $id: "1", message: "The request was refused.", typeKey: "InvalidRequest" }),
          })
        : route.fallback(),
    );
    await panel.getByRole("button", { name: "Create", exact: true }).click();
    await eventually(() => panel.getByRole("alert").textContent()).toContain("The request was refused.");
    await page.unrouteAll();
    await panel.getByRole("textbox", { name: "Name", exact: true }).fill("fixed again");
    await eventually(() => panel.getByRole("alert").count()).toBe(0);
    expect(await messagesIn(page).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("explains every scope with its string, and says when the role will not allow a level", async () => {
    const { page } = await signedIn("rita");
    const panel = await startNewToken(page, "explained");
    const code = panel.getByRole("radiogroup", { name: "Code", exact: true });
    const readWrite = code.getByRole("radio", { name: "Read & write", exact: true });
    expect(await readWrite.getAttribute("aria-describedby")).not.toBeNull();
    const description = await panel.locator(`[id="${await readWrite.getAttribute("aria-describedby")}"]`).textContent();
    expect(description).toContain("push commits");
    expect(description).toContain("vso.code_write");
    expect(await panel.getByText("vso.project", { exact: true }).isVisible()).toBe(true);
    expect(await panel.getByText("Projects and teams of the organization.").isVisible()).toBe(true);

    await chooseScope(panel, "Code", "Read & write");
    const hint = "Code: Read & write — pushing also needs the Contributor role; you are a Reader in acme.";
    await eventually(() => panel.getByText(hint).isVisible()).toBe(true);
    await saveScreenshot(page, "new-token");
    await expectAccessible(page, "New Token panel, Custom defined with a role hint");

    // In beta rita is a contributor: pushing is fine there, creating repositories is not.
    await panel.getByRole("combobox", { name: "Organization" }).selectOption("beta");
    await eventually(() => panel.getByText(hint).count()).toBe(0);
    await chooseScope(panel, "Code", "Read, write & manage");
    await eventually(() =>
      panel
        .getByText(
          "Code: Read, write & manage — creating repositories also needs the Administrator role; you are a Contributor in beta.",
        )
        .isVisible(),
    ).toBe(true);

    await panel.getByRole("switch", { name: "Show all scopes" }).check();
    await panel.getByRole("radiogroup", { name: "Token Administration", exact: true }).waitFor();
    expect(await panel.getByText("vso.tokenadministration", { exact: true }).isVisible()).toBe(true);
    await expectAccessible(page, "New Token panel, all scopes shown");
    await panel.getByRole("searchbox", { name: "Filter scopes" }).fill("push");
    // Only Code says "push" (the Scopes choice itself is a radio group too).
    await eventually(() => panel.getByRole("radiogroup").count()).toBe(2);
    expect(await code.isVisible()).toBe(true);
  });

  it("asks before the success panel closes by Escape or a click outside, unless the value was copied", async () => {
    const { page } = await signedIn("bob");
    const panel = await startNewToken(page, "precious");
    await chooseScope(panel, "Work Items", "Read");
    await panel.getByRole("button", { name: "Create", exact: true }).click();
    await takeShownToken(page);
    const value = panel.getByRole("textbox", { name: "Token", exact: true });
    await expectAccessible(page, "success panel");

    await page.keyboard.press("Escape");
    const prompt = page.getByRole("alertdialog", { name: "Close without copying?" });
    await prompt.waitFor();
    await animationsSettled(page);
    await eventually(() => hasFocus(prompt.getByRole("button", { name: "Keep it open" }))).toBe(true);
    await expectAccessible(page, "close-without-copying prompt");
    await prompt.getByRole("button", { name: "Keep it open" }).click();
    await eventually(() => prompt.count()).toBe(0);
    // Still there for assistive technology too (role queries skip aria-hidden content).
    await eventually(() => page.getByRole("dialog").getByRole("textbox", { name: "Token", exact: true }).count()).toBe(
      1,
    );
    expect(await value.isVisible()).toBe(true);

    // A click outside the panel (on the dimmed page) asks too; closing anyway closes it. Only once
    // the prompt's closing animation is over: until then its own backdrop takes the click (seen
    // once in a whole-suite run).
    await animationsSettled(page);
    await page.mouse.click(20, 400);
    await prompt.waitFor();
    await prompt.getByRole("button", { name: "Close without copying" }).click();
    await eventually(() => page.getByRole("dialog").count()).toBe(0);
    await tokenRow(page, "precious").waitFor();

    // Copied: the button says so, and Escape closes at once.
    await startNewToken(page, "copied one");
    await chooseScope(page.getByRole("dialog"), "Work Items", "Read");
    await page.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
    const shown = await takeShownToken(page);
    await page.getByRole("dialog").getByRole("button", { name: "Copy", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Copied", exact: true }).waitFor();
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(shown);
    await saveScreenshot(page, "token-created", [page.getByRole("textbox", { name: "Token", exact: true })]);
    await page.keyboard.press("Escape");
    await eventually(() => page.getByRole("dialog").count()).toBe(0);
    expect(await prompt.count()).toBe(0);
  });

  it("confirms Revoke and Regenerate with Cancel focused and a red button named for what it does", async () => {
    const { page } = await signedIn("bob");
    await createTokenThroughPage(page, "to revoke", "Work Items", "Read");
    await tokenRow(page, "to revoke").getByRole("button", { name: "Revoke" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Revoke token?" });
    await dialog.waitFor();
    await eventually(() => hasFocus(dialog.getByRole("button", { name: "Cancel" }))).toBe(true);
    const revoke = dialog.getByRole("button", { name: "Revoke token", exact: true });
    const background = await revoke.evaluate(
      (button: {
        ownerDocument: { defaultView: { getComputedStyle(e: unknown): { backgroundColor: string } } | null };
      }) => button.ownerDocument.defaultView?.getComputedStyle(button).backgroundColor,
    );
    expect(background, "Fluent's colorPaletteRedBackground3").toBe("rgb(209, 52, 56)");
    await animationsSettled(page);
    await saveScreenshot(page, "revoke-dialog");
    await expectAccessible(page, "revoke confirmation");
    // Enter on the first focus cancels: nothing is revoked by accident.
    await page.keyboard.press("Enter");
    await eventually(() => dialog.count()).toBe(0);
    expect(await tokenRow(page, "to revoke").textContent()).toContain("Active");

    await tokenRow(page, "to revoke").getByRole("button", { name: "Regenerate" }).click();
    const regenerate = page.getByRole("alertdialog", { name: "Regenerate token?" });
    await eventually(() => hasFocus(regenerate.getByRole("button", { name: "Cancel" }))).toBe(true);
    await regenerate.getByRole("button", { name: "Regenerate token", exact: true }).click();
    await takeShownToken(page);
    // The regenerated value is as precious as a new one.
    await page.keyboard.press("Escape");
    await page.getByRole("alertdialog", { name: "Close without copying?" }).waitFor();
    await page.getByRole("button", { name: "Close without copying" }).click();
    await eventually(() => page.getByRole("dialog").count()).toBe(0);
  });

  it("keeps the form when the session ends mid-form: sign in again and press Create again", async () => {
    const { page, errors } = await signedIn("sam");
    const panel = await startNewToken(page, "survives sign-in");
    await chooseScope(panel, "Work Items", "Read");
    await endSessions("sam");
    await panel.getByRole("button", { name: "Create", exact: true }).click();

    const dialog = page.getByRole("alertdialog", { name: "Your session has ended" });
    await dialog.waitFor();
    expect(await dialog.getByRole("textbox", { name: "Username" }).inputValue()).toBe("sam");
    await eventually(() => hasFocus(dialog.getByRole("textbox", { name: "Password" }))).toBe(true);
    const text = (await page.locator("body").textContent()) ?? "";
    expect(text).not.toContain("TF400813");
    expect(text).not.toContain("Provide a valid personal access token");
    await expectAccessible(page, "session-ended dialog");

    await dialog.getByRole("textbox", { name: "Password" }).fill("not the password");
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await eventually(() => dialog.getByRole("alert").textContent()).toBe("The username or password is incorrect.");
    await dialog.getByRole("textbox", { name: "Password" }).fill(PASSWORD);
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await eventually(() => dialog.count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/_usersSettings/tokens");
    expect(await panel.getByRole("textbox", { name: "Name", exact: true }).inputValue()).toBe("survives sign-in");
    await panel.getByRole("button", { name: "Create", exact: true }).click();
    await takeShownToken(page);
    expect(await page.locator("body").textContent()).not.toContain("personal access token.");
    expect(errors).toEqual([]);
  });

  it("loads a fresh page when someone else signs in after the session ended", async () => {
    const { page } = await signedIn("sam");
    const panel = await startNewToken(page, "not for phil");
    await endSessions("sam");
    await chooseScope(panel, "Work Items", "Read");
    await panel.getByRole("button", { name: "Create", exact: true }).click();
    const dialog = page.getByRole("alertdialog", { name: "Your session has ended" });
    await dialog.getByRole("textbox", { name: "Username" }).fill("phil");
    await dialog.getByRole("textbox", { name: "Password" }).fill(PASSWORD);
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/_usersSettings/tokens");
    await page.getByRole("link", { name: "phil" }).waitFor();
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect(await page.getByText("not for phil").count()).toBe(0);
  });

  it("shows the profile and changes the password: wrong current password in words, the new one signs in", async () => {
    const { page, errors } = await signedIn("paula");
    await page.getByRole("banner").getByRole("link", { name: "paula" }).click();
    await page.getByRole("heading", { name: "Profile", level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/_usersSettings/profile");
    const account = await page.locator("dl").textContent();
    expect(account).toContain("paula");
    expect(account).toContain("paula@example.com");
    const organizations = page.getByRole("table", { name: "Organizations" });
    expect(await organizations.getByRole("row", { name: "acme Reader" }).count()).toBe(1);
    expect(await organizations.getByRole("row", { name: "beta Administrator" }).count()).toBe(1);
    await expectAccessible(page, "profile page");

    const field = (name: string) => page.getByRole("textbox", { name, exact: true });
    const change = page.getByRole("button", { name: "Change password" });
    await field("Current password").fill("not my password");
    await field("New password").fill("a brand new password");
    await field("Confirm new password").fill("a brand new password");
    await change.click();
    await eventually(() =>
      page
        .locator(".fui-Field")
        .filter({ has: field("Current password") })
        .textContent(),
    ).toContain("The current password is incorrect.");
    await expectAccessible(page, "profile page, wrong current password");

    await field("Current password").fill(PASSWORD);
    await change.click();
    // The profile has several live regions (password, passkeys): read the password section's.
    const passwordSection = page.getByRole("region", { name: "Change password" });
    await eventually(() => passwordSection.getByRole("status").textContent()).toContain("Password changed");
    // The page's CSRF token is the fresh session's: signing out (a DELETE) is accepted.
    const [signOut] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/_apis/patina/session") && r.request().method() === "DELETE"),
      page.getByRole("button", { name: "Sign out" }).click(),
    ]);
    expect(signOut.status()).toBe(204);
    await page.waitForURL((url) => url.pathname === "/_signin");
    await signInThroughPage(page, "paula", "a brand new password");
    expect(errors).toEqual([]);
  });

  it("opens /{org}/_usersSettings/tokens, links the logo, breadcrumb and user name, and titles every tab", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    await page.goto("/_signin");
    await eventually(() => page.title()).toBe("Sign in · Patina");
    await page.goto("/_setup");
    await eventually(() => page.title()).toBe("Set up · Patina");
    await signInThroughPage(page, "rita");
    await eventually(() => page.title()).toBe("Personal access tokens · Patina");

    await page.goto("/beta/_usersSettings/tokens");
    await page.getByRole("heading", { name: "Personal access tokens", exact: true }).waitFor();
    expect(await page.getByText("Page not found").count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/beta/_usersSettings/tokens");

    const header = page.getByRole("banner");
    await header.getByRole("link", { name: "rita" }).click();
    await page.getByRole("heading", { name: "Profile", level: 1 }).waitFor();
    await eventually(() => page.title()).toBe("Profile · Patina");
    await header.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "User settings" }).click();
    await eventually(() => new URL(page.url()).pathname).toBe("/_usersSettings/tokens");
    await header.getByRole("link", { name: "rita" }).click();
    await page.getByRole("heading", { name: "Profile", level: 1 }).waitFor();
    await header.getByRole("link", { name: "Patina home" }).click();
    await eventually(() => new URL(page.url()).pathname).toBe("/_usersSettings/tokens");
    await page.getByRole("heading", { name: "Personal access tokens", exact: true }).waitFor();
  });

  it("creates, copies, closes and revokes with the keyboard only, focus in a sensible place after each", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    const errors = watchForPageErrors(page);
    await signInThroughPage(page, "kim");
    const newToken = page.getByRole("button", { name: "New Token" });
    await tabTo(page, newToken);
    await page.keyboard.press("Enter");
    const panel = page.getByRole("dialog");
    await eventually(() => hasFocus(panel.getByRole("textbox", { name: "Name", exact: true }))).toBe(true);
    await page.keyboard.type("keyboard only");
    const work = panel.getByRole("radiogroup", { name: "Work Items", exact: true });
    await tabTo(page, work.getByRole("radio", { name: "None" }));
    await page.keyboard.press("ArrowDown");
    expect(await work.getByRole("radio", { name: "Read", exact: true }).isChecked()).toBe(true);
    await tabTo(page, panel.getByRole("button", { name: "Create", exact: true }));
    await page.keyboard.press("Enter");

    const value = panel.getByRole("textbox", { name: "Token", exact: true });
    await eventually(() => hasFocus(value)).toBe(true);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await panel.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(await value.inputValue());
    await page.keyboard.press("Escape");
    await eventually(() => panel.count()).toBe(0);
    await eventually(() => hasFocus(newToken)).toBe(true);

    const row = tokenRow(page, "keyboard only");
    await tabTo(page, row.getByRole("button", { name: "Revoke" }));
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("alertdialog", { name: "Revoke token?" });
    await eventually(() => hasFocus(dialog.getByRole("button", { name: "Cancel" }))).toBe(true);
    await page.keyboard.press("Tab");
    expect(await hasFocus(dialog.getByRole("button", { name: "Revoke token" }))).toBe(true);
    await page.keyboard.press("Enter");
    await eventually(() => dialog.count()).toBe(0);
    // The revoked token leaves the Active list at once; focus is not left on the page's body.
    await eventually(() => row.count()).toBe(0);
    await eventually(() => focusedElement(page)).not.toBe("body");
    expect(errors).toEqual([]);
  });

  it("passes axe and fits 390 px in every state on a phone", async () => {
    const { page } = await signedIn("rita", true);
    const panel = await startNewToken(page, "");
    await panel.getByRole("button", { name: "Create", exact: true }).click();
    await eventually(() => messagesIn(page).count()).toBe(2);
    await expectAccessible(page, "phone, New Token panel with errors");
    await panel.getByRole("textbox", { name: "Name", exact: true }).fill("phone");
    await chooseScope(panel, "Code", "Read & write");
    await panel.getByRole("checkbox", { name: "Code Status" }).check();
    await expectNoSidewaysScroll(page);
    await expectFits(panel);
    await expectAccessible(page, "phone, New Token panel, Custom defined");
    await panel.getByRole("switch", { name: "Show all scopes" }).check();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "phone, New Token panel, all scopes");
    await panel.getByRole("button", { name: "Create", exact: true }).click();
    await takeShownToken(page);
    await expectFits(page.getByRole("dialog"));
    await expectAccessible(page, "phone, success panel");
    await page.keyboard.press("Escape");
    await page.getByRole("alertdialog", { name: "Close without copying?" }).waitFor();
    await animationsSettled(page);
    await expectAccessible(page, "phone, close-without-copying prompt");
    await page.getByRole("button", { name: "Close without copying" }).click();
    await eventually(() => page.getByRole("dialog").count()).toBe(0);

    // On a phone the list is stacked cards.
    await tokenCard(page, "phone").getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("alertdialog", { name: "Revoke token?" }).waitFor();
    await animationsSettled(page);
    await expectAccessible(page, "phone, revoke confirmation");
    await page.getByRole("button", { name: "Cancel" }).click();
    await eventually(() => page.getByRole("alertdialog").count()).toBe(0);

    await endSessions("rita");
    await startNewToken(page, "after expiry");
    await chooseScope(page.getByRole("dialog"), "Work Items", "Read");
    await page.getByRole("dialog").getByRole("button", { name: "Create", exact: true }).click();
    await page.getByRole("alertdialog", { name: "Your session has ended" }).waitFor();
    await animationsSettled(page);
    await expectFits(page.getByRole("alertdialog"));
    await expectAccessible(page, "phone, session-ended dialog");
    await page.getByRole("textbox", { name: "Password" }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await eventually(() => page.getByRole("alertdialog").count()).toBe(0);

    await page.goto("/_usersSettings/profile");
    await page.getByRole("heading", { name: "Profile", level: 1 }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "phone, profile page");
  });
});
