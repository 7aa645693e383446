/**
 * Organization settings → Audit log in Chromium against a real server: an administrator changes
 * a policy and revokes a member's token through the API, then finds both in the log, narrows it
 * by event type and actor (kept in the URL), opens an entry to its IP address and user agent,
 * pages with Load more, exports the filtered log as CSV and JSON, and sees the chain verified.
 * On a phone the entries are stacked cards and nothing scrolls sideways.
 */
import fs from "node:fs";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  expectAccessible,
  expectNoSidewaysScroll,
  type LiveServer,
  launchBrowser,
  newContext,
  newPhoneContext,
  PASSWORD,
  saveScreenshot,
  signInThroughPage,
  startLiveServer,
  watchForPageErrors,
} from "./support.js";

/** Mints created before the test's own events, so the log has more than one page (50 a page). */
const FILLER_TOKENS = 55;
const USER_AGENT = "admin-audit-test/1.0";

/** Calls the API with a token, as a script of the administrator's would. */
function callWithToken(live: LiveServer, method: string, path: string, token: string, body?: unknown) {
  return fetch(new URL(`${path}${path.includes("?") ? "&" : "?"}api-version=7.1`, live.baseUrl), {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}`,
      "user-agent": USER_AGENT,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The disclosure button of the entry whose header mentions `text`. */
function entryButton(page: Page, text: string | RegExp): Locator {
  return page.getByRole("button", { name: text });
}

describe("the Audit log page", () => {
  let live: LiveServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("alice", { password: PASSWORD });
    await live.t.createUser("bob", { password: PASSWORD });
    await live.t.createOrg("acme", "alice");
    await live.t.addMember("acme", "bob", "contributor");
    for (let index = 0; index < FILLER_TOKENS; index++) {
      await live.t.mintToken("bob", { org: "acme", scope: "vso.code", name: `filler ${index}` });
    }
    const admin = await live.t.mintToken("alice", { org: "acme", scope: "vso.tokenadministration", name: "admin" });
    const policy = await callWithToken(live, "PATCH", "/acme/_apis/patina/policies", admin.token, {
      maxPatLifespanDays: 90,
    });
    expect(policy.status, await policy.text()).toBe(200);
    const victim = await live.t.mintToken("bob", { org: "acme", scope: "vso.code", name: "leaky build token" });
    const revoked = await callWithToken(live, "POST", "/acme/_apis/tokenadmin/revocations", admin.token, [
      { authorizationId: victim.authorizationId },
    ]);
    expect(revoked.status, await revoked.text()).toBe(204);

    context = await newContext(browser, live.baseUrl);
    page = await context.newPage();
    pageErrors = watchForPageErrors(page);
    await signInThroughPage(page, "alice");
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  it("shows the policy change and the token revoke, newest first", async () => {
    await page.goto("/acme/_settings/audit");
    await page.getByRole("heading", { name: "Audit log", level: 1 }).waitFor();
    await eventually(() => entryButton(page, /Token\.PatAdminRevokeEvent/).count()).toBe(1);
    await eventually(() => entryButton(page, /Policy\.PolicyValueUpdated/).count()).toBeGreaterThan(0);
    const headers = await page.getByRole("button", { name: /^\w{3} \d+, \d{4}/ }).allTextContents();
    expect(headers[0], "the revoke came last, so it is first").toContain("Token.PatAdminRevokeEvent");
    expect(await page.getByRole("status").textContent()).toMatch(/50 events shown, more available/);
    await eventually(() => page.getByText("Chain verified").isVisible()).toBe(true);
    expect(await page.getByText(/The audit log is intact: \d+ events checked/).isVisible()).toBe(true);
    await expectAccessible(page, "audit log, desktop");
    await saveScreenshot(page, "admin-audit");
  });

  it("opens an entry to its details, IP address, user agent and authentication", async () => {
    const button = entryButton(page, /Token\.PatAdminRevokeEvent/);
    await button.click();
    await eventually(() => button.getAttribute("aria-expanded")).toBe("true");
    const details = page.getByRole("definition").filter({ hasText: USER_AGENT });
    await eventually(() => details.count()).toBe(1);
    const panel = page.locator("dl").filter({ hasText: "IP address" }).first();
    expect(await panel.textContent()).toContain("127.0.0.1");
    expect(await panel.textContent()).toContain("PAT");
    expect(await page.getByRole("definition").filter({ hasText: "leaky build token" }).count()).toBeGreaterThan(0);
    await expectAccessible(page, "audit log, desktop, entry expanded");
    await button.click();
    await eventually(() => button.getAttribute("aria-expanded")).toBe("false");
  });

  it("pages with Load more and moves focus to the first new entry", async () => {
    await page.getByRole("button", { name: "Load more" }).click();
    await eventually(() => page.getByRole("status").textContent()).toMatch(/^\d+ events shown$/);
    const shown = Number.parseInt((await page.getByRole("status").textContent()) ?? "", 10);
    expect(shown).toBeGreaterThan(50);
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    const focused = await page.evaluate("document.activeElement?.textContent ?? ''");
    expect(focused).toMatch(/Token\.|Organization\.|User\./);
  });

  it("narrows by event type, kept in the URL across a reload", async () => {
    await page.getByRole("combobox", { name: "Event type" }).selectOption({ label: "Token.PatAdminRevokeEvent" });
    await eventually(() => new URL(page.url()).searchParams.get("event")).toBe("Token.PatAdminRevokeEvent");
    await eventually(() => page.getByRole("status").textContent()).toBe("1 event shown");
    await page.reload();
    await eventually(() => page.getByRole("status").textContent()).toBe("1 event shown");
    expect(await page.getByRole("combobox", { name: "Event type" }).inputValue()).toBe("Token.PatAdminRevokeEvent");
    await page.getByRole("combobox", { name: "Event type" }).selectOption({ label: "All events" });
    await eventually(() => new URL(page.url()).searchParams.has("event")).toBe(false);
  });

  it("narrows by actor and by a whole area", async () => {
    await page.getByRole("combobox", { name: "Event type" }).selectOption({ label: "All Token events" });
    await eventually(() => new URL(page.url()).searchParams.get("event")).toBe("Token");
    await page.getByRole("searchbox", { name: "Actor" }).fill("ALICE");
    await eventually(() => new URL(page.url()).searchParams.get("actor")).toBe("ALICE");
    await eventually(() => page.getByRole("status").textContent()).toBe("1 event shown");
    expect(await entryButton(page, /Token\.PatAdminRevokeEvent/).count()).toBe(1);
    await page.getByRole("combobox", { name: "Event type" }).selectOption({ label: "All Policy events" });
    await eventually(() => entryButton(page, /Policy\.PolicyValueUpdated/).count()).toBeGreaterThan(0);
    expect(await entryButton(page, /Token\./).count()).toBe(0);
    await page.getByRole("searchbox", { name: "Actor" }).fill("");
    await page.getByRole("combobox", { name: "Event type" }).selectOption({ label: "All events" });
    await eventually(() => new URL(page.url()).search).toBe("");
  });

  it("offers a custom UTC range and says when it runs backwards", async () => {
    await page.getByRole("combobox", { name: "Time range" }).selectOption({ label: "Custom range" });
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel("From (UTC)").fill("2030-01-02");
    await page.getByLabel("To (UTC)").fill("2030-01-01");
    await eventually(() => page.getByText("The end date must not be before the start date.").isVisible()).toBe(true);
    await expectAccessible(page, "audit log, desktop, custom range error");
    await page.getByLabel("From (UTC)").fill(today);
    await page.getByLabel("To (UTC)").fill(today);
    await eventually(() => entryButton(page, /Token\.PatAdminRevokeEvent/).count()).toBe(1);
    const url = new URL(page.url());
    expect([url.searchParams.get("range"), url.searchParams.get("from"), url.searchParams.get("to")]).toEqual([
      "custom",
      today,
      today,
    ]);
    await page.getByLabel("From (UTC)").fill("2020-01-01");
    await page.getByLabel("To (UTC)").fill("2020-01-31");
    await eventually(() => page.getByRole("status").textContent()).toBe("No events match these filters.");
    await page.getByRole("combobox", { name: "Time range" }).selectOption({ label: "Last 24 hours" });
    await eventually(() => entryButton(page, /Token\.PatAdminRevokeEvent/).count()).toBe(1);
  });

  it("exports the filtered log as CSV and as JSON", async () => {
    await page.getByRole("combobox", { name: "Event type" }).selectOption({ label: "Token.PatAdminRevokeEvent" });
    await eventually(() => page.getByRole("status").textContent()).toBe("1 event shown");
    const csvLink = page.getByRole("link", { name: "Export CSV" });
    const [download] = await Promise.all([page.waitForEvent("download"), csvLink.click()]);
    const file = await download.path();
    const csv = fs.readFileSync(file, "utf8").trim().split("\r\n");
    expect(csv[0]).toMatch(/^Id,CorrelationId,/);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain("Token.PatAdminRevokeEvent");
    expect(download.suggestedFilename()).toBe("acme-audit-log.csv");

    const href = await csvLink.getAttribute("href");
    const answer = await context.request.get(href ?? "");
    expect(answer.headers()["content-type"]).toBe("text/csv; charset=utf-8");

    const jsonHref = await page.getByRole("link", { name: "Export JSON" }).getAttribute("href");
    const json = await context.request.get(jsonHref ?? "");
    expect(json.headers()["content-type"]).toBe("application/json; charset=utf-8");
    const entries = (await json.json()) as { actionId: string }[];
    expect(entries.map((entry) => entry.actionId)).toEqual(["Token.PatAdminRevokeEvent"]);
    await page.getByRole("combobox", { name: "Event type" }).selectOption({ label: "All events" });
  });

  it("shows the entries as stacked cards on a phone, without sideways scroll", async () => {
    const phone = await newPhoneContext(browser, live.baseUrl);
    const phonePage = await phone.newPage();
    const errors = watchForPageErrors(phonePage);
    await signInThroughPage(phonePage, "alice");
    await phonePage.goto("/acme/_settings/audit");
    const button = entryButton(phonePage, /Token\.PatAdminRevokeEvent/);
    await eventually(() => button.count()).toBe(1);
    await expectNoSidewaysScroll(phonePage);
    await expectAccessible(phonePage, "audit log, phone");
    await button.click();
    await eventually(() => button.getAttribute("aria-expanded")).toBe("true");
    await expectNoSidewaysScroll(phonePage);
    await expectAccessible(phonePage, "audit log, phone, entry expanded");
    await saveScreenshot(phonePage, "admin-audit-phone");
    expect(errors).toEqual([]);
    await phone.close();
  });

  it("says the chain is broken when an event was changed in the database", async () => {
    const db = live.t.app.services.store.db;
    const victim = await db
      .selectFrom("auditEvents")
      .select("id")
      .where("eventType", "=", "Token.PatAdminRevokeEvent")
      .executeTakeFirstOrThrow();
    await db.updateTable("auditEvents").set({ actorName: "mallory" }).where("id", "=", victim.id).execute();
    await page.reload();
    await eventually(() => page.getByText("Chain broken").isVisible()).toBe(true);
    expect(
      await page.getByText(/The audit log has been tampered with: the event at position \d+ was changed/).isVisible(),
    ).toBe(true);
    await expectAccessible(page, "audit log, desktop, chain broken");
  });

  it("loaded every page without script errors or policy violations", () => {
    expect(pageErrors).toEqual([]);
  });
});
