/**
 * The tokens page with the keyboard only: sign in, open New Token, name the token, choose
 * Code: Read & write with the arrow keys, create, copy, close with Escape; Escape also closes
 * the Revoke dialog without revoking.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  hasFocus,
  type LiveServer,
  launchBrowser,
  newContext,
  PASSWORD,
  startLiveServer,
  tabTo,
  watchForPageErrors,
} from "./support.js";
import { tokenRow } from "./tokens-page.js";

describe("keyboard only", () => {
  let live: LiveServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("kim", { password: PASSWORD });
    await live.t.createOrg("acme", "kim");
    page = await (await newContext(browser, live.baseUrl)).newPage();
    errors = watchForPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it("signs in with the keyboard: the Username field has focus on arrival", async () => {
    await page.goto("/_signin");
    await eventually(() => hasFocus(page.getByRole("textbox", { name: "Username" }))).toBe(true);
    await page.keyboard.type("kim");
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Personal access tokens", exact: true }).waitFor();
  });

  it("creates a token with the keyboard only", async () => {
    const newToken = page.getByRole("button", { name: "New Token" });
    await tabTo(page, newToken);
    await page.keyboard.press("Enter");

    const panel = page.getByRole("dialog");
    await eventually(() => hasFocus(panel.getByRole("textbox", { name: "Name", exact: true }))).toBe(true);
    await page.keyboard.type("typed by keyboard");
    const code = panel.getByRole("radiogroup", { name: "Code", exact: true });
    await tabTo(page, code.getByRole("radio", { name: "None" }));
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await code.getByRole("radio", { name: "Read & write" }).isChecked()).toBe(true);
    await tabTo(page, panel.getByRole("button", { name: "Create", exact: true }));
    await page.keyboard.press("Enter");

    const value = panel.getByRole("textbox", { name: "Token", exact: true });
    await eventually(() => hasFocus(value)).toBe(true);
    expect(await value.inputValue()).toMatch(/^patina_/);
    await page.keyboard.press("Tab");
    expect(await hasFocus(panel.getByRole("button", { name: "Copy" }))).toBe(true);
    await page.keyboard.press("Enter");
    await eventually(() => page.evaluate("navigator.clipboard.readText()")).toBe(await value.inputValue());

    await page.keyboard.press("Escape");
    await eventually(() => page.getByRole("dialog").count()).toBe(0);
    await eventually(() => tokenRow(page, "typed by keyboard").textContent()).toContain("Code: Read & write");
    await eventually(() => hasFocus(newToken)).toBe(true);
  });

  it("closes the Revoke dialog with Escape without revoking", async () => {
    const row = tokenRow(page, "typed by keyboard");
    await tabTo(page, row.getByRole("button", { name: "Revoke" }));
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("alertdialog");
    await dialog.getByRole("heading", { name: "Revoke token?" }).waitFor();
    await page.keyboard.press("Escape");
    await eventually(() => dialog.count()).toBe(0);
    expect(await row.textContent()).toContain("Active");
    await eventually(() => hasFocus(row.getByRole("button", { name: "Revoke" }))).toBe(true);
  });

  it("closes the New Token panel with Escape without creating anything", async () => {
    await tabTo(page, page.getByRole("button", { name: "New Token" }));
    await page.keyboard.press("Enter");
    await page.getByRole("dialog").getByRole("textbox", { name: "Name", exact: true }).waitFor();
    await page.keyboard.type("never created");
    await page.keyboard.press("Escape");
    await eventually(() => page.getByRole("dialog").count()).toBe(0);
    await eventually(() => page.getByRole("row").count()).toBe(2);
    expect(errors).toEqual([]);
  });
});
