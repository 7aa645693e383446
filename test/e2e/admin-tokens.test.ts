/**
 * Organization settings → Personal access tokens in Chromium: an admin finds another user's token
 * by search and revokes it with the keyboard alone (focus back on the list afterwards; the token
 * then fails with 401), filters kept in the URL, paging, revoke selected, revoke all of a user,
 * the revocation rule with the server's message next to its field, the phone layout, and the
 * audit log API showing both the policy change and the admin revoke.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type MintedToken } from "../support/test-app.js";
import { descriptionOf, policySwitch } from "./admin-pages.js";
import {
  animationsSettled,
  eventually,
  expectAccessible as expectAccessibleNow,
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

async function expectAccessible(page: Page, state: string): Promise<void> {
  await animationsSettled(page);
  await expectAccessibleNow(page, state);
}

describe("the organization's Personal access tokens page", () => {
  let live: LiveServer;
  let browser: Browser;
  const errors: string[] = [];
  let target: MintedToken;
  const minted: MintedToken[] = [];

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("alice", { password: PASSWORD, admin: true });
    await live.t.createUser("bob", { password: PASSWORD });
    await live.t.createUser("carol", { password: PASSWORD });
    await live.t.createOrg("acme", "alice");
    await live.t.addMember("acme", "bob", "contributor");
    await live.t.addMember("acme", "carol", "contributor");
    target = await live.t.mintToken("bob", { org: "acme", scope: "vso.code_write", name: "Deploy-Bob" });
    for (let i = 0; i < 26; i++) {
      minted.push(await live.t.mintToken("carol", { org: "acme", scope: "vso.work", name: `carol build ${i}` }));
    }
    minted.push(await live.t.mintToken("bob", { org: "acme", scope: "vso.packaging", name: "feed reader" }));
    minted.push(await live.t.mintToken("bob", { allOrgs: true, scope: "vso.project", name: "bob everywhere" }));
  });
  afterAll(async () => {
    expect(errors).toEqual([]);
    await browser?.close();
    await live?.close();
  });

  async function signedIn(username: string, phone = false): Promise<Page> {
    const context = phone ? await newPhoneContext(browser, live.baseUrl) : await newContext(browser, live.baseUrl);
    const page = await context.newPage();
    errors.push(...watchForPageErrors(page));
    await signInThroughPage(page, username);
    return page;
  }
  const works = async (token: string) =>
    (await fetchWithToken(live.baseUrl, "/acme/_apis/connectionData?api-version=7.1", token)).status;

  it("an admin changes a policy through the Policies page (for the audit check at the end)", async () => {
    const page = await signedIn("alice");
    await page.goto("/acme/_settings/policies");
    await policySwitch(page, "Restrict global personal access token creation").check();
    await page.getByRole("button", { name: "Save" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("Policies saved.");
    await page.context().close();
  });

  it("finds another user's token by search and revokes it with the keyboard alone", async () => {
    const page = await signedIn("alice");
    await page.goto("/acme/_settings/tokens");
    await page.getByRole("heading", { name: "29 tokens" }).waitFor();
    await expectAccessible(page, "org tokens, desktop");
    await saveScreenshot(page, "admin-tokens");

    const search = page.getByRole("searchbox", { name: "Search by token name or username" });
    await tabTo(page, search);
    await page.keyboard.type("deploy-b");
    await page.keyboard.press("Enter");
    await eventually(() => new URL(page.url()).searchParams.get("search")).toBe("deploy-b");
    await page.getByRole("heading", { name: "1 token", exact: true }).waitFor();
    const revoke = page.getByRole("button", { name: "Revoke Deploy-Bob of bob" });
    await tabTo(page, revoke);

    // Cancel first: the focus comes back to the Revoke button.
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("alertdialog");
    await dialog.getByText("“Deploy-Bob” of bob will stop working at once.").waitFor();
    expect(await hasFocus(dialog.getByRole("button", { name: "Cancel" }))).toBe(true);
    await expectAccessible(page, "org tokens, desktop, revoke dialog");
    await page.keyboard.press("Escape");
    await eventually(() => dialog.count()).toBe(0);
    await eventually(() => hasFocus(revoke)).toBe(true);
    expect(await works(target.token)).toBe(200);

    await page.keyboard.press("Enter");
    await dialog.getByRole("button", { name: "Cancel" }).waitFor();
    await page.keyboard.press("Tab");
    expect(await hasFocus(dialog.getByRole("button", { name: "Revoke", exact: true }))).toBe(true);
    await page.keyboard.press("Enter");
    await eventually(() => page.getByRole("status").textContent()).toContain("Revoked “Deploy-Bob” of bob.");
    const heading = page.getByRole("heading", { name: "No tokens match" });
    await heading.waitFor();
    await eventually(() => hasFocus(heading)).toBe(true);
    await expectAccessible(page, "org tokens, desktop, revoked");
    expect(await works(target.token)).toBe(401);
    expect(await page.content()).not.toContain(target.token);
    await page.context().close();
  });

  it("keeps the filters in the URL, pages through the list, and filters by user, scope and status", async () => {
    const page = await signedIn("alice");
    await page.goto("/acme/_settings/tokens?status=all");
    await page.getByRole("heading", { name: "29 tokens" }).waitFor();
    expect(await page.getByRole("combobox", { name: "Status" }).inputValue()).toBe("all");
    await page.getByText("1–25 of 29").waitFor();
    expect(await page.getByRole("row").count()).toBe(26);
    await page.getByRole("button", { name: "Next page" }).click();
    await page.getByText("26–29 of 29").waitFor();
    await page.getByRole("button", { name: "Previous page" }).click();
    await page.getByText("1–25 of 29").waitFor();

    await page.getByRole("combobox", { name: "Scope" }).selectOption("vso.packaging");
    await eventually(() => new URL(page.url()).searchParams.get("scope")).toBe("vso.packaging");
    await page.getByRole("heading", { name: "1 token", exact: true }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "1 token", exact: true }).waitFor();
    expect(await page.getByRole("combobox", { name: "Scope" }).inputValue()).toBe("vso.packaging");
    await page.getByRole("combobox", { name: "Scope" }).selectOption("");
    await page.getByRole("combobox", { name: "Status" }).selectOption("revoked");
    await page.getByRole("heading", { name: "1 token", exact: true }).waitFor();
    expect(await page.getByRole("row").nth(1).textContent()).toContain("Revoked");
    await page.getByRole("combobox", { name: "Status" }).selectOption("active");
    await page.getByRole("combobox", { name: "Expires" }).selectOption("7");
    await page.getByRole("heading", { name: "No tokens match" }).waitFor();
    expect(await page.getByRole("combobox", { name: "Status" }).isDisabled()).toBe(true);
    await page.getByRole("combobox", { name: "Expires" }).selectOption("");
    await page.getByRole("button", { name: "Bob (bob)" }).first().click();
    await eventually(() => new URL(page.url()).searchParams.get("user")).toBe("bob");
    await page.getByRole("heading", { name: "2 tokens" }).waitFor();
    await page.context().close();
  });

  it("revokes selected tokens after a confirmation naming the count", async () => {
    const page = await signedIn("alice");
    await page.goto("/acme/_settings/tokens?search=carol%20build%201");
    // carol build 1, 10 … 19
    await page.getByRole("heading", { name: "11 tokens" }).waitFor();
    await page.getByRole("checkbox", { name: "Select carol build 1 of carol" }).check();
    await page.getByRole("checkbox", { name: "Select carol build 10 of carol" }).check();
    await page.getByRole("button", { name: "Revoke selected (2)" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByRole("heading", { name: "Revoke 2 tokens?" }).waitFor();
    await expectAccessible(page, "org tokens, desktop, revoke selected dialog");
    await dialog.getByRole("button", { name: "Revoke 2 tokens" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("Revoked 2 tokens.");
    await page.getByRole("heading", { name: "9 tokens" }).waitFor();
    // minted[1] is "carol build 1".
    expect(await works((minted[1] as MintedToken).token)).toBe(401);
    expect(await works((minted[2] as MintedToken).token)).toBe(200);
    await page.context().close();
  });

  it("revokes all tokens of a user, and applies a revocation rule with the server's message next to its field", async () => {
    const page = await signedIn("alice");
    await page.goto("/acme/_settings/tokens?user=bob");
    await page.getByRole("heading", { name: "2 tokens" }).waitFor();
    await page.getByRole("button", { name: "Revoke all tokens of bob" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByText(/Every token of bob that works in acme/).waitFor();
    await expectAccessible(page, "org tokens, desktop, revoke all dialog");
    await dialog.getByRole("button", { name: "Revoke all tokens of bob" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("Revoked 2 tokens of bob.");
    const bobEverywhere = minted[minted.length - 1] as MintedToken;
    expect(await works(bobEverywhere.token)).toBe(401);

    await page.goto("/acme/_settings/tokens");
    const scopes = page.getByRole("textbox", { name: "Scopes" });
    await scopes.fill("vso.nonsense");
    await page.getByRole("button", { name: "Revoke matching tokens…" }).click();
    await dialog.getByRole("button", { name: "Revoke matching tokens" }).click();
    await eventually(() => descriptionOf(scopes)).toContain("unknown scope");
    await eventually(() => hasFocus(scopes)).toBe(true);
    await expectAccessible(page, "org tokens, desktop, rule refused");
    await scopes.fill("vso.work");
    expect(await descriptionOf(scopes)).not.toContain("unknown scope");
    await page.getByRole("button", { name: "Revoke matching tokens…" }).click();
    await dialog.getByText(/grants any of vso.work/).waitFor();
    await expectAccessible(page, "org tokens, desktop, rule dialog");
    await dialog.getByRole("button", { name: "Revoke matching tokens" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("The rule revoked 24 tokens.");
    expect(await works((minted[5] as MintedToken).token)).toBe(401);
    await page.context().close();
  });

  it("shows stacked cards at phone width with every action in reach, and no sideways scroll", async () => {
    const page = await signedIn("alice", true);
    await page.goto("/acme/_settings/tokens?status=all&search=carol%20build%202");
    await page.getByRole("list", { name: "Tokens of the organization" }).waitFor();
    expect(await page.getByRole("table").count()).toBe(0);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "org tokens, phone");
    await saveScreenshot(page, "admin-tokens-phone");
    await page.getByRole("button", { name: "Revoke matching tokens…" }).scrollIntoViewIfNeeded();
    await page.getByRole("textbox", { name: "Scopes" }).fill("vso.code");
    await page.getByRole("button", { name: "Revoke matching tokens…" }).click();
    await page.getByRole("alertdialog").waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "org tokens, phone, rule dialog");
    await page.keyboard.press("Escape");
    await page.context().close();
  });

  it("the audit log API shows the policy change and the admin revoke", async () => {
    const auditor = await live.t.mintToken("alice", { org: "acme", scope: "vso.auditlog" });
    const response = await call(live.t, "GET", "/acme/_apis/audit/auditlog", { token: auditor.token });
    expect(response.statusCode).toBe(200);
    const entries = (
      response.json() as { decoratedAuditLogEntries: { actionId: string; data: Record<string, unknown> }[] }
    ).decoratedAuditLogEntries;
    const policy = entries.find((entry) => entry.actionId === "Policy.PolicyValueUpdated");
    expect(policy?.data.changed).toEqual(["restrictGlobalPatCreation"]);
    const revoked = entries.filter((entry) => entry.actionId === "Token.PatAdminRevokeEvent");
    expect(revoked.map((entry) => JSON.stringify(entry.data)).join()).toContain(target.authorizationId);
    expect(response.body).not.toContain(target.token);
  });
});
