/**
 * Notices driven from the audit log, received by a real SMTP server: creation, regeneration,
 * revocation by an administrator or the system (each reason in words), a leak report; none for a
 * user's own revocation; each exactly once, also across a restart; plain text and HTML with every
 * user-provided value escaped, a one-line subject, and never a token value.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { operatorContext } from "../../src/tokens/lifecycle-requests.js";
import { findUserByUsername } from "../../src/users/user.repository.js";
import { testDatabases } from "../support/databases.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.js";
import type { MintedToken, TestApp } from "../support/test-app.js";
import {
  expectNoTokenInLogs,
  expectNoTokenValue,
  mailsTo,
  onlyMail,
  PUBLIC_URL,
  revokeAs,
  runNotices,
  startMailApp,
} from "./support.js";

const ALICE = "alice@example.com";

describe.each(testDatabases())("notices of token events on $name", (database) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  const minted: MintedToken[] = [];
  const mint = async (name: string) => {
    const token = await t.mintToken("alice", { org: "acme", scope: "vso.code", name });
    minted.push(token);
    return token;
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    expectNoTokenValue(smtp, minted);
    await smtp.close();
  });
  afterEach(async () => {
    expectNoTokenInLogs(t, minted);
    await t?.close();
  });

  async function freshApp(): Promise<void> {
    smtp.received.length = 0;
    t = await startMailApp(database, smtp);
    await t.createUser("alice");
    await t.createUser("root", { admin: true });
    await t.createOrg("acme", "alice");
  }

  it("tells the owner a token was created, once, also after a restart", async () => {
    await freshApp();
    const token = await mint("deploy key");
    expect(await runNotices(t)).toMatchObject({ events: 1, sent: 1 });
    const mail = onlyMail(smtp, ALICE, "A personal access token was created: deploy key");
    expect(mail.parsed.from?.value).toEqual([{ name: "Patina", address: "patina@localhost" }]);
    expect(mail.parsed.text).toContain("deploy key");
    expect(mail.parsed.text).toContain(`Starts with: ${token.token.slice(0, "patina_".length + 4)}`);
    expect(mail.parsed.text).toContain("Organization: acme");
    expect(mail.parsed.text).toContain(`${PUBLIC_URL}/_usersSettings/tokens`);
    expect(mail.parsed.html).toContain(`href="${PUBLIC_URL}/_usersSettings/tokens"`);
    // Run again, and again after a restart on the same database: nothing more.
    expect(await runNotices(t)).toMatchObject({ events: 0, sent: 0 });
    const restarted = await startMailApp(database, smtp, {}, t);
    await t.app.close();
    expect(await restarted.app.services.notifications.runAll(restarted.clock.now())).toMatchObject({ sent: 0 });
    await restarted.app.close();
    expect(mailsTo(smtp, ALICE)).toHaveLength(1);
  });

  it("tells the owner a token was regenerated, with the new hint", async () => {
    await freshApp();
    const token = await mint("ci");
    const alice = await findUserByUsername(t.app.services.store.db, "alice");
    if (!alice) throw new Error("no alice");
    const regenerated = await t.app.services.tokens.regenerate(operatorContext(alice, null), token.authorizationId);
    if (!regenerated.ok || !regenerated.value.token) throw new Error("regenerate failed");
    minted.push({ token: regenerated.value.token, authorizationId: token.authorizationId });
    expect(await runNotices(t)).toMatchObject({ events: 2, sent: 2 });
    const mail = onlyMail(smtp, ALICE, "Your personal access token was regenerated: ci");
    expect(mail.parsed.text).toContain(`Starts with: ${regenerated.value.token.slice(0, "patina_".length + 4)}`);
    expect(mail.parsed.text).toContain("the old one stops working");
  });

  it("words each revocation reason, and says nothing of the owner's own revocation", async () => {
    await freshApp();
    const reasons: [string, string | undefined, string][] = [
      ["by admin", "admin", "An administrator revoked it."],
      ["by rule", "revocationRule", "It matched a revocation rule"],
      ["all of them", "userRevokeAll", "All tokens of your account were revoked at once."],
      ["leaked one", "leaked", "reported as publicly exposed (leaked)"],
      ["unused one", "unused", "had not been used for a long time"],
      ["odd one", "somethingNew", "revoked by an administrator or by Patina's policies"],
      ["no reason", undefined, "revoked by an administrator or by Patina's policies"],
    ];
    const root = await findUserByUsername(t.app.services.store.db, "root");
    for (const [name, reason] of reasons) {
      const token = await mint(name);
      const type = reason === "admin" ? "Token.PatAdminRevokeEvent" : "Token.PatSystemRevokeEvent";
      const actor = reason === "admin" ? { userId: root?.id ?? null, name: "Root Admin" } : undefined;
      await revokeAs(t, "alice", token, { type, reason, actor });
    }
    // The owner revokes one herself (lifecycle), and revokes all of hers at once (recorded as the system's).
    const own = await mint("my own");
    await t.revokeToken("alice", own.authorizationId);
    const alice = await findUserByUsername(t.app.services.store.db, "alice");
    const mine = await mint("mine too");
    await revokeAs(t, "alice", mine, {
      type: "Token.PatSystemRevokeEvent",
      reason: "userRevokeAll",
      actor: { userId: alice?.id ?? null, name: "alice" },
    });
    await runNotices(t);
    for (const [name, , words] of reasons) {
      const mail = onlyMail(smtp, ALICE, `Your personal access token was revoked: ${name}`);
      expect(mail.parsed.text).toContain(words);
      expect(mail.parsed.text).toContain("no longer works");
    }
    expect(onlyMail(smtp, ALICE, "revoked: by admin").parsed.text).toContain("By: Root Admin");
    const subjects = mailsTo(smtp, ALICE).map((mail) => mail.parsed.subject ?? "");
    expect(subjects.filter((subject) => subject.includes("revoked: my own"))).toEqual([]);
    expect(subjects.filter((subject) => subject.includes("revoked: mine too"))).toEqual([]);
  });

  it("tells the owner of a leak report, saying whether the token was revoked", async () => {
    await freshApp();
    const reported = await mint("still live");
    await revokeAs(t, "alice", reported, { type: "Token.PatPublicDiscoveryEvent" });
    const revoked = await mint("gone now");
    await revokeAs(t, "alice", revoked, { type: "Token.PatSystemRevokeEvent", reason: "leaked" });
    await revokeAs(t, "alice", revoked, { type: "Token.PatPublicDiscoveryEvent" });
    await runNotices(t);
    const live = onlyMail(smtp, ALICE, "reported as leaked: still live");
    expect(live.parsed.text).toContain("It has not been revoked and still works.");
    expect(live.parsed.text).toContain("Revoke or regenerate it now");
    const gone = onlyMail(smtp, ALICE, "reported as leaked: gone now");
    expect(gone.parsed.text).toContain("Patina has revoked it");
  });

  it("escapes names in the HTML and keeps them out of the headers", async () => {
    await freshApp();
    const token = await mint('<script>alert("x")</script> & <b>co</b>');
    // A name with line breaks, as a recorded event might carry it: it cannot start a header.
    await revokeAs(t, "alice", token, {
      type: "Token.PatSystemRevokeEvent",
      reason: "admin",
      name: "evil\r\nBcc: mallory@example.com\r\nX-Injected: yes",
    });
    await runNotices(t);
    const created = onlyMail(smtp, ALICE, "created: <script>");
    expect(created.parsed.html).not.toContain("<script>");
    expect(created.parsed.html).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;",
    );
    expect(created.parsed.text).toContain('<script>alert("x")</script> & <b>co</b>');
    const revoked = onlyMail(smtp, ALICE, "revoked: evil");
    expect(revoked.parsed.subject).toBe(
      "Your personal access token was revoked: evil Bcc: mallory@example.com X-Injected: yes",
    );
    expect(revoked.parsed.headers.has("x-injected")).toBe(false);
    expect(revoked.parsed.headers.has("bcc")).toBe(false);
    expect(revoked.rcptTo).toEqual([ALICE]);
    expect(smtp.received.every((mail) => !mail.rcptTo.includes("mallory@example.com"))).toBe(true);
  });

  it("sends within a moment of a change when the jobs run, without waiting for the interval", async () => {
    smtp.received.length = 0;
    t = await startMailApp(database, smtp, { PATINA_JOBS: "on" });
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    await mint("kicked");
    await expect.poll(() => mailsTo(smtp, ALICE).length, { timeout: 10_000, interval: 50 }).toBe(1);
    expect(t.app.jobs.counts().notifications?.runs).toBeGreaterThan(0);
    expect(t.app.services.notifications.counts().sent).toBe(1);
  });
});
