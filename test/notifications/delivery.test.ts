/**
 * Delivery through a real SMTP server that misbehaves: a refused message is retried after its
 * backoff (the test clock passes it), and arrives once; a notice that keeps failing is given up
 * after its last attempt and logged; two instances on one PostgreSQL database send it once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAX_NOTICE_ATTEMPTS } from "../../src/domain/notice-rules.js";
import { listNoticesOfToken } from "../../src/notifications/notice.repository.js";
import { testDatabases } from "../support/databases.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.js";
import type { TestApp } from "../support/test-app.js";
import { mailsTo, runNotices, startMailApp } from "./support.js";

const ALICE = "alice@example.com";
const MINUTE = 60_000;

describe.each(testDatabases())("notice delivery on $name", (database) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  const extra: TestApp[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());
  afterEach(async () => {
    for (const app of extra) await app.app.close();
    extra.length = 0;
    await t.close();
    smtp.received.length = 0;
    smtp.refuseNext(0);
  });

  async function start(): Promise<void> {
    t = await startMailApp(database, smtp);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
  }

  it("retries a refused message after its backoff, and delivers it once", async () => {
    await start();
    const token = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "retried" });
    smtp.refuseNext(1);
    expect(await runNotices(t)).toMatchObject({ sent: 0, retrying: 1 });
    expect(smtp.refused).toBeGreaterThan(0);
    expect(mailsTo(smtp, ALICE)).toHaveLength(0);
    const [pending] = await listNoticesOfToken(t.app.services.store.db, token.authorizationId);
    expect(pending).toMatchObject({ status: "pending", attempts: 1 });
    expect(pending?.lastError).toContain("Try again later");
    // Before the backoff has passed nothing is tried; after it, the message goes out.
    t.clock.advance(30_000);
    expect(await runNotices(t)).toMatchObject({ sent: 0, retrying: 0 });
    t.clock.advance(MINUTE);
    expect(await runNotices(t)).toMatchObject({ sent: 1 });
    expect(mailsTo(smtp, ALICE)).toHaveLength(1);
    t.clock.advance(60 * MINUTE);
    expect(await runNotices(t)).toMatchObject({ sent: 0 });
    expect(mailsTo(smtp, ALICE)).toHaveLength(1);
    const [sent] = await listNoticesOfToken(t.app.services.store.db, token.authorizationId);
    expect(sent).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    expect(t.app.services.notifications.counts()).toEqual({ sent: 1, failed: 0, retried: 1 });
  });

  it("gives a notice up after its last attempt, and says so in the log", async () => {
    await start();
    const token = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "doomed" });
    smtp.refuseNext(1000);
    for (let attempt = 0; attempt < MAX_NOTICE_ATTEMPTS + 2; attempt++) {
      await runNotices(t);
      t.clock.advance(61 * MINUTE);
    }
    expect(mailsTo(smtp, ALICE)).toHaveLength(0);
    const [failed] = await listNoticesOfToken(t.app.services.store.db, token.authorizationId);
    expect(failed).toMatchObject({ status: "failed", attempts: MAX_NOTICE_ATTEMPTS });
    const lines = t.logs.map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.msg === "notice not sent, will retry")).toHaveLength(MAX_NOTICE_ATTEMPTS - 1);
    expect(lines.find((line) => line.msg === "notice given up")).toMatchObject({
      level: 50,
      notice: failed?.key,
      attempts: MAX_NOTICE_ATTEMPTS,
    });
    expect(t.app.services.notifications.counts().failed).toBe(1);
  });

  // Two instances on one database are a PostgreSQL deployment: defined for that database only.
  if (database.name === "postgres")
    it("sends once when two instances run the notices at the same time", async () => {
      await start();
      const second = await startMailApp(database, smtp, {}, t);
      extra.push(second);
      for (let i = 0; i < 20; i++) {
        await t.mintToken("alice", { org: "acme", scope: "vso.code", name: `shared ${i}` });
      }
      const [a, b] = await Promise.all([runNotices(t), second.app.services.notifications.runAll(t.clock.now())]);
      expect(a.sent + b.sent).toBe(20);
      // And the scheduled job, from both instances at once: nothing is left to send.
      await Promise.all([t.app.jobs.runDue(t.clock.now()), second.app.jobs.runDue(t.clock.now())]);
      const subjects = mailsTo(smtp, ALICE).map((mail) => mail.parsed.subject);
      expect(subjects).toHaveLength(20);
      expect(new Set(subjects).size).toBe(20);
    });
});
