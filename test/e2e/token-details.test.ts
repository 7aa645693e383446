/**
 * The token details page in Chromium against a real server: a token used for real (projects and
 * profile requests, one earlier day seeded in the usage store) shows its facts, two usage charts
 * with a text alternative and data table, and its scopes used vs granted; "Narrow to the scopes
 * used" opens Edit with exactly the used scopes and saving narrows the token (a removed scope
 * then gets 403); a never-used token shows the empty state; unknown and malformed ids show
 * Token not found; the keyboard reaches Narrow and Save; Regenerate and Revoke work from the
 * page; axe-core finds nothing serious on desktop or phone; no sideways scroll at 390 px; the
 * strict Content-Security-Policy refuses nothing.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_ROW_REVISION, writeUsageDay } from "../../src/usage/usage.repository.js";
import { DAY_MS, type MintedToken } from "../support/test-app.js";
import {
  animationsSettled,
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
import { openDialog } from "./tokens-page.js";

const PROJECTS = "/acme/_apis/projects?api-version=7.1";
const PROFILE = "/_apis/profile/profiles/me?api-version=7.1";
const REPOSITORIES = "/acme/web/_apis/git/repositories?api-version=7.1";
const SCOPE = "vso.code vso.project vso.profile";
const USER_AGENT = "details-test/1.0";

/** Records every CSP refusal a page meets, from its first script on (as docs.test.ts does). */
const CSP_WATCH = `window.cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) =>
    window.cspViolations.push(event.violatedDirective + " " + event.blockedURI));`;

/** "Jun 3" as the chart and the table label a UTC day. */
function dayLabel(date: Date): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" }).format(date);
}

