/** Page helpers for the Personal access tokens page, named as a user reads the page. */
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { eventually } from "./support.js";

/** The table row of a token, found by its exact name. */
export function tokenRow(page: Page, name: string): Locator {
  return page
    .getByRole("row")
    .filter({ has: page.getByRole("cell").filter({ hasText: new RegExp(`^${escapeRegExp(name)}patina_`) }) });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The panel or dialog currently open. */
export function openDialog(page: Page): Locator {
  return page.getByRole("dialog").or(page.getByRole("alertdialog"));
}

/** Opens New Token and fills the name; leaves the panel open for the scope choice. */
export async function startNewToken(page: Page, name: string): Promise<Locator> {
  await page.getByRole("button", { name: "New Token", exact: true }).click();
  const panel = page.getByRole("dialog");
  await panel.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  return panel;
}

/** Chooses a level in one area of the Custom defined scope picker. */
export async function chooseScope(panel: Locator, area: string, level: string): Promise<void> {
  await panel
    .getByRole("radiogroup", { name: area, exact: true })
    .getByRole("radio", { name: level, exact: true })
    .check();
}

/** Reads the value shown once on the success panel, and closes the panel. */
export async function takeShownToken(page: Page): Promise<string> {
  const panel = page.getByRole("dialog");
  await eventually(() => panel.getByRole("heading", { name: "Success!" }).isVisible()).toBe(true);
  const value = await panel.getByRole("textbox", { name: "Token", exact: true }).inputValue();
  expect(value).toMatch(/^patina_[A-Za-z0-9]{40,}$/);
  return value;
}

/** Creates a Custom defined token through the page and returns its value. */
export async function createTokenThroughPage(page: Page, name: string, area = "Code", level = "Read"): Promise<string> {
  const panel = await startNewToken(page, name);
  await chooseScope(panel, area, level);
  await panel.getByRole("button", { name: "Create", exact: true }).click();
  const value = await takeShownToken(page);
  await page.getByRole("dialog").getByRole("button", { name: "Close", exact: true }).click();
  await tokenRow(page, name).waitFor();
  return value;
}

/** The date as the Expires on (UTC) column shows it. */
export function shownDate(date: Date): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" }).format(
    date,
  );
}

/** The phone card of a token, found by its exact name. */
export function tokenCard(page: Page, name: string): Locator {
  return page
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name, exact: true }) })
    .filter({ has: page.getByRole("term") });
}

/** The token names in the order the list shows them (table or cards). */
export function shownNames(page: Page): Promise<string[]> {
  return page.locator("[data-token-id] a").allTextContents();
}

/** The name of the token whose row or card holds the focused element, or null. */
export function focusedTokenName(page: Page): Promise<string | null> {
  return page.evaluate(
    "document.activeElement?.closest('[data-token-id]')?.querySelector('a')?.textContent ?? null",
  ) as Promise<string | null>;
}
