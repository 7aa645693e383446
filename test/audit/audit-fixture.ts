/**
 * Shared setup of the audit tests: an instance administrator, an organization with an admin
 * and a reader, and tokens for each, on a fresh test app.
 */
import type { TestDatabase } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

export interface AuditFixture {
  readonly t: TestApp;
  readonly orgId: string;
  /** Org admin of acme with vso.auditlog. */
  readonly adminToken: string;
  /** Reader of acme with vso.auditlog. */
  readonly readerToken: string;
  /** Instance administrator (also acme member) with vso.auditlog. */
  readonly rootToken: string;
}

/** Starts an app with the fixture's users, organization and tokens. */
export async function startAuditApp(database: TestDatabase, env: Record<string, string> = {}): Promise<AuditFixture> {
  const t = await startTestApp(database, env);
  await t.createUser("root", { admin: true });
  await t.createUser("alice");
  await t.createUser("rita");
  const orgId = await t.createOrg("acme", "alice");
  await t.addMember("acme", "rita", "reader");
  await t.addMember("acme", "root", "reader");
  await t.createOrg("other", "alice");
  const adminToken = (
    await t.mintToken("alice", { org: "acme", scope: "vso.auditlog", name: "audit reader", days: 365 })
  ).token;
  const readerToken = (await t.mintToken("rita", { org: "acme", scope: "vso.auditlog", days: 365 })).token;
  const rootToken = (
    await t.mintToken("root", { org: "acme", scope: "vso.auditlog vso.auditstreams_manage", days: 365 })
  ).token;
  return { t, orgId, adminToken, readerToken, rootToken };
}
