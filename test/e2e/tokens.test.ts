/**
 * The Personal access tokens page in Chromium against a real server: create (Custom defined,
 * Code: Read & write), copy, and prove with real HTTP requests and `git ls-remote` that the token
 * works within its scope only; edit (rename, extend); regenerate (old value fails, new works); revoke (value
 * fails, row shows Revoked).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitRemote, type GitRemote } from "./git-remote.js";
import {
  eventually,
  fetchWithToken,
  type LiveServer,
  launchBrowser,
  newContext,
  PASSWORD,
  signInThroughPage,
  startLiveServer,
  watchForPageErrors,
} from "./support.js";
import {
  chooseScope,
  createTokenThroughPage,
  shownDate,
  startNewToken,
  takeShownToken,
  tokenRow,
} from "./tokens-page.js";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("the Personal access tokens page", () => {
  let live: LiveServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let remote: GitRemote;
  /** Every token value the page showed, to look for in the server's log at the end. */
  const shown: string[] = [];

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("alice", { password: PASSWORD, admin: true });
    const acmeId = await live.t.createOrg("acme", "alice");
    await live.t.createProject("acme", "web");
    remote = await createGitRemote(live, { orgId: acmeId, org: "acme", project: "web", name: "app" });
    context = await newContext(browser, live.baseUrl);
    page = await context.newPage();
    pageErrors = watchForPageErrors(page);
    await signInThroughPage(page, "alice");
  });
  afterAll(async () => {
    remote?.remove();
    await browser?.close();
    await live?.close();
  });

  const connectionData = (token: string) =>
    fetchWithToken(live.baseUrl, "/_apis/connectionData?api-version=7.1", token);
  const lsRemote = (token: string) => remote.lsRemote(token);

  it("shows an empty state that invites to create the first token", async () => {
    await eventually(() => page.getByText("You have no active personal access tokens.").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Create a token" }).click();
    await eventually(() =>
      page.getByRole("dialog").getByRole("textbox", { name: "Name", exact: true }).isVisible(),
    ).toBe(true);
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await eventually(() => page.getByRole("dialog").count()).toBe(0);
  });

  it("creates a Custom defined token with Code: Read & write, shows it once, and it works within its scope only", async () => {
    const panel = await startNewToken(page, "deploy");
    await eventually(() => panel.getByRole("combobox", { name: "Expiration (UTC)" }).inputValue()).toBe("30");
    await eventually(() => panel.getByRole("combobox", { name: "Organization" }).inputValue()).toBe("acme");
    await panel.getByRole("radio", { name: "Custom defined" }).check();
    await chooseScope(panel, "Code", "Read & write");
    await panel.getByRole("button", { name: "Create", exact: true }).click();

    const token = await takeShownToken(page);
    shown.push(token);
    await eventually(() => page.getByText("It will not be shown again").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Copy" }).click();
    await eventually(() => page.getByText("Copied to the clipboard.").isVisible()).toBe(true);
    // Evaluated in the page (a string, since the test code is type-checked without DOM types).
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(token);
    await page.getByRole("button", { name: "Close" }).click();

    const row = tokenRow(page, "deploy");
    await eventually(() => row.textContent()).toContain("Code: Read & write");
    expect(await row.textContent()).toContain("acme");
    expect(await row.textContent()).toContain("Active");
    expect(await row.textContent()).toContain(shownDate(new Date(Date.now() + 30 * DAY_MS)));
    expect(await page.content()).not.toContain(token);

    expect((await connectionData(token)).status).toBe(200);
    const repositories = await fetchWithToken(live.baseUrl, "/acme/web/_apis/git/repositories?api-version=7.1", token);
    expect(repositories.status, "vso.code is within Code: Read & write").toBe(200);
    const listed = await lsRemote(token);
    expect(listed.code, listed.stderr).toBe(0);
    const projects = await fetchWithToken(live.baseUrl, "/acme/_apis/projects?api-version=7.1", token);
    expect(projects.status, "vso.project is not among its scopes").toBe(403);
    const tokensApi = await fetchWithToken(live.baseUrl, "/acme/_apis/tokens/pats?api-version=7.1", token);
    expect(tokensApi.status, "vso.pats is not among its scopes").toBe(403);
  });

  it("edits a token: renames it and extends its expiration", async () => {
    await tokenRow(page, "deploy").getByRole("button", { name: "Edit" }).click();
    const panel = page.getByRole("dialog");
    await eventually(() => panel.getByRole("textbox", { name: "Name", exact: true }).inputValue()).toBe("deploy");
    await eventually(() =>
      panel
        .getByRole("radiogroup", { name: "Code", exact: true })
        .getByRole("radio", { name: "Read & write" })
        .isChecked(),
    ).toBe(true);
    await panel.getByRole("textbox", { name: "Name", exact: true }).fill("deploy (renamed)");
    await panel.getByRole("combobox", { name: "Expiration (UTC)" }).selectOption({ label: "90 days" });
    await panel.getByRole("button", { name: "Save" }).click();

    const row = tokenRow(page, "deploy (renamed)");
    await eventually(() => row.textContent()).toContain(shownDate(new Date(Date.now() + 90 * DAY_MS)));
    expect(await tokenRow(page, "deploy").count()).toBe(0);
    expect(await row.textContent()).toContain("Code: Read & write");
  });

  it("regenerates a token after confirmation: the old value fails, the new one works", async () => {
    const old = await createTokenThroughPage(page, "ci", "Code", "Read");
    shown.push(old);
    expect((await connectionData(old)).status).toBe(200);
    expect((await lsRemote(old)).code).toBe(0);
    await tokenRow(page, "ci").getByRole("button", { name: "Regenerate" }).click();
    const dialog = page.getByRole("alertdialog");
    await eventually(() => dialog.getByText("stops working at once").isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "Regenerate" }).click();
    const fresh = await takeShownToken(page);
    shown.push(fresh);
    expect(fresh).not.toBe(old);
    await page.getByRole("button", { name: "Close" }).click();
    expect((await connectionData(old)).status).toBe(401);
    expect((await lsRemote(old)).code).not.toBe(0);
    expect((await connectionData(fresh)).status).toBe(200);
    const listed = await lsRemote(fresh);
    expect(listed.code, listed.stderr).toBe(0);
  });

  it("revokes a token through the dialog: the value stops working and the row shows Revoked", async () => {
    const token = await createTokenThroughPage(page, "to revoke", "Work Items", "Read");
    shown.push(token);
    await tokenRow(page, "to revoke").getByRole("button", { name: "Revoke" }).click();
    const dialog = page.getByRole("alertdialog");
    await eventually(() => dialog.getByRole("heading", { name: "Revoke token?" }).isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "Revoke" }).click();
    // A revoked token leaves the Active list at once; it is listed under Revoked, without actions.
    await eventually(() => tokenRow(page, "to revoke").count()).toBe(0);
    await page.getByRole("combobox", { name: "Status filter" }).selectOption({ label: "Revoked" });
    await eventually(() => tokenRow(page, "to revoke").textContent()).toContain("Revoked");
    expect(await tokenRow(page, "to revoke").getByRole("button").count(), "no actions on a revoked token").toBe(0);
    await page.getByRole("combobox", { name: "Status filter" }).selectOption({ label: "Active" });
    expect((await connectionData(token)).status).toBe(401);
  });

  it("filters by status and sorts by the column headers", async () => {
    await page.getByRole("combobox", { name: "Status filter" }).selectOption({ label: "Revoked" });
    await eventually(() => page.getByRole("row").count()).toBe(2);
    await tokenRow(page, "to revoke").waitFor();
    await page.getByRole("combobox", { name: "Status filter" }).selectOption({ label: "All" });
    await eventually(() => page.getByRole("row").count()).toBe(4);

    // The first cell holds the name followed by the hint (patina_…); the name is what counts.
    const names = async () =>
      (await page.getByRole("row").locator("td:first-child").allTextContents()).map((cell) => cell.split("patina_")[0]);
    await eventually(names).toEqual(["ci", "deploy (renamed)", "to revoke"]);
    await page.getByRole("columnheader", { name: "Token name" }).click();
    await eventually(names).toEqual(["to revoke", "deploy (renamed)", "ci"]);
    const expiresOn = page.getByRole("columnheader", { name: "Expires on (UTC)" });
    await expiresOn.click();
    await eventually(async () => (await names())[2]).toBe("deploy (renamed)");
    expect(await expiresOn.getAttribute("aria-sort")).toBe("ascending");
    await page.getByRole("combobox", { name: "Status filter" }).selectOption({ label: "Active" });
    await eventually(() => page.getByRole("row").count()).toBe(3);
  });

  it("loaded every page without script errors or policy violations", () => {
    expect(pageErrors).toEqual([]);
  });

  it("never wrote a token value the page showed to the server log", () => {
    expect(shown).toHaveLength(4);
    const log = live.t.logs.join("\n");
    for (const token of shown) expect(log.includes(token)).toBe(false);
  });
});
