/**
 * Notices before expiry (PATINA_EXPIRY_NOTICE_DAYS, default 7; GitLab-style lists such as 30,7),
 * driven by the test clock through the scheduled job: one per token per threshold, the nearest
 * only when several were crossed at once, none for revoked, expired or short-lived tokens, and
 * again for an extended token's new date.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listNoticesOfToken } from "../../src/notifications/notice.repository.js";
import { EXPIRY_JOB } from "../../src/notifications/notifications.js";
import { operatorContext } from "../../src/tokens/lifecycle-requests.js";
import { findUserByUsername } from "../../src/users/user.repository.js";
import { testDatabases } from "../support/databases.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.js";
import { DAY_MS, type MintedToken, type TestApp } from "../support/test-app.js";
import { expectNoTokenValue, mailsTo, PUBLIC_URL, runNotices, startMailApp } from "./support.js";

const ALICE = "alice@example.com";

describe.each(testDatabases())("expiry notices on $name", (database) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  const minted: MintedToken[] = [];
  const expiryMails = () =>
    mailsTo(smtp, ALICE).filter((mail) => (mail.parsed.subject ?? "").includes("expires within"));
  /** Runs the expiry job as the runner does, at the test clock's now. */
  const sweep = () => t.app.jobs.runJob(EXPIRY_JOB, t.clock.now());

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    expectNoTokenValue(smtp, minted);
    await smtp.close();
  });
  afterEach(async () => {
    await t.close();
    smtp.received.length = 0;
  });

  async function start(env: Record<string, string> = {}): Promise<void> {
    t = await startMailApp(database, smtp, env);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
  }
  async function mint(name: string, days: number): Promise<MintedToken> {
    const token = await t.mintToken("alice", { org: "acme", scope: "vso.code", name, days });
    minted.push(token);
    return token;
  }

  it("warns 7 days before by default, once, with a link to the tokens page", async () => {
    await start();
    await mint("nightly", 30);
    await runNotices(t);
    t.clock.advance(22 * DAY_MS);
    expect(await sweep()).toBe("ran");
    expect(expiryMails()).toHaveLength(0);
    t.clock.advance(DAY_MS + 60_000);
    await sweep();
    const [mail, ...more] = expiryMails();
    expect(more).toEqual([]);
    expect(mail?.parsed.subject).toBe("Your personal access token expires within 7 days: nightly");
    expect(mail?.parsed.text).toContain("extend its expiration date");
    expect(mail?.parsed.text).toContain(`Your tokens: ${PUBLIC_URL}/_usersSettings/tokens`);
    t.clock.advance(DAY_MS);
    await sweep();
    await runNotices(t);
    expect(expiryMails()).toHaveLength(1);
  });

  it("warns at each of 30 and 7 days, and only at the nearest when both were crossed at once", async () => {
    await start({ PATINA_EXPIRY_NOTICE_DAYS: "30,7" });
    await mint("long", 60);
    await mint("medium", 35);
    await runNotices(t);
    t.clock.advance(31 * DAY_MS);
    await sweep();
    // long: 29 days left (the 30-day notice); medium: 4 days left (only the 7-day one).
    expect(
      expiryMails()
        .map((mail) => mail.parsed.subject)
        .sort(),
    ).toEqual([
      "Your personal access token expires within 30 days: long",
      "Your personal access token expires within 7 days: medium",
    ]);
    t.clock.advance(23 * DAY_MS);
    await sweep();
    await sweep();
    expect(
      expiryMails()
        .map((mail) => mail.parsed.subject)
        .sort(),
    ).toEqual([
      "Your personal access token expires within 30 days: long",
      "Your personal access token expires within 7 days: long",
      "Your personal access token expires within 7 days: medium",
    ]);
  });

  it("says nothing for revoked, expired or short-lived tokens", async () => {
    await start();
    const revoked = await mint("revoked", 10);
    await t.revokeToken("alice", revoked.authorizationId);
    await mint("short", 5);
    await mint("expired", 4);
    await runNotices(t);
    t.clock.advance(4 * DAY_MS + 60_000);
    await sweep();
    expect(expiryMails()).toEqual([]);
  });

  it("warns again about an extended token's new date", async () => {
    await start();
    const token = await mint("extended", 30);
    t.clock.advance(24 * DAY_MS);
    await sweep();
    expect(expiryMails()).toHaveLength(1);
    const alice = await findUserByUsername(t.app.services.store.db, "alice");
    if (!alice) throw new Error("no alice");
    const validTo = new Date(t.clock.now().getTime() + 30 * DAY_MS).toISOString();
    const updated = await t.app.services.tokens.update(operatorContext(alice, null), {
      authorizationId: token.authorizationId,
      validTo,
    });
    expect(updated.ok).toBe(true);
    await sweep();
    expect(expiryMails()).toHaveLength(1);
    t.clock.advance(24 * DAY_MS);
    await sweep();
    expect(expiryMails()).toHaveLength(2);
    expect(expiryMails()[1]?.parsed.text).toContain(`Expires: ${validTo}`);
  });

  it("prunes finished notices after 90 days, once they can no longer be found again", async () => {
    await start();
    const token = await mint("pruned", 30);
    await runNotices(t);
    t.clock.advance(24 * DAY_MS);
    await sweep();
    const notices = () => listNoticesOfToken(t.app.services.store.db, token.authorizationId);
    expect((await notices()).map((notice) => notice.status)).toEqual(["sent", "sent"]);
    // Day 104: the creation notice is 104 days old, the expiry notice 80 (its token expired on day 30).
    t.clock.advance(80 * DAY_MS);
    await sweep();
    expect((await notices()).map((notice) => notice.kind)).toEqual(["expiry"]);
    t.clock.advance(11 * DAY_MS);
    await sweep();
    await runNotices(t);
    expect(await notices()).toEqual([]);
    expect(mailsTo(smtp, ALICE)).toHaveLength(2);
  });
});
