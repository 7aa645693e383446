/**
 * Helpers of the notification tests: a Patina whose mail goes to a real SMTP server (jobs off, so
 * the test decides when notices run), the audit events that admin and system revocations and leak
 * reports record (written here the way those features write them), and reading what arrived.
 */
import { expect } from "vitest";
import { type AuditEventType, recordAuditEvent } from "../../src/audit/audit-log.js";
import { operatorContext } from "../../src/tokens/lifecycle-requests.js";
import { findUserByUsername } from "../../src/users/user.repository.js";
import type { TestDatabase } from "../support/databases.js";
import type { ReceivedMail, TestSmtpServer } from "../support/smtp-server.js";
import { type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";

export const PUBLIC_URL = "https://patina.example.test";

/** A Patina sending through `smtp`, with jobs off (tests run notices themselves). */
export function startMailApp(
  database: TestDatabase,
  smtp: TestSmtpServer,
  env: Record<string, string> = {},
  sharedWith?: TestApp,
): Promise<TestApp> {
  return startTestApp(
    database,
    { PATINA_SMTP_URL: smtp.url, PATINA_JOBS: "off", PATINA_PUBLIC_URL: PUBLIC_URL, ...env },
    sharedWith,
  );
}

/** Runs every due notice now, as `patina notify run` does. */
export function runNotices(t: TestApp) {
  return t.app.services.notifications.runAll(t.clock.now());
}

/** The messages that arrived for `address`. */
export function mailsTo(smtp: TestSmtpServer, address: string): ReceivedMail[] {
  return smtp.received.filter((mail) => mail.rcptTo.includes(address));
}

/** The one message to `address` whose subject contains `words`; fails unless exactly one. */
export function onlyMail(smtp: TestSmtpServer, address: string, words: string): ReceivedMail {
  const matching = mailsTo(smtp, address).filter((mail) => (mail.parsed.subject ?? "").includes(words));
  expect(matching.map((mail) => mail.parsed.subject)).toHaveLength(1);
  return matching[0] as ReceivedMail;
}

/**
 * Revokes a token the way an administrator or the system does: the token stops working and the
 * event the token administration and leak response features record is written. The revocation
 * itself goes through the lifecycle (as the owner's operator), whose own PatRevokeEvent is the
 * owner's and is not notified.
 */
export async function revokeAs(
  t: TestApp,
  owner: string,
  token: MintedToken,
  event: { type: AuditEventType; reason?: string; actor?: { userId: string | null; name: string }; name?: string },
): Promise<void> {
  const user = await findUserByUsername(t.app.services.store.db, owner);
  if (!user) throw new Error(`no user ${owner}`);
  if (event.type !== "Token.PatPublicDiscoveryEvent") {
    const revoked = await t.app.services.tokens.revoke(operatorContext(user, null), token.authorizationId);
    if (!revoked.ok) throw new Error(revoked.message);
  }
  const row = await t.app.services.store.db
    .selectFrom("tokens")
    .selectAll()
    .where("authorizationId", "=", token.authorizationId)
    .executeTakeFirstOrThrow();
  await recordAuditEvent(t.app.services.store.db, {
    eventType: event.type,
    actor: { userId: null, name: "Patina", clientIp: null, userAgent: null, ...event.actor },
    timestamp: t.clock.now(),
    orgId: row.orgId,
    authorizationId: token.authorizationId,
    tokenDisplayName: event.name ?? row.displayName,
    details: event.reason === undefined ? {} : { reason: event.reason },
  });
}

/** Fails if any received message contains any of the token values. */
export function expectNoTokenValue(smtp: TestSmtpServer, tokens: readonly MintedToken[]): void {
  expect(smtp.everything.length).toBeGreaterThan(0);
  for (const mail of smtp.everything) {
    for (const { token } of tokens) {
      expect(token.length).toBeGreaterThan(20);
      expect(mail.raw.includes(token)).toBe(false);
      // Also not in a transfer-encoded form that the raw text would hide.
      expect(`${mail.parsed.text ?? ""}${mail.parsed.html || ""}${mail.parsed.subject ?? ""}`.includes(token)).toBe(
        false,
      );
    }
  }
}

/** Fails if any log line of the app contains any of the token values. */
export function expectNoTokenInLogs(t: TestApp, tokens: readonly MintedToken[]): void {
  for (const line of t.logs) for (const { token } of tokens) expect(line.includes(token)).toBe(false);
}
