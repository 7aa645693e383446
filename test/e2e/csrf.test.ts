/**
 * Cross-site request forgery against a signed-in user, in Chromium: another site's page posts
 * forms (and tries fetch) at the tokens API while the user's session cookie exists. Nothing may
 * change: same-site pages (another port) carry the cookie but not the CSRF header; cross-site
 * pages do not even carry the cookie (SameSite=Lax); fetch with a custom header needs a CORS
 * preflight that Patina never grants.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MintedToken } from "../support/test-app.js";
import {
  eventually,
  fetchWithToken,
  type LiveServer,
  launchBrowser,
  newContext,
  PASSWORD,
  signInThroughPage,
  startLiveServer,
} from "./support.js";

/** A JSON body smuggled through a text/plain form: `name=value` where name holds the JSON. */
const SMUGGLED = '{"displayName":"csrf attack","scope":"app_token","validTo":"2099-01-01T00:00:00Z","pad":"';

/** The attacker's site: pages with forms aimed at Patina. */
function attackerPages(target: string, authorizationId: string): http.Server {
  const pages: Record<string, string> = {
    "/create": `<form method="post" enctype="text/plain" action="${target}/acme/_apis/tokens/pats?api-version=7.1">
      <input type="hidden" name='${SMUGGLED}' value='"}'><button>Claim your prize</button></form>`,
    "/regenerate": `<form method="post" action="${target}/acme/_apis/tokens/pats/regenerate?api-version=7.1&amp;authorizationId=${authorizationId}">
      <button>Claim your prize</button></form>`,
    "/": "<p>Nothing to see</p>",
  };
  return http.createServer((request, response) => {
    const body = pages[request.url ?? "/"] ?? pages["/"];
    response.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><html><body>${body}</body></html>`);
  });
}

describe("cross-site request forgery", () => {
  let live: LiveServer;
  let browser: Browser;
  let page: Page;
  let attacker: http.Server;
  let attackerPort: number;
  let minted: MintedToken;

  beforeAll(async () => {
    [live, browser] = await Promise.all([startLiveServer(), launchBrowser()]);
    await live.t.createUser("alice", { password: PASSWORD });
    await live.t.createOrg("acme", "alice");
    minted = await live.t.mintToken("alice", { org: "acme", scope: "vso.code", name: "existing" });
    attacker = attackerPages(live.baseUrl, minted.authorizationId);
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerPort = (attacker.address() as AddressInfo).port;
    page = await (await newContext(browser, live.baseUrl)).newPage();
    await signInThroughPage(page, "alice");
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await live?.close();
  });

  /** Opens an attacker page and submits its form; resolves with Patina's answer. */
  async function submitForm(origin: string, path: string) {
    await page.goto(`${origin}${path}`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${live.baseUrl}/acme/_apis/`)),
      page.getByRole("button", { name: "Claim your prize" }).click(),
    ]);
    return { status: response.status(), body: await response.text() };
  }

  /** The user's tokens, as the tokens page lists them with the All filter. */
  async function listedTokenNames(): Promise<string[]> {
    await page.goto(`${live.baseUrl}/_usersSettings/tokens`);
    await page.getByRole("combobox", { name: "Status filter" }).selectOption({ label: "All" });
    await eventually(() => page.getByRole("row").count()).toBe(2);
    return page.getByRole("row").locator("td:first-child").allTextContents();
  }

  it("refuses a form post from a page on another port, which does carry the session cookie", async () => {
    const { status, body } = await submitForm(`http://127.0.0.1:${attackerPort}`, "/create");
    expect(status).toBe(403);
    expect(body, "refused for the missing CSRF header, so the cookie was sent").toContain("X-Patina-CSRF");
    expect(await listedTokenNames()).toEqual([expect.stringMatching(/^existing/)]);
  });

  it("refuses a forged regeneration: the token keeps its value", async () => {
    const { status } = await submitForm(`http://127.0.0.1:${attackerPort}`, "/regenerate");
    expect(status).toBe(403);
    const stillWorks = await fetchWithToken(live.baseUrl, "/_apis/connectionData?api-version=7.1", minted.token);
    expect(stillWorks.status).toBe(200);
  });

  it("refuses a form post from another site, which does not even carry the cookie", async () => {
    const { status } = await submitForm(`http://localhost:${attackerPort}`, "/create");
    expect(status).toBe(401);
    expect(await listedTokenNames()).toEqual([expect.stringMatching(/^existing/)]);
  });

  it("never lets another origin's script send the CSRF header", async () => {
    await page.goto(`http://127.0.0.1:${attackerPort}/`);
    const outcome =
      await page.evaluate(`fetch(${JSON.stringify(`${live.baseUrl}/acme/_apis/tokens/pats?api-version=7.1`)}, {
      method: "POST",
      credentials: "include",
      headers: { "content-type": "application/json", "x-patina-csrf": "a guess" },
      body: JSON.stringify({ displayName: "csrf attack", scope: "app_token", validTo: "2099-01-01T00:00:00Z" }),
    }).then((response) => "answered " + response.status, () => "blocked")`);
    expect(outcome).toBe("blocked");
    expect(await listedTokenNames()).toEqual([expect.stringMatching(/^existing/)]);
  });
});
