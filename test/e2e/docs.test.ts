/**
 * The API reference at /_apis/docs in Chromium: it renders under its Content-Security-Policy
 * (no violation, no page error, operations listed and expandable), and another page cannot
 * frame it.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveServer, launchBrowser, newContext, startLiveServer, watchForPageErrors } from "./support.js";

describe("the API reference page", () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it("renders under its Content-Security-Policy without a violation", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    const errors = watchForPageErrors(page);
    // Collects every CSP refusal the page meets, from its very first script on.
    await page.addInitScript({
      content: `window.cspViolations = [];
        document.addEventListener("securitypolicyviolation", (event) =>
          window.cspViolations.push(event.violatedDirective + " " + event.blockedURI));`,
    });
    const response = await page.goto("/_apis/docs");
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.locator(".swagger-ui .info .title", { hasText: "Patina" }).waitFor();
    const operations = page.locator(".opblock");
    await operations.first().waitFor();
    expect(await operations.count()).toBeGreaterThan(10);
    // Expanding an operation renders its parameters and schemas (highlighted examples included).
    await page.locator(".opblock-summary", { hasText: "/_apis/connectionData" }).first().click();
    await page.locator(".opblock-body").first().waitFor();
    await page.getByRole("button", { name: "Try it out" }).first().waitFor();
    const violations = await page.evaluate("window.cspViolations");
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("cannot be framed by another page", async () => {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    const refused = page.waitForEvent("console", (message) => /frame-ancestors/.test(message.text()));
    await page.setContent(`<iframe src="${live.baseUrl}/_apis/docs"></iframe>`);
    expect((await refused).text()).toMatch(/frame-ancestors 'none'.*blocked/);
    expect(await page.frames()[1]?.locator(".swagger-ui").count()).toBe(0);
  });
});
