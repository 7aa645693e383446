/**
 * The token list as a user meets it in Chromium: a table on a desktop and stacked cards on a
 * phone, names in the order people expect, search, count and pages of 20, the view kept in the
 * URL, expiry warnings, a list that follows Revoke, Save and Regenerate with a confirmation and
 * with focus kept on the page, and Revoke all — each state checked with axe-core.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startTestApp } from "../support/test-app.js";
import {
  eventually,
  expectAccessible,
  expectNoSidewaysScroll,
  focusedElement,
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
import { focusedTokenName, openDialog, shownNames, takeShownToken, tokenCard, tokenRow } from "./tokens-page.js";

const LONG_NAME = `release pipeline ${"very long token name ".repeat(12)}`.slice(0, 256);
const MANY_SCOPES = "vso.code vso.build vso.work vso.packaging vso.release";

describe("the token list", () => {
  let live: LiveServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("alice", { password: PASSWORD });
    await live.t.createOrg("acme", "alice");
    const mint = (name: string, days = 60, scope = "vso.code") =>
      live.t.mintToken("alice", { org: "acme", scope, name, days });
    for (const name of ["ci-token-10", "beta", "ci-token-2", "Alpha", "alpha"]) await mint(name);
    await mint("deploy", 3);
    await mint("nightly", 20);
    await mint("build", 90, MANY_SCOPES);
    await mint(LONG_NAME, 120);
  });
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** A signed-in page of a fresh desktop (or phone) context. */
  async function signedIn(username: string, phone = false): Promise<Page> {
    const context = phone ? await newPhoneContext(browser, live.baseUrl) : await newContext(browser, live.baseUrl);
    const page = await context.newPage();
    pageErrors.push(...watchForPageErrors(page));
    await signInThroughPage(page, username);
    return page;
  }

  it("shows a table with created dates, natural name order, a count, and expiry warnings", async () => {
    const page = await signedIn("alice");
    await eventually(() => page.getByRole("heading", { name: "9 tokens" }).isVisible()).toBe(true);
    expect(await page.getByRole("columnheader", { name: "Created" }).isVisible()).toBe(true);
    expect(await shownNames(page)).toEqual([
      "Alpha",
      "alpha",
      "beta",
      "build",
      "ci-token-2",
      "ci-token-10",
      "deploy",
      "nightly",
      LONG_NAME,
    ]);
    expect(await focusedElement(page), "focus starts on the page, not on <body>").toBe("h1: Personal access tokens");

    const banner = page.getByText("1 token expires within 7 days");
    await eventually(() => banner.isVisible()).toBe(true);
    const bannerText = await page.locator(".fui-MessageBar").filter({ hasText: "expires within" }).textContent();
    expect(bannerText).toContain("deploy");
    expect(bannerText).not.toContain("nightly");
    expect(await tokenRow(page, "deploy").getByText("Expires soon").count()).toBe(1);
    expect(
      await tokenRow(page, "nightly").getByText("Expires soon").count(),
      "20 days is beyond the 7-day notice",
    ).toBe(0);
    expect(await tokenRow(page, "beta").textContent()).toContain(
      new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" }).format(
        live.t.clock.now(),
      ),
    );

    await expectAccessible(page, "token list, desktop, with the expiry banner");
    await saveScreenshot(page, "tokens");
  });

  it("reaches every scope without hovering, and keeps long names to two lines", async () => {
    const page = await signedIn("alice");
    const build = tokenRow(page, "build");
    const more = build.getByRole("button", { name: "and 2 more" });
    await more.waitFor();
    expect(await build.textContent()).not.toContain("Release");
    expect(await more.getAttribute("aria-expanded")).toBe("false");
    await more.click();
    await eventually(() => build.textContent()).toContain("Release");
    expect(await build.getByRole("button", { name: "Show fewer" }).getAttribute("aria-expanded")).toBe("true");

    const longLink = page.getByRole("link", { name: LONG_NAME, exact: true });
    expect(await longLink.getAttribute("title")).toBe(LONG_NAME);
    const long = (await longLink.boundingBox())?.height ?? 0;
    const oneLine = (await page.getByRole("link", { name: "beta", exact: true }).boundingBox())?.height ?? 0;
    expect(oneLine).toBeGreaterThan(0);
    expect(long, "at most two lines of the name").toBeLessThanOrEqual(2 * oneLine + 1);
    expect(long, "but more than one").toBeGreaterThan(oneLine);
    await expectAccessible(page, "token list, desktop, scopes expanded");
  });

  it("links a token's name to its details page", async () => {
    const page = await signedIn("alice");
    const link = page.getByRole("link", { name: "beta", exact: true });
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/_usersSettings\/tokens\/[0-9a-f-]{36}$/);
    await link.click();
    await page.waitForURL((url) => url.pathname === href);
  });

  it("keeps filter, sort and search in the URL, so a reload shows the same list", async () => {
    const page = await signedIn("alice");
    await page.getByRole("combobox", { name: "Status filter" }).selectOption({ label: "All" });
    await page.getByRole("combobox", { name: "Sort by" }).selectOption({ label: "Name (Z to A)" });
    await page.getByRole("searchbox", { name: "Search by name" }).fill("CI-TOKEN");
    await eventually(() => shownNames(page)).toEqual(["ci-token-10", "ci-token-2"]);
    await eventually(() => page.getByRole("heading", { name: "2 tokens" }).isVisible()).toBe(true);
    const url = new URL(page.url());
    // The default sort field (name) is left out of the URL; its direction is not the default.
    expect(Object.fromEntries(url.searchParams)).toEqual({ status: "all", order: "desc", search: "CI-TOKEN" });

    await page.reload();
    await eventually(() => shownNames(page)).toEqual(["ci-token-10", "ci-token-2"]);
    expect(await page.getByRole("combobox", { name: "Status filter" }).inputValue()).toBe("all");
    expect(await page.getByRole("searchbox", { name: "Search by name" }).inputValue()).toBe("CI-TOKEN");
    expect(await page.getByRole("columnheader", { name: "Token name" }).getAttribute("aria-sort")).toBe("descending");

    await page.getByRole("searchbox", { name: "Search by name" }).fill("no such token");
    await eventually(() => page.getByText("No token name matches your search.").isVisible()).toBe(true);
  });

  it("follows Save, Regenerate and Revoke at once, confirming each, with focus kept on the page", async () => {
    await live.t.createUser("erin", { password: PASSWORD });
    await live.t.addMember("acme", "erin", "reader");
    for (const name of ["first", "second", "third"]) {
      await live.t.mintToken("erin", { org: "acme", scope: "vso.code", name, days: 30 });
    }
    const page = await signedIn("erin");
    const status = page.getByRole("status");
    await tokenRow(page, "first").waitFor();

    await tokenRow(page, "first").getByRole("button", { name: "Edit" }).click();
    const panel = page.getByRole("dialog");
    await panel.getByRole("textbox", { name: "Name", exact: true }).fill("first renamed");
    await panel.getByRole("button", { name: "Save" }).click();
    await eventually(() => status.textContent()).toContain("Saved “first renamed”");
    await tokenRow(page, "first renamed").waitFor();

    await tokenRow(page, "third").getByRole("button", { name: "Regenerate" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Regenerate" }).click();
    await takeShownToken(page);
    await page.getByRole("dialog").getByRole("button", { name: "Close", exact: true }).click();
    await eventually(() => status.textContent()).toContain("Regenerated “third”");

    await tokenRow(page, "second").getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke" }).click();
    await eventually(() => status.textContent()).toContain("Revoked “second”");
    // A revoked row leaves Active at once.
    await eventually(() => tokenRow(page, "second").count()).toBe(0);
    await eventually(() => page.getByRole("heading", { name: "2 tokens" }).isVisible()).toBe(true);
    // Focus moves to the next row.
    await eventually(() => focusedTokenName(page)).toBe("third");
    expect(await focusedElement(page)).toBe("button: Revoke");
    await expectAccessible(page, "token list after a revoke");

    // The last row: no next one, so the previous row's Revoke takes focus; then the list heading.
    await tokenRow(page, "third").getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke" }).click();
    await eventually(() => focusedTokenName(page)).toBe("first renamed");
    await page.keyboard.press("Enter");
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke" }).click();
    await eventually(() => focusedElement(page)).toBe("h2: 0 tokens");

    await page.getByRole("combobox", { name: "Status filter" }).selectOption({ label: "Revoked" });
    await tokenRow(page, "second").waitFor();
    expect(await tokenRow(page, "second").textContent()).toContain("Revoked");
  });

  it("shows pages of 20 with Load more, and the count of all", async () => {
    await live.t.createUser("frank", { password: PASSWORD });
    await live.t.addMember("acme", "frank", "reader");
    for (let n = 1; n <= 45; n++) {
      await live.t.mintToken("frank", { org: "acme", scope: "vso.code", name: `job-${n}`, days: 30 });
    }
    const page = await signedIn("frank");
    await eventually(() => page.getByRole("heading", { name: "45 tokens" }).isVisible()).toBe(true);
    await eventually(() => shownNames(page)).toHaveLength(20);
    expect((await shownNames(page)).slice(0, 3)).toEqual(["job-1", "job-2", "job-3"]);
    await page.getByRole("button", { name: "Load more" }).click();
    await eventually(() => shownNames(page)).toHaveLength(40);
    expect(await focusedTokenName(page), "focus goes to the first token loaded").toBe("job-21");
    await page.getByRole("button", { name: "Load more" }).click();
    await eventually(() => shownNames(page)).toHaveLength(45);
    expect((await shownNames(page)).at(-1)).toBe("job-45");
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);
    expect(await focusedTokenName(page)).toBe("job-41");

    await page.getByRole("searchbox", { name: "Search by name" }).fill("job-4");
    await eventually(() => shownNames(page)).toEqual([
      "job-4",
      "job-40",
      "job-41",
      "job-42",
      "job-43",
      "job-44",
      "job-45",
    ]);
    await eventually(() => page.getByRole("heading", { name: "7 tokens" }).isVisible()).toBe(true);
  });

  it("becomes stacked cards at phone width, with every fact and action in reach", async () => {
    const page = await signedIn("alice", true);
    await tokenCard(page, "deploy").waitFor();
    expect(await page.getByRole("table").count(), "no table on a phone").toBe(0);
    await expectNoSidewaysScroll(page);
    const card = tokenCard(page, "build");
    for (const term of ["Organization", "Scopes", "Status", "Created", "Expires (UTC)", "Last used"]) {
      expect(await card.getByRole("term").filter({ hasText: term }).count(), term).toBe(1);
    }
    const text = await card.textContent();
    for (const fact of ["acme", "Release: Read", "Active", "Never"]) expect(text).toContain(fact);
    expect(await tokenCard(page, "deploy").getByText("Expires soon").count()).toBe(1);

    const reachable = page.getByRole("button").or(page.getByRole("combobox")).or(page.getByRole("searchbox"));
    for (const control of await reachable.all()) {
      if (!(await control.isVisible())) continue;
      const box = await control.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0), (await control.textContent()) ?? "").toBeLessThanOrEqual(390);
      expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
    }
    const toolbar = await Promise.all(
      ["New Token", "Revoke all"].map(async (name) => (await page.getByRole("button", { name }).boundingBox())?.y),
    );
    const filter = (await page.getByRole("combobox", { name: "Status filter" }).boundingBox())?.y ?? 0;
    expect(filter, "the toolbar wraps onto more lines").toBeGreaterThan((toolbar[0] ?? 0) + 10);

    await expectAccessible(page, "token list, phone");
    await saveScreenshot(page, "tokens-phone");

    await tokenCard(page, "nightly").getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke" }).click();
    await eventually(() => tokenCard(page, "nightly").count()).toBe(0);
    await eventually(() => focusedTokenName(page)).not.toBeNull();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "token list, phone, after a revoke");
  });

  it("shows the empty list accessibly on desktop and phone", async () => {
    await live.t.createUser("carol", { password: PASSWORD });
    await live.t.addMember("acme", "carol", "reader");
    for (const phone of [false, true]) {
      const page = await signedIn("carol", phone);
      await eventually(() => page.getByText("You have no active personal access tokens.").isVisible()).toBe(true);
      expect(await page.getByText("expires within").count(), "no banner without expiring tokens").toBe(0);
      expect(await page.getByRole("button", { name: "Revoke all" }).getAttribute("aria-disabled")).toBe("true");
      if (phone) await expectNoSidewaysScroll(page);
      await expectAccessible(page, `empty token list, ${phone ? "phone" : "desktop"}`);
    }
  });

  it("revokes all of the user's tokens after a confirmation, and says how many", async () => {
    await live.t.createUser("dave", { password: PASSWORD });
    await live.t.addMember("acme", "dave", "reader");
    const minted = [];
    for (const name of ["one", "two", "three"]) {
      minted.push(await live.t.mintToken("dave", { org: "acme", scope: "vso.code", name, days: 5 }));
    }
    for (const phone of [true, false]) {
      const page = await signedIn("dave", phone);
      await eventually(() => page.getByRole("heading", { name: "3 tokens" }).isVisible()).toBe(true);
      await page.getByRole("button", { name: "Revoke all" }).click();
      const dialog = page.getByRole("alertdialog");
      await eventually(() => dialog.getByRole("heading", { name: "Revoke all your tokens?" }).isVisible()).toBe(true);
      expect(await dialog.textContent()).toContain("all 3 of your active tokens");
      // Cancel, not the destructive button, has focus.
      await eventually(() => focusedElement(page)).toBe("button: Cancel");
      if (phone) await expectNoSidewaysScroll(page);
      await expectAccessible(page, `revoke-all dialog, ${phone ? "phone" : "desktop"}`);
      if (phone) {
        await dialog.getByRole("button", { name: "Cancel" }).click();
        await eventually(() => openDialog(page).count()).toBe(0);
        expect(await shownNames(page)).toHaveLength(3);
        continue;
      }
      await dialog.getByRole("button", { name: "Revoke all" }).click();
      await eventually(() => page.getByRole("status").textContent()).toContain("Revoked 3 tokens.");
      await eventually(() => page.getByText("You have no active personal access tokens.").isVisible()).toBe(true);
      expect(await page.getByText("expire within").count(), "the banner goes with the tokens").toBe(0);
      await eventually(() => focusedElement(page)).not.toBe("body: ");
      await expectAccessible(page, "token list after Revoke all");
    }
    for (const token of minted) {
      const response = await fetch(new URL("/_apis/connectionData?api-version=7.1", live.baseUrl), {
        headers: { authorization: `Basic ${Buffer.from(`:${token.token}`).toString("base64")}` },
      });
      expect(response.status).toBe(401);
    }
  });

  it("loaded every page without script errors or policy violations", () => {
    expect(pageErrors).toEqual([]);
  });
});

