/**
 * `patina notify run` as a real process against a real SMTP server: it sends what is due and
 * says how many, sends nothing twice, says so with exit code 1 when the mail server refuses, and
 * sends each notice once in total while a server with its own jobs runs on the same store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.js";
import { startLiveServer } from "./live-server.js";
import { type CliStore, createCliStore, runOk } from "./run-cli.js";

const createToken = (name: string) => [
  "token",
  "create",
  "--user",
  "alice",
  "--org",
  "acme",
  "--name",
  name,
  "--scope",
  "vso.code",
  "--days",
  "30",
];

describe.each(testDatabases())("patina notify run on $name", (database) => {
  let cli: CliStore;
  let smtp: TestSmtpServer;
  const minted: string[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    cli = await createCliStore(database);
    cli.env.PATINA_SMTP_URL = smtp.url;
    await runOk(cli, ["user", "add", "alice", "--email", "alice@example.com"]);
    await runOk(cli, ["org", "add", "acme", "--owner", "alice"]);
  });
  afterAll(async () => {
    for (const mail of smtp.everything) for (const token of minted) expect(mail.raw).not.toContain(token);
    await smtp.close();
    await cli?.drop();
  });

  it("sends the due notices and prints the counts, once", async () => {
    minted.push((await runOk(cli, createToken("from the cli"))).stdout.trim());
    const first = await runOk(cli, ["notify", "run"]);
    expect(first.stdout).toBe(
      "Found 1 new event notice and 0 expiry notices.\nSent 1 through SMTP; 0 to retry later, 0 given up, 0 without an address.\n",
    );
    const again = await runOk(cli, ["notify", "run"]);
    expect(again.stdout).toContain("Found 0 new event notices and 0 expiry notices.\nSent 0 through SMTP;");
    expect(smtp.received.map((mail) => mail.parsed.subject)).toEqual([
      "A personal access token was created: from the cli",
    ]);
  });

  it("exits 1 when the mail server refuses", async () => {
    smtp.received.length = 0;
    minted.push((await runOk(cli, createToken("refused first"))).stdout.trim());
    smtp.refuseNext(1);
    const refused = await cli.run(["notify", "run"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("Sent 0 through SMTP; 1 to retry later");
    expect(refused.stderr).toBe("patina: 1 notice could not be sent now.\n");
    expect(smtp.received).toEqual([]);
  });

  it("sends each notice once while a server with its own jobs runs on the same store", async () => {
    smtp.received.length = 0;
    const server = await startLiveServer(cli);
    try {
      for (let i = 0; i < 3; i++) minted.push((await runOk(cli, createToken(`busy ${i}`))).stdout.trim());
      await runOk(cli, ["notify", "run"]);
      await server.app.jobs.runDue();
      await runOk(cli, ["notify", "run"]);
      const subjects = smtp.received.map((mail) => mail.parsed.subject ?? "").filter((s) => s.includes("busy"));
      expect(subjects.sort()).toEqual([0, 1, 2].map((i) => `A personal access token was created: busy ${i}`));
    } finally {
      await server.close();
    }
  });
});
