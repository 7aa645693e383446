/**
 * Errors in words next to the field they concern: the panel's own checks, and the lifecycle
 * API's errors (policy violations the server has no policy for yet are answered by a stand-in
 * route with the API's error body, so every `patTokenError` the panel maps is exercised).
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  type LiveServer,
  launchBrowser,
  newContext,
  PASSWORD,
  signInThroughPage,
  startLiveServer,
} from "./support.js";
import { chooseScope, startNewToken } from "./tokens-page.js";

type Role = "textbox" | "radiogroup" | "combobox";

/** The Field (label, control, message) around the control with this role and name. */
function fieldOf(page: Page, role: Role, name: string): Locator {
  return page
    .getByRole("dialog")
    .locator(".fui-Field")
    .filter({ has: page.getByRole(role, { name, exact: true }) });
}

describe("errors in the New Token panel", () => {
  let live: LiveServer;
  let browser: Browser;
  let page: Page;
  let panel: Locator;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("alice", { password: PASSWORD });
    await live.t.createOrg("acme", "alice");
    page = await (await newContext(browser, live.baseUrl)).newPage();
    await signInThroughPage(page, "alice");
    panel = await startNewToken(page, "");
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  const create = () => panel.getByRole("button", { name: "Create", exact: true }).click();
  const nameField = () => fieldOf(page, "textbox", "Name");
  const scopesField = () => fieldOf(page, "radiogroup", "Scopes");

  it("asks for a name and for a scope before calling the server", async () => {
    await create();
    await eventually(() => nameField().textContent()).toContain("Enter a name for the token.");
    expect(await scopesField().textContent()).toContain("Choose at least one scope, or Full access.");
  });

  it("limits a custom expiration to one year", async () => {
    await panel.getByRole("combobox", { name: "Expiration (UTC)" }).selectOption({ label: "Custom defined" });
    const date = panel.getByLabel("Expiration date (UTC)");
    const latest = await date.getAttribute("max");
    const yearAndAHalf = new Date(Date.now() + 540 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    expect(latest !== null && latest < yearAndAHalf).toBe(true);
    await date.fill(yearAndAHalf);
    await panel.getByRole("textbox", { name: "Name", exact: true }).fill("too long");
    await chooseScope(panel, "Code", "Read");
    await create();
    await eventually(() => fieldOf(page, "textbox", "Expiration date (UTC)").textContent()).toContain(
      "(at most one year)",
    );
    await panel.getByRole("combobox", { name: "Expiration (UTC)" }).selectOption({ label: "30 days" });
  });

  it.each([
    ["fullScopePatPolicyViolation", 403, "radiogroup", "Scopes", "does not allow Full access tokens."],
    ["globalPatPolicyViolation", 403, "combobox", "Organization", "does not allow tokens for all accessible"],
    ["patLifespanPolicyViolation", 403, "combobox", "Expiration (UTC)", "later than an organization policy allows"],
    ["invalidDisplayName", 400, "textbox", "Name", "The token name must be at most 256 characters."],
  ] as const)("shows the API's %s next to its field", async (patTokenError, status, role, field, words) => {
    await page.route("**/acme/_apis/tokens/pats", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status,
            contentType: "application/json",
            body: JSON.stringify({
              $id: "1",
              message: "The token name must be at most 256 characters.",
              typeKey: "SessionTokenException",
              patToken: null,
              patTokenError,
            }),
          })
        : route.fallback(),
    );
    await create();
    await eventually(() => fieldOf(page, role, field).textContent()).toContain(words);
    await page.unrouteAll();
  });

  it("creates the token once the problems are fixed", async () => {
    await create();
    await panel.getByRole("heading", { name: "Success!" }).waitFor();
  });
});