describe("the token list's notice window", () => {
  it("marks Expires soon within the largest configured notice day, and warns in the banner only within 7 days", async () => {
    const sqlite = testDatabases().find((database) => database.name === "sqlite");
    if (sqlite === undefined) throw new Error("SQLite test database missing");
    const [t, browser] = await Promise.all([
      startTestApp(sqlite, { PATINA_EXPIRY_NOTICE_DAYS: "7,30" }),
      launchBrowser(),
    ]);
    try {
      const baseUrl = await t.app.server.listen({ port: 0, host: "127.0.0.1" });
      await t.createUser("gina", { password: PASSWORD });
      await t.createOrg("acme", "gina");
      await t.mintToken("gina", { org: "acme", scope: "vso.code", name: "in 20 days", days: 20 });
      await t.mintToken("gina", { org: "acme", scope: "vso.code", name: "in 40 days", days: 40 });
      const page = await (await newContext(browser, baseUrl)).newPage();
      await signInThroughPage(page, "gina");
      await tokenRow(page, "in 40 days").waitFor();
      expect(await tokenRow(page, "in 20 days").getByText("Expires soon").count(), "30 is the largest day").toBe(1);
      expect(await tokenRow(page, "in 40 days").getByText("Expires soon").count()).toBe(0);
      expect(await page.getByText("within 7 days").count(), "no banner: nothing expires within 7 days").toBe(0);
    } finally {
      await browser.close();
      await t.close();
    }
  });
});
