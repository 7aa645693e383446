/**
 * The API reference at /_apis/docs in Chromium: Patina's own page renders the OpenAPI document
 * under the app's Content-Security-Policy (no violation, no page error), lists the operations
 * by area with all values of enumerated parameters and their descriptions, filters, opens deep
 * links, is accessible and fits a phone; another page cannot frame it; the app's header links to it.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  animationsSettled,
  eventually,
  expectAccessible,
  expectNoSidewaysScroll,
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

/** Collects every CSP refusal the page meets, from its very first script on. */
async function watchForCspViolations(page: Page): Promise<() => Promise<unknown>> {
  await page.addInitScript({
    content: `window.cspViolations = [];
      document.addEventListener("securitypolicyviolation", (event) =>
        window.cspViolations.push(event.violatedDirective + " " + event.blockedURI));`,
  });
  return () => page.evaluate("window.cspViolations");
}

async function openReference(page: Page, path = "/_apis/docs"): Promise<void> {
  await page.goto(path);
  await page.getByRole("heading", { name: "Patina API reference", level: 1 }).waitFor();
  await page.getByRole("heading", { name: "Tokens", level: 2 }).waitFor();
}

/** The expandable header of one operation. */
const operationButton = (page: Page, method: string, path: string) =>
  page.getByRole("button", { name: new RegExp(`^${method}\\s*${path.replace(/[{}$/]/g, "\\$&")}(\\s|$)`) });

