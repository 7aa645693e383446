/**
 * The governance features and the notices together, end to end: an administrator's revocation
 * through Azure DevOps' tokenadmin API, a revocation rule, a leak report to the public endpoint
 * (policy on: revoked; policy off: only reported) and the unused-token policy's job each reach
 * the owner as exactly one mail at a real SMTP server, with the reason in words; the owner's own
 * "Revoke all" sends none. Nothing here writes audit events by hand.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.js";
import { call, DAY_MS, type MintedToken, type TestApp } from "../support/test-app.js";
import { expectNoTokenInLogs, expectNoTokenValue, mailsTo, onlyMail, runNotices, startMailApp } from "./support.js";

const BOB = "bob@example.com";
const PREVIEW = "7.1-preview.1";

describe.each(testDatabases())("notices of governance actions on $name", (database) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let admin: MintedToken;
  const minted: MintedToken[] = [];
  const mintBob = async (name: string, days = 30) => {
    const token = await t.mintToken("bob", { org: "acme", scope: "vso.code", name, days });
    minted.push(token);
    return token;
  };
  const works = async (token: MintedToken) =>
    (await call(t, "GET", "/acme/_apis/connectionData", { token: token.token })).statusCode === 200;

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

  async function freshApp(env: Record<string, string> = {}): Promise<void> {
    smtp.received.length = 0;
    t = await startMailApp(database, smtp, env);
    await t.createUser("alice", { admin: true });
    await t.createUser("bob");
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "bob", "contributor");
    admin = await t.mintToken("alice", { org: "acme", scope: "vso.tokenadministration", name: "admin" });
    minted.push(admin);
  }

  /** Runs the notices, then drops the creation notices so each test sees only what it caused. */
  async function settleCreations(): Promise<void> {
    await runNotices(t);
    smtp.received.length = 0;
  }

  it("tells the owner once when an administrator revokes the token through tokenadmin", async () => {
    await freshApp();
    const token = await mintBob("laptop");
    await settleCreations();
    const response = await call(t, "POST", "/acme/_apis/tokenadmin/revocations", {
      token: admin.token,
      apiVersion: PREVIEW,
      body: [{ authorizationId: token.authorizationId }],
    });
    expect(response.statusCode).toBe(204);
    expect(await works(token)).toBe(false);
    await runNotices(t);
    await runNotices(t);
    const mail = onlyMail(smtp, BOB, "Your personal access token was revoked: laptop");
    expect(mail.parsed.text).toContain("An administrator revoked it.");
    expect(mailsTo(smtp, BOB)).toHaveLength(1);
  });

  it("tells the owner when a revocation rule caught the token", async () => {
    await freshApp();
    const token = await mintBob("old build");
    await settleCreations();
    t.clock.advance(60_000);
    const response = await call(t, "POST", "/acme/_apis/tokenadmin/revocationrules", {
      token: admin.token,
      apiVersion: PREVIEW,
      body: { scopes: "vso.code", createdBefore: t.clock.now().toISOString() },
    });
    expect(response.statusCode).toBe(201);
    expect(await works(token)).toBe(false);
    await runNotices(t);
    const mail = onlyMail(smtp, BOB, "Your personal access token was revoked: old build");
    expect(mail.parsed.text).toContain("revocation rule");
  });

  it("tells the owner of a leak report: revoked while the policy is on, only reported when it is off", async () => {
    await freshApp();
    const leaked = await mintBob("pasted in a gist");
    await settleCreations();
    const report = (value: string) =>
      t.app.server.inject({ method: "POST", url: "/_apis/patina/leaks?api-version=7.1", payload: [value] });
    expect((await report(leaked.token)).statusCode).toBe(202);
    await t.app.services.leaks.drained();
    expect(await works(leaked)).toBe(false);
    await runNotices(t);
    expect(onlyMail(smtp, BOB, "reported as leaked: pasted in a gist").parsed.text).toBeTruthy();
    expect(onlyMail(smtp, BOB, "was revoked: pasted in a gist").parsed.text).toContain("leaked");

    const patch = await call(t, "PATCH", "/_apis/patina/policies", {
      token: (await t.mintToken("alice", { org: "acme", scope: "vso.tokenadministration", name: "policy" })).token,
      body: { autoRevokeLeakedPats: false },
    });
    expect(patch.statusCode).toBe(200);
    smtp.received.length = 0;
    const reported = await mintBob("shown on a stream");
    await settleCreations();
    expect((await report(reported.token)).statusCode).toBe(202);
    await t.app.services.leaks.drained();
    expect(await works(reported)).toBe(true);
    await runNotices(t);
    expect(onlyMail(smtp, BOB, "reported as leaked: shown on a stream").parsed.text).toBeTruthy();
    expect(mailsTo(smtp, BOB)).toHaveLength(1);
  });

  it("tells the owner when the unused-token policy's job revoked the token", async () => {
    await freshApp();
    const idle = await mintBob("forgotten", 365);
    await settleCreations();
    const patch = await call(t, "PATCH", "/acme/_apis/patina/policies", {
      token: admin.token,
      body: { revokeUnusedPatsAfterDays: 30 },
    });
    expect(patch.statusCode).toBe(200);
    t.clock.advance(31 * DAY_MS);
    await t.app.jobs.runJob("unused-token-revocation", t.clock.now());
    expect(await works(idle)).toBe(false);
    await runNotices(t);
    const mail = onlyMail(smtp, BOB, "Your personal access token was revoked: forgotten");
    expect(mail.parsed.text).toContain("had not been used");
  });

  it("sends nothing when the owner revokes all of their own tokens", async () => {
    await freshApp();
    const first = await mintBob("one");
    const second = await mintBob("two");
    const manager = await t.mintToken("bob", { org: "acme", scope: "vso.pats_manage", name: "manager" });
    minted.push(manager);
    await settleCreations();
    const response = await call(t, "POST", "/acme/_apis/tokens/pats/revokeall", {
      token: manager.token,
      body: { confirm: true },
    });
    expect(response.statusCode).toBe(200);
    expect(await works(first)).toBe(false);
    expect(await works(second)).toBe(false);
    await runNotices(t);
    expect(mailsTo(smtp, BOB)).toHaveLength(0);
  });
});