describe("the token details page", () => {
  let live: LiveServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("dana", { password: PASSWORD });
    await live.t.createUser("erin", { password: PASSWORD });
    await live.t.createOrg("acme", "dana");
    await live.t.createOrg("globex", "dana");
    await live.t.addMember("acme", "erin", "contributor");
    await live.t.createProject("acme", "web");
    context = await newContext(browser, live.baseUrl);
    await context.addInitScript({ content: CSP_WATCH });
    page = await context.newPage();
    pageErrors = watchForPageErrors(page);
    await signInThroughPage(page, "dana");
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** A request with the token, from this machine, with a known User-Agent. */
  const use = (pathAndQuery: string, token: string) =>
    fetch(new URL(pathAndQuery, live.baseUrl), {
      headers: {
        authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}`,
        "user-agent": USER_AGENT,
      },
    });

  /** A token of dana's on acme, used three times for projects and once for the profile today. */
  async function usedToken(name: string): Promise<MintedToken> {
    const minted = await live.t.mintToken("dana", { org: "acme", scope: SCOPE, name });
    for (const path of [PROJECTS, PROJECTS, PROJECTS, PROFILE])
      expect((await use(path, minted.token)).status).toBe(200);
    await live.t.app.services.usage.flush();
    return minted;
  }

  const openDetails = async (target: Page, authorizationId: string) => {
    await target.goto(`/_usersSettings/tokens/${authorizationId}`);
  };
  const cspViolations = (target: Page) => target.evaluate("window.cspViolations");
  const scopeItem = (target: Page, label: string) =>
    target.getByRole("list", { name: "Granted scopes" }).getByRole("listitem").filter({ hasText: label });

  it("shows the token, its usage charts and the scopes used vs granted", async () => {
    const token = await usedToken("ci-reader");
    // An earlier day, as a past flush would have written it: five project reads from two addresses.
    const earlier = new Date(live.t.clock.now().getTime() - 3 * DAY_MS);
    await writeUsageDay(
      live.t.app.services.store.db,
      token.authorizationId,
      {
        date: earlier.toISOString().slice(0, 10),
        requests: 5,
        scopes: { "vso.project": 5 },
        clientAddresses: ["10.0.0.7", "10.0.0.8"],
        userAgents: ["seeded/1.0"],
      },
      NO_ROW_REVISION,
    );
    await openDetails(page, token.authorizationId);

    await page.getByRole("heading", { level: 1, name: "ci-reader" }).waitFor();
    expect(await page.title()).toBe("ci-reader · Patina");
    const facts = page.locator("dl");
    await expect.poll(() => facts.innerText()).toContain("acme");
    const text = await facts.innerText();
    for (const words of ["Project and Team: Read", "User Profile: Read", "Code: Read", "127.0.0.1", USER_AGENT]) {
      expect(text).toContain(words);
    }
    expect(await page.getByText("Active", { exact: true }).isVisible()).toBe(true);

    // The charts, with their totals in words: 4 requests today and 5 three days ago.
    const usage = page.getByRole("region", { name: "Usage in the last 30 days" });
    await usage.getByText("9 requests on 2 of the last 30 days; at most 2 client addresses a day.").waitFor();
    await usage.getByRole("heading", { name: "Requests per day" }).waitFor();
    await usage.getByRole("heading", { name: "Distinct client addresses per day" }).waitFor();
    // A bar for each day with requests (days without are empty), in each chart.
    await eventually(() => usage.locator("svg rect[role=option]").count()).toBe(4);
    // Each chart is described in words: its total and its busiest day.
    expect(await usage.getByRole("img", { name: "Requests per day", exact: false }).getAttribute("aria-label")).toBe(
      `Requests per day, last 30 days: 9 in total, most on ${dayLabel(earlier)} (5).`,
    );
    const addressesChart = usage.getByRole("img", { name: "Distinct client addresses per day", exact: false });
    expect(await addressesChart.getAttribute("aria-label")).toBe(
      `Distinct client addresses per day, last 30 days: 3 in total, most on ${dayLabel(earlier)} (2).`,
    );

    // The data table is the charts' text alternative, day by day.
    await usage.getByRole("button", { name: "Show data table" }).click();
    const table = usage.getByRole("table", { name: "Usage per day" });
    const today = table.getByRole("row").filter({ hasText: dayLabel(live.t.clock.now()) });
    expect(await today.getByRole("cell").allInnerTexts()).toEqual([dayLabel(live.t.clock.now()), "4", "1"]);
    const seeded = table.getByRole("row").filter({ hasText: dayLabel(earlier) });
    expect(await seeded.getByRole("cell").allInnerTexts()).toEqual([dayLabel(earlier), "5", "2"]);
    expect(await table.getByRole("row").count()).toBe(31);
    await expectAccessible(page, "token details, desktop, data table shown");
    await usage.getByRole("button", { name: "Hide data table" }).click();

    // Used vs granted: projects and profile were used, code was not.
    expect(await scopeItem(page, "Project and Team: Read").innerText()).toMatch(/^Used/);
    expect(await scopeItem(page, "User Profile: Read").innerText()).toMatch(/^Used/);
    expect(await scopeItem(page, "Code: Read").innerText()).toMatch(/^Not used/);
    await page.getByRole("button", { name: "Narrow to the scopes used" }).waitFor();

    await expectAccessible(page, "token details, desktop");
    await page.evaluate("window.scrollTo(0, 0)");
    await saveScreenshot(page, "token-details");
    expect(await cspViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("narrows the token to the scopes used: Edit opens with exactly those, and saving removes the others", async () => {
    const token = await usedToken("narrow-me");
    await openDetails(page, token.authorizationId);
    await page.getByRole("button", { name: "Narrow to the scopes used" }).click();

    const panel = openDialog(page);
    await panel.getByRole("heading", { name: "Edit personal access token" }).waitFor();
    expect(await panel.getByRole("radio", { name: "Custom defined" }).isChecked()).toBe(true);
    const level = (area: string, name: string) =>
      panel.getByRole("radiogroup", { name: area, exact: true }).getByRole("radio", { name, exact: true });
    await eventually(() => level("Project and Team", "Read").isChecked()).toBe(true);
    expect(await level("User Profile", "Read").isChecked()).toBe(true);
    expect(await level("Code", "None").isChecked()).toBe(true);
    // Exactly those two: every other area shown is at None.
    const chosen = await panel
      .locator("[role=radiogroup] input[type=radio]:checked")
      .evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    expect(chosen.filter((value) => value !== "none" && value !== "custom").sort()).toEqual([
      "vso.profile",
      "vso.project",
    ]);
    expect(await panel.getByRole("textbox", { name: "Name", exact: true }).inputValue()).toBe("narrow-me");
    await animationsSettled(page);
    await expectAccessible(page, "token details, desktop, Edit panel opened from Narrow");

    await panel.getByRole("button", { name: "Save", exact: true }).click();
    await eventually(() => page.getByRole("dialog").count()).toBe(0);
    await page.getByRole("status").getByText("narrow-me was saved.").waitFor();
    await eventually(() => page.locator("dl").innerText()).not.toContain("Code: Read");
    expect(await page.locator("dl").innerText()).toContain("Project and Team: Read");
    expect(await page.getByRole("button", { name: "Narrow to the scopes used" }).count()).toBe(0);
    await page.getByText("Every granted scope was needed in the last 30 days.").waitFor();

    // The token itself changed: code is refused now, projects still answer.
    expect((await fetchWithToken(live.baseUrl, REPOSITORIES, token.token)).status).toBe(403);
    expect((await fetchWithToken(live.baseUrl, PROJECTS, token.token)).status).toBe(200);
    expect(await cspViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("reaches Narrow and Save with the keyboard only, and keeps focus on the page afterwards", async () => {
    const token = await usedToken("keyboard-narrow");
    await openDetails(page, token.authorizationId);
    await page.getByRole("heading", { level: 1, name: "keyboard-narrow" }).waitFor();
    const narrow = page.getByRole("button", { name: "Narrow to the scopes used" });
    await narrow.waitFor();
    await tabTo(page, narrow);
    await page.keyboard.press("Enter");

    const panel = openDialog(page);
    await panel.getByRole("heading", { name: "Edit personal access token" }).waitFor();
    await eventually(() =>
      panel.getByRole("radiogroup", { name: "Code", exact: true }).getByRole("radio", { name: "None" }).isChecked(),
    ).toBe(true);
    await tabTo(page, panel.getByRole("button", { name: "Save", exact: true }));
    await page.keyboard.press("Enter");
    await eventually(() => page.getByRole("dialog").count()).toBe(0);
    await page.getByText("keyboard-narrow was saved.").waitFor();
    // Narrow is gone once narrowed; focus goes to the token's heading, not to the page body.
    await eventually(() => hasFocus(page.getByRole("heading", { level: 1, name: "keyboard-narrow" }))).toBe(true);
    expect((await fetchWithToken(live.baseUrl, REPOSITORIES, token.token)).status).toBe(403);
  });

  it("shows an empty state for a token never used", async () => {
    const token = await live.t.mintToken("dana", { allOrgs: true, scope: "vso.code vso.work", name: "idle" });
    await openDetails(page, token.authorizationId);
    await page.getByRole("heading", { level: 1, name: "idle" }).waitFor();
    const facts = await page.locator("dl").innerText();
    expect(facts).toContain("All accessible organizations");
    expect(facts).toMatch(/Last used\s+Never/);
    const usage = page.getByRole("region", { name: "Usage in the last 30 days" });
    await usage.getByText("This token has not been used in the last 30 days.", { exact: false }).waitFor();
    expect(await usage.locator("svg").count()).toBe(0);
    expect(await scopeItem(page, "Code: Read").innerText()).toMatch(/^Not used/);
    expect(await scopeItem(page, "Work Items: Read").innerText()).toMatch(/^Not used/);
    await page.getByText("nothing to narrow to yet", { exact: false }).waitFor();
    expect(await page.getByRole("button", { name: "Narrow to the scopes used" }).count()).toBe(0);
    await expectAccessible(page, "token details, desktop, never used");
  });

  it("shows Token not found for an unknown id, someone else's token and a malformed id", async () => {
    const erins = await live.t.mintToken("erin", { org: "acme", scope: "vso.code", name: "erin's" });
    for (const id of ["8d1c5a0e-1c5b-4c7e-9a51-3f1f6f0c2b11", erins.authorizationId, "not-a-guid", "12345"]) {
      await page.goto(`/_usersSettings/tokens/${id}`);
      await page.getByRole("heading", { level: 1, name: "Token not found" }).waitFor();
    }
    await page.goto("/_usersSettings/tokens/not-a-guid");
    await expectAccessible(page, "token details, desktop, not found");
    await page.getByRole("link", { name: "Back to personal access tokens" }).click();
    await page.getByRole("heading", { name: "Personal access tokens", exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/_usersSettings/tokens");

    // The API answers a malformed id with a 400 in the Azure DevOps error body, never a 500.
    const reader = await live.t.mintToken("dana", { org: "acme", scope: "vso.pats" });
    for (const path of ["/acme/_apis/tokens/pats/usage", "/acme/_apis/tokens/pats"]) {
      const response = await fetchWithToken(
        live.baseUrl,
        `${path}?authorizationId=not-a-guid&api-version=7.1`,
        reader.token,
      );
      expect(response.status).toBe(400);
      expect(await response.text()).not.toContain("not-a-guid");
    }
    expect(pageErrors).toEqual([]);
  });

  it("regenerates and revokes from the page", async () => {
    const token = await usedToken("rotate-me");
    await openDetails(page, token.authorizationId);
    await page.getByRole("button", { name: "Regenerate", exact: true }).click();
    // The confirming button (its exact name is the dialogs' own: "Regenerate", "Regenerate token").
    await openDialog(page)
      .getByRole("button", { name: /^Regenerate/ })
      .click();
    const secret = openDialog(page).getByRole("textbox", { name: "Token", exact: true });
    await eventually(() => secret.isVisible()).toBe(true);
    const fresh = await secret.inputValue();
    expect(fresh).toMatch(/^patina_/);
    await openDialog(page).getByRole("button", { name: "Close", exact: true }).click();
    await eventually(() => page.getByRole("dialog").count()).toBe(0);
    expect((await fetchWithToken(live.baseUrl, PROJECTS, token.token)).status).toBe(401);
    expect((await fetchWithToken(live.baseUrl, PROJECTS, fresh)).status).toBe(200);

    await page.getByRole("button", { name: "Revoke", exact: true }).click();
    await openDialog(page)
      .getByRole("button", { name: /^Revoke/ })
      .click();
    await page.getByText("rotate-me was revoked.").waitFor();
    await eventually(() => page.getByText("Revoked", { exact: true }).isVisible()).toBe(true);
    for (const action of ["Edit", "Regenerate", "Revoke"]) {
      await eventually(() => page.getByRole("button", { name: action, exact: true }).count()).toBe(0);
    }
    expect(await page.getByRole("button", { name: "Narrow to the scopes used" }).count()).toBe(0);
    await eventually(() => hasFocus(page.getByRole("heading", { level: 1, name: "rotate-me" }))).toBe(true);
    expect((await fetchWithToken(live.baseUrl, PROJECTS, fresh)).status).toBe(401);
    expect(await cspViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("fits a phone: no sideways scroll, accessible with the table shown and with Edit opened from Narrow", async () => {
    const token = await usedToken("phone-token");
    const phone = await newPhoneContext(browser, live.baseUrl);
    await phone.addInitScript({ content: CSP_WATCH });
    const small = await phone.newPage();
    const errors = watchForPageErrors(small);
    await signInThroughPage(small, "dana");
    await openDetails(small, token.authorizationId);
    await small.getByRole("heading", { level: 1, name: "phone-token" }).waitFor();
    const usage = small.getByRole("region", { name: "Usage in the last 30 days" });
    await eventually(() => usage.locator("svg rect[role=option]").count()).toBe(2);
    await expectNoSidewaysScroll(small);
    await expectAccessible(small, "token details, phone");
    await saveScreenshot(small, "token-details-phone");

    await usage.getByRole("button", { name: "Show data table" }).click();
    await usage.getByRole("table", { name: "Usage per day" }).waitFor();
    await expectNoSidewaysScroll(small);
    await expectAccessible(small, "token details, phone, data table shown");

    await small.getByRole("button", { name: "Narrow to the scopes used" }).click();
    const panel = openDialog(small);
    await panel.getByRole("heading", { name: "Edit personal access token" }).waitFor();
    await eventually(() =>
      panel.getByRole("radiogroup", { name: "Code", exact: true }).getByRole("radio", { name: "None" }).isChecked(),
    ).toBe(true);
    await animationsSettled(small);
    await expectNoSidewaysScroll(small);
    await expectAccessible(small, "token details, phone, Edit panel opened from Narrow");
    await panel.getByRole("button", { name: "Cancel", exact: true }).click();
    await eventually(() => small.getByRole("dialog").count()).toBe(0);
    // Cancelled: the token keeps its code scope.
    expect((await fetchWithToken(live.baseUrl, REPOSITORIES, token.token)).status).toBe(200);
    expect(await cspViolations(small)).toEqual([]);
    expect(errors).toEqual([]);
    await phone.close();
  });
});
