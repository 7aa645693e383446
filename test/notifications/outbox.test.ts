/**
 * Without PATINA_SMTP_URL, each notice is written once as an `.eml` file (the RFC 822 message
 * nodemailer would have sent) in `<dataDir>/outbox`, readable by any mail client or parser.
 */
import fs from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("the outbox on $name", (database) => {
  let t: TestApp;
  afterEach(() => t.close());

  it("writes each notice once as an .eml file", async () => {
    t = await startTestApp(database, {
      PATINA_JOBS: "off",
      PATINA_MAIL_FROM: "Token Desk <tokens@example.org>",
      PATINA_PUBLIC_URL: "https://patina.example.org/",
    });
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    const token = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "offline" });
    expect(t.app.services.notifications.transport).toBe("outbox");
    expect(await t.app.services.notifications.runAll(t.clock.now())).toMatchObject({ sent: 1 });
    await t.app.services.notifications.runAll(t.clock.now());
    const outbox = path.join(t.dataDir, "outbox");
    const files = fs.readdirSync(outbox);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^event_evt_.*\.eml$/);
    const raw = fs.readFileSync(path.join(outbox, files[0] ?? ""), "utf8");
    expect(raw).not.toContain(token.token);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe("A personal access token was created: offline");
    expect(mail.from?.value).toEqual([{ name: "Token Desk", address: "tokens@example.org" }]);
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value).toEqual([
      { name: "", address: "alice@example.com" },
    ]);
    expect(mail.text).toContain("https://patina.example.org/_usersSettings/tokens");
    expect(mail.html).toContain('href="https://patina.example.org/_usersSettings/tokens"');
    expect(mail.messageId).toMatch(/@patina\.example\.org>$/);
  });
});