describe("the API reference page", () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("kim", { password: PASSWORD });
    await live.t.createOrg("acme", "kim");
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it("renders the operations by area under its Content-Security-Policy without a violation", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    const errors = watchForPageErrors(page);
    const violations = await watchForCspViolations(page);
    const response = await page.goto("/_apis/docs");
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await openReference(page);
    expect(await page.title()).toBe("API reference · Patina");
    // The intro says how to call the API with a token, and where to get one.
    const document = (await (await fetch(`${live.baseUrl}/_apis/openapi.json`)).json()) as {
      servers: { url: string }[];
    };
    const publicUrl = document.servers[0]?.url.replace(/\/$/, "");
    await page.getByText(`curl -u :PAT "${publicUrl}/_apis/connectionData?api-version=7.2"`).waitFor();
    expect(await page.getByRole("link", { name: "Personal access tokens" }).first().getAttribute("href")).toBe(
      "/_usersSettings/tokens",
    );
    // A table of contents of the areas, each linking to its section.
    const contents = page.getByRole("navigation", { name: "Contents" });
    for (const area of ["Tokens", "Token administration", "Audit", "Git"]) {
      await contents.getByRole("link", { name: area, exact: true }).waitFor();
    }
    const operations = page.getByRole("button", { name: /^(GET|POST|PUT|PATCH|DELETE|OPTIONS)\s*\// });
    expect(await operations.count()).toBeGreaterThan(10);
    await page
      .getByRole("status")
      .filter({ hasText: `${await operations.count()} operations` })
      .waitFor();
    await expectAccessible(page, "API reference, desktop, collapsed");
    await saveScreenshot(page, "api-reference");
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("shows every value of an enumerated parameter and the parameters' descriptions when expanded", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    const errors = watchForPageErrors(page);
    const violations = await watchForCspViolations(page);
    await openReference(page);
    const list = operationButton(page, "GET", "/{org}/_apis/tokens/pats");
    expect(await list.getAttribute("aria-expanded")).toBe("false");
    await list.click();
    expect(await list.getAttribute("aria-expanded")).toBe("true");
    const parameters = page.getByRole("list", { name: "Parameters of GET /{org}/_apis/tokens/pats" });
    const values = parameters.getByRole("list", { name: "Allowed values of displayFilterOption" });
    expect(await values.getByRole("listitem").allTextContents()).toEqual(["active", "revoked", "expired", "all"]);
    const sortValues = parameters.getByRole("list", { name: "Allowed values of sortByOption" });
    expect(await sortValues.getByRole("listitem").allTextContents()).toEqual(["displayName", "displayDate", "status"]);
    await parameters.getByText("Which tokens to list, by status (active means valid now). Default: active.").waitFor();
    await parameters.getByText(/^The organization's name/).waitFor();
    await parameters.getByText(/^The REST API version/).waitFor();
    // The create operation shows its request body's fields and the response's shape.
    await operationButton(page, "POST", "/{org}/_apis/tokens/pats").click();
    await page.getByRole("heading", { name: "Request body (required)" }).waitFor();
    await page.getByText("PatTokenResult", { exact: true }).waitFor();
    await animationsSettled(page);
    await expectAccessible(page, "API reference, desktop, two operations expanded");
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("filters the operations by what is typed in the search box", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    await openReference(page);
    const operations = page.getByRole("button", { name: /^(GET|POST|PUT|PATCH|DELETE|OPTIONS)\s*\// });
    const total = await operations.count();
    await page.getByRole("searchbox", { name: "Filter operations" }).fill("auditlog");
    await eventually(() => operations.count()).toBe(2);
    expect(await operations.allTextContents()).toEqual([
      expect.stringContaining("/{org}/_apis/audit/auditlog"),
      expect.stringContaining("/_apis/audit/auditlog"),
    ]);
    await page
      .getByRole("status")
      .filter({ hasText: `2 of ${total} operations match “auditlog”.` })
      .waitFor();
    expect(await page.getByRole("heading", { name: "Tokens", level: 2 }).count()).toBe(0);
    // The filter is kept in the URL: a reload shows the same list.
    expect(new URL(page.url()).searchParams.get("q")).toBe("auditlog");
    await page.reload();
    await eventually(() => operations.count()).toBe(2);
    await page.getByRole("searchbox", { name: "Filter operations" }).fill("no such operation");
    await page.getByRole("status").filter({ hasText: "No operation matches “no such operation”." }).waitFor();
    expect(await operations.count()).toBe(0);
  });

  it("opens the operation a deep link names, and each operation links to itself", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    await openReference(page, "/_apis/docs#get-org-apis-audit-auditlog");
    const audit = operationButton(page, "GET", "/{org}/_apis/audit/auditlog");
    await eventually(() => audit.getAttribute("aria-expanded")).toBe("true");
    await page
      .getByText(/^Only entries at or after this time/)
      .first()
      .waitFor();
    const self = page.getByRole("link", { name: "Link to this operation" });
    expect(await self.getAttribute("href")).toBe("#get-org-apis-audit-auditlog");
    // Following a link to another operation opens it and moves the focus to its header.
    await page.evaluate("window.location.hash = 'get-org-apis-audit-downloadlog'");
    const download = operationButton(page, "GET", "/{org}/_apis/audit/downloadlog");
    await eventually(() => download.getAttribute("aria-expanded")).toBe("true");
    await eventually(() => hasFocus(download)).toBe(true);
    const formats = page.getByRole("list", { name: "Allowed values of format" });
    expect(await formats.getByRole("listitem").allTextContents()).toEqual(["json", "csv"]);
  });

  it("works with the keyboard: Tab reaches the filter and Enter expands an operation", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    await openReference(page);
    const search = page.getByRole("searchbox", { name: "Filter operations" });
    await tabTo(page, search, 40);
    await page.keyboard.type("regenerate");
    const regenerate = operationButton(page, "POST", "/{org}/_apis/tokens/pats/regenerate");
    await eventually(() => regenerate.count()).toBe(1);
    await tabTo(page, regenerate, 10);
    await page.keyboard.press("Enter");
    expect(await regenerate.getAttribute("aria-expanded")).toBe("true");
    await page.getByText(/^How many hours the old secret keeps working/).waitFor();
  });

  it("fits a 390 px phone, collapsed and expanded, and stays accessible", async () => {
    const page = await (await newPhoneContext(browser, live.baseUrl)).newPage();
    const errors = watchForPageErrors(page);
    await openReference(page);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "API reference, phone, collapsed");
    await saveScreenshot(page, "api-reference-phone");
    for (const [method, path] of [
      ["GET", "/{org}/_apis/tokenadmin/personalaccesstokens/{subjectDescriptor}"],
      ["GET", "/{org}/_apis/tokens/pats"],
      ["GET", "/_apis/connectionData"],
    ] as const) {
      await operationButton(page, method, path).click();
    }
    await page.getByRole("list", { name: "Allowed values of displayFilterOption" }).waitFor();
    await expectNoSidewaysScroll(page);
    await animationsSettled(page);
    await expectAccessible(page, "API reference, phone, expanded");
    expect(errors).toEqual([]);
  });

  it("cannot be framed by another page", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    const refused = page.waitForEvent("console", (message) => /frame-ancestors/.test(message.text()));
    await page.setContent(`<iframe src="${live.baseUrl}/_apis/docs"></iframe>`);
    expect((await refused).text()).toMatch(/frame-ancestors 'none'.*blocked/);
    expect(await page.frames()[1]?.getByRole("heading", { name: "Patina API reference" }).count()).toBe(0);
  });

  it("is linked from the app's header", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    await signInThroughPage(page, "kim");
    await page.getByRole("banner").getByRole("link", { name: "API reference" }).click();
    await page.waitForURL((url) => url.pathname === "/_apis/docs");
    await page.getByRole("heading", { name: "Patina API reference", level: 1 }).waitFor();
  });
});
