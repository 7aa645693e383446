/**
 * Signing in and out in Chromium: the page the user asked for after sign-in (and never another
 * site), wrong passwords in words, throttling with its wait, and sign-out.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  type LiveServer,
  launchBrowser,
  newContext,
  PASSWORD,
  saveScreenshot,
  startLiveServer,
  watchForPageErrors,
} from "./support.js";

describe("sign-in", () => {
  let live: LiveServer;
  let browser: Browser;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    for (const user of ["alice", "bob", "carol"]) await live.t.createUser(user, { password: PASSWORD });
    await live.t.createOrg("acme", "alice");
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  async function freshPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await (await newContext(browser, live.baseUrl)).newPage();
    return { page, errors: watchForPageErrors(page) };
  }

  /** Fills and submits the form; resolves with the status of the sign-in call it made. */
  async function submit(page: Page, username: string, password: string): Promise<number> {
    await page.getByRole("textbox", { name: "Username" }).fill(username);
    await page.getByRole("textbox", { name: "Password" }).fill(password);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/_apis/patina/session") && r.request().method() === "POST"),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    return response.status();
  }

  const path = (page: Page) => new URL(page.url()).pathname + new URL(page.url()).search;

  it("sends a signed-out visitor to sign-in, and back to the page they asked for", async () => {
    const { page, errors } = await freshPage();
    await page.goto("/_usersSettings/tokens");
    await eventually(() => path(page)).toBe("/_signin?returnTo=%2F_usersSettings%2Ftokens");
    await page.getByRole("heading", { name: "Sign in to Patina" }).waitFor();
    await saveScreenshot(page, "sign-in");
    await submit(page, "alice", PASSWORD);
    await eventually(() => path(page)).toBe("/_usersSettings/tokens");
    await page.getByRole("heading", { name: "Personal access tokens", exact: true }).waitFor();
    expect(errors).toEqual([]);
  });

  it("never follows a returnTo that leaves the site", async () => {
    for (const returnTo of ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      const { page } = await freshPage();
      await page.goto(`/_signin?returnTo=${encodeURIComponent(returnTo)}`);
      await submit(page, "alice", PASSWORD);
      await eventually(() => page.url()).toBe(`${live.baseUrl}/_usersSettings/tokens`);
    }
  });

  it("says in words that the password is wrong, and signs in with the right one", async () => {
    const { page } = await freshPage();
    await page.goto("/_signin");
    expect(await submit(page, "carol", "not her password")).toBe(401);
    await eventually(() => page.getByRole("alert").textContent()).toBe("The username or password is incorrect.");
    expect(path(page)).toBe("/_signin");
    await submit(page, "carol", PASSWORD);
    await eventually(() => path(page)).toBe("/_usersSettings/tokens");
  });

  it("throttles repeated failures and says how long to wait", async () => {
    const { page } = await freshPage();
    await page.goto("/_signin");
    const alert = page.getByRole("alert");
    const statuses: number[] = [];
    while (statuses.at(-1) !== 429 && statuses.length < 12) statuses.push(await submit(page, "bob", "a guess"));
    expect(statuses[0]).toBe(401);
    expect(statuses.at(-1)).toBe(429);
    await eventually(() => alert.textContent()).toMatch(/^Too many attempts, try again in \d+ seconds?\.$/);
    // Even the right password waits until the throttle lifts.
    expect(await submit(page, "bob", PASSWORD)).toBe(429);
    await eventually(() => alert.textContent()).toMatch(/^Too many attempts/);
    expect(path(page)).toBe("/_signin");
  });

  it("signs out: the session ends and the tokens page asks to sign in again", async () => {
    const { page } = await freshPage();
    await page.goto("/_signin");
    await submit(page, "alice", PASSWORD);
    await page.getByRole("heading", { name: "Personal access tokens", exact: true }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await eventually(() => path(page)).toBe("/_signin");
    await page.goto("/_usersSettings/tokens");
    await eventually(() => path(page)).toBe("/_signin?returnTo=%2F_usersSettings%2Ftokens");
    const session = await page.request.get("/_apis/patina/session");
    expect(session.status()).toBe(401);
  });
});
