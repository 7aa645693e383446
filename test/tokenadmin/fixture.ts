/**
 * The organizations and people the token administration tests share: acme (admin alice, reader
 * bob), beta (admin carol; bob is a member there too) and tokens of bob's that work in acme, in
 * beta and everywhere.
 */
import { listAuditEvents } from "../../src/audit/audit.repository.js";
import { call, type MintedToken, type TestApp } from "../support/test-app.js";

export interface AdminFixture {
  bobId: string;
  carolId: string;
  /** alice's token for administering acme. */
  aliceAdmin: string;
  /** carol's token for administering beta. */
  carolAdmin: string;
  bobAcme: MintedToken;
  bobBeta: MintedToken;
  bobGlobal: MintedToken;
}

/** Creates the fixture in a fresh app. */
export async function createAdminFixture(t: TestApp): Promise<AdminFixture> {
  await t.createUser("alice");
  const bobId = await t.createUser("bob");
  const carolId = await t.createUser("carol");
  await t.createOrg("acme", "alice");
  await t.createOrg("beta", "carol");
  await t.addMember("acme", "bob", "reader");
  await t.addMember("beta", "bob", "reader");
  const aliceAdmin = (await t.mintToken("alice", { org: "acme", scope: "vso.tokenadministration", name: "admin" }))
    .token;
  const carolAdmin = (await t.mintToken("carol", { org: "beta", scope: "vso.tokenadministration", name: "admin" }))
    .token;
  const bobAcme = await t.mintToken("bob", { org: "acme", scope: "vso.code vso.project", name: "acme ci" });
  const bobBeta = await t.mintToken("bob", { org: "beta", scope: "vso.code", name: "beta ci" });
  const bobGlobal = await t.mintToken("bob", { allOrgs: true, scope: "vso.work", name: "everywhere" });
  return { bobId, carolId, aliceAdmin, carolAdmin, bobAcme, bobBeta, bobGlobal };
}

/** The status an API call with this token gets in this organization (200 while it works, 401 once revoked). */
export async function statusWith(t: TestApp, token: string, org = "acme"): Promise<number> {
  return (await call(t, "GET", `/${org}/_apis/connectionData`, { token })).statusCode;
}

/** The audit events of a token, as [eventType, reason] pairs. */
export async function auditOf(t: TestApp, authorizationId: string): Promise<[string, unknown][]> {
  const events = await listAuditEvents(t.app.services.store.db, { authorizationId });
  return events.map((event) => [event.eventType, (JSON.parse(event.details) as { reason?: unknown }).reason]);
}
