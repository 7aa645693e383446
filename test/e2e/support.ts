/**
 * The browser half of the end-to-end tests: a real Patina listening on a free port, and Debian's
 * Chromium driven by playwright-core (no browser is downloaded). One browser per test file keeps
 * the suite fast; each test gets its own context (cookies, storage), like a fresh profile.
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
import { testDatabases } from "../support/databases.js";
import { freePort } from "../support/free-port.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

/** Debian's Chromium; `.ci/run` installs it when missing. */
const CHROMIUM = process.env.PATINA_CHROMIUM ?? "/usr/bin/chromium";

/** Flags for a quiet, offline, sandbox-less headless run in a container. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Where screenshots go: docs/screenshots (committed, shown in the README) with
 * PATINA_UPDATE_SCREENSHOTS=1 (`npm run screenshots`); otherwise test-results/screenshots, so an
 * ordinary test run does not rewrite committed images whose dates and hints change every run.
 */
export const SCREENSHOT_DIR = path.resolve(
  import.meta.dirname,
  process.env.PATINA_UPDATE_SCREENSHOTS === "1" ? "../../docs/screenshots" : "../../test-results/screenshots",
);

/** A password that passes the directory's rules. */
export const PASSWORD = "correct horse battery staple";

/**
 * Launches Chromium. Playwright gives every launch a fresh, temporary `--user-data-dir` of its
 * own (it refuses one passed in `args`), so no profile carries over between runs.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
}

export interface LiveServer {
  readonly t: TestApp;
  /** E.g. http://127.0.0.1:40123 */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts Patina on SQLite on a free loopback port. The UI must be built (npm test builds it).
 * `publicHost: "localhost"` makes the public URL (and `baseUrl`) http://localhost:PORT, still
 * bound to 127.0.0.1: WebAuthn needs a domain name, and refuses an IP address as its RP ID.
 */
export async function startLiveServer(options: { publicHost?: "localhost" } = {}): Promise<LiveServer> {
  const sqlite = testDatabases().find((database) => database.name === "sqlite");
  if (sqlite === undefined) throw new Error("SQLite test database missing");
  if (options.publicHost === undefined) {
    const t = await startTestApp(sqlite);
    const baseUrl = await t.app.server.listen({ port: 0, host: "127.0.0.1" });
    return { t, baseUrl, close: () => t.close() };
  }
  const port = await freePort();
  const baseUrl = `http://${options.publicHost}:${port}`;
  const t = await startTestApp(sqlite, { PATINA_PUBLIC_URL: baseUrl });
  await t.app.server.listen({ port, host: "127.0.0.1" });
  return { t, baseUrl, close: () => t.close() };
}

/** A new browser context on the server, with clipboard access granted for its origin. */
export async function newContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  context.setDefaultTimeout(10_000);
  return context;
}

/** Collects what would show a broken page: uncaught errors and console errors (e.g. CSP refusals). */
export function watchForPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // A failed API call (401 before sign-in, 429 when throttled) is logged by Chromium as a
    // resource error; those are expected answers, not page errors.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}

/** Signs in through the sign-in page and waits for the tokens page. */
export async function signInThroughPage(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto("/_signin");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/_usersSettings/tokens");
  await page.getByRole("heading", { name: "Personal access tokens", exact: true }).waitFor();
}

/**
 * Saves a screenshot for the docs. `mask` covers anything secret (a token's value) with a box,
 * so no committed image ever shows a token.
 */
export async function saveScreenshot(page: Page, name: string, mask: Locator[] = []): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), mask, animations: "disabled" });
}

/** Calls the API from outside the browser, with a token as curl -u :PAT would. */
export function fetchWithToken(baseUrl: string, pathAndQuery: string, token: string): Promise<Response> {
  return fetch(new URL(pathAndQuery, baseUrl), {
    headers: { authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}` },
  });
}

/** expect.poll with a timeout that suits a browser on a busy 2-core machine (its default is 1 s). */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 10_000, interval: 100 });
}

/** A phone-sized context (390 × 844, as an iPhone 12–15), touch enabled. */
export async function newPhoneContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  context.setDefaultTimeout(10_000);
  return context;
}

/** Asserts that the page does not scroll sideways (nothing is wider than the viewport). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = (await page.evaluate(
    "({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })",
  )) as { scrollWidth: number; innerWidth: number };
  expect(scrollWidth, "the page scrolls sideways").toBeLessThanOrEqual(innerWidth);
}

export { animationsSettled, expectAccessible, focusedElement } from "./accessibility.js";

/** True when `target` has the keyboard focus. */
export const hasFocus = (target: Locator) =>
  target.evaluate(
    (element: { ownerDocument: { activeElement: unknown } }) => element === element.ownerDocument.activeElement,
  );

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it never does. */
export async function tabTo(page: Page, target: Locator, maxPresses = 120): Promise<void> {
  for (let press = 0; press < maxPresses; press++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}
