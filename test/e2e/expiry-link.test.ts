/**
 * The link in an expiry notice works: the notice arrives at a real SMTP server, and its link,
 * opened in Chromium, leads the owner (through sign-in) to the tokens page that lists the token.
 */
import net from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPIRY_JOB } from "../../src/notifications/notifications.js";
import { testDatabases } from "../support/databases.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.js";
import { DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";
import { launchBrowser, newContext, PASSWORD, watchForPageErrors } from "./support.js";
import { tokenRow } from "./tokens-page.js";

/** A port nothing listens on right now, so the public URL can name it before the server starts. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("the expiry notice's link", () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    const sqlite = testDatabases().find((database) => database.name === "sqlite");
    if (sqlite === undefined) throw new Error("SQLite test database missing");
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    [smtp, browser] = await Promise.all([startSmtpServer(), launchBrowser()]);
    t = await startTestApp(sqlite, {
      PATINA_SMTP_URL: smtp.url,
      PATINA_JOBS: "off",
      PATINA_PORT: String(port),
      PATINA_PUBLIC_URL: baseUrl,
    });
    await t.app.listen();
    await t.createUser("alice", { password: PASSWORD });
    await t.createOrg("acme", "alice");
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it("opens the owner's tokens page with the expiring token on it", async () => {
    await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "nightly build", days: 30 });
    t.clock.advance(24 * DAY_MS);
    expect(await t.app.jobs.runJob(EXPIRY_JOB, t.clock.now())).toBe("ran");
    const notice = smtp.received.find((mail) => mail.parsed.subject?.includes("expires within 7 days"));
    const link = /href="([^"]+)"/.exec(typeof notice?.parsed.html === "string" ? notice.parsed.html : "")?.[1];
    expect(link).toBe(`${baseUrl}/_usersSettings/tokens`);

    const page = await (await newContext(browser, baseUrl)).newPage();
    const errors = watchForPageErrors(page);
    await page.goto(link ?? "");
    // Signed out, the link goes through sign-in and comes back to the page it names.
    await page.getByRole("textbox", { name: "Username" }).fill("alice");
    await page.getByRole("textbox", { name: "Password" }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.href === link);
    await page.getByRole("heading", { name: "Personal access tokens", exact: true }).waitFor();
    await tokenRow(page, "nightly build").waitFor();
    expect(errors).toEqual([]);
  });
});
