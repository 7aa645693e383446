/**
 * The organizations and people the member tests share: acme (admins alice and erin, reader bob),
 * beta (admin carol), dave in no organization, and tokens for each with the Member Entitlement
 * Management scopes.
 */
import { call, type TestApp } from "../support/test-app.js";

export const READ = "vso.memberentitlementmanagement";
export const WRITE = "vso.memberentitlementmanagement_write";

export interface MemberFixture {
  ids: Record<"alice" | "bob" | "carol" | "dave" | "erin", string>;
  /** alice's acme token with the write scope. */
  aliceWrite: string;
  /** alice's acme token with the read scope only. */
  aliceRead: string;
  /** erin's acme token with the write scope (the second admin). */
  erinWrite: string;
  /** bob (a reader of acme) with the write scope. */
  bobWrite: string;
  /** carol's beta token with the write scope. */
  carolWrite: string;
  /** alice's acme token with an unrelated scope. */
  aliceUnrelated: string;
}

/** Creates the fixture in a fresh app. */
export async function createMemberFixture(t: TestApp): Promise<MemberFixture> {
  const ids = {
    alice: await t.createUser("alice"),
    bob: await t.createUser("bob"),
    carol: await t.createUser("carol"),
    dave: await t.createUser("dave"),
    erin: await t.createUser("erin"),
  };
  await t.createOrg("acme", "alice");
  await t.createOrg("beta", "carol");
  await t.addMember("acme", "bob", "reader");
  await t.addMember("acme", "erin", "admin");
  const mint = async (user: string, org: string, scope: string) =>
    (await t.mintToken(user, { org, scope, days: 365 })).token;
  return {
    ids,
    aliceWrite: await mint("alice", "acme", WRITE),
    aliceRead: await mint("alice", "acme", READ),
    erinWrite: await mint("erin", "acme", WRITE),
    bobWrite: await mint("bob", "acme", WRITE),
    carolWrite: await mint("carol", "beta", WRITE),
    aliceUnrelated: await mint("alice", "acme", "vso.code"),
  };
}

export interface Member {
  userId: string;
  username: string;
  displayName: string;
  email: string;
  role: string;
  isDisabled: boolean;
  addedAt: string;
}

/** Every member of an organization as its admin lists them, as "username:role". */
export async function roster(t: TestApp, token: string, org = "acme"): Promise<string[]> {
  const response = await call(t, "GET", `/${org}/_apis/patina/members?$top=100`, { token });
  if (response.statusCode !== 200) throw new Error(`listing members answered ${response.statusCode}`);
  return (response.json() as { members: Member[] }).members.map((m) => `${m.username}:${m.role}`);
}

/** The number of stored audit events but tokens' own (to show a refused request recorded nothing). */
export async function auditCount(t: TestApp): Promise<number> {
  const row = await t.app.services.store.db
    .selectFrom("auditEvents")
    .select((eb) => eb.fn.countAll().as("count"))
    .where("eventType", "not like", "Token.%")
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The stored audit events of one type, with their details parsed. */
export async function auditEventsOf(t: TestApp, eventType: string) {
  const rows = await t.app.services.store.db
    .selectFrom("auditEvents")
    .selectAll()
    .where("eventType", "=", eventType)
    .orderBy("seq")
    .execute();
  return rows.map((row) => ({ ...row, data: JSON.parse(row.details) as Record<string, unknown> }));
}
