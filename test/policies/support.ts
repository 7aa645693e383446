/** What the policy tests share: a store with an instance admin, an organization admin and members, and their tokens. */
import { PASSWORD } from "../sessions/support.js";
import { call, type MintedToken, type TestApp } from "../support/test-app.js";

export const INSTANCE_POLICIES = "/_apis/patina/policies";
export const ACME_POLICIES = "/acme/_apis/patina/policies";
export const ADMIN_SCOPE = "vso.tokenadministration";

/** root (instance admin), alice (acme admin), bob and carol (acme contributors; bob also in globex). */
export interface PolicyPeople {
  root: MintedToken;
  alice: MintedToken;
  bob: MintedToken;
}

/** Creates the people and their administration tokens. */
export async function seedPeople(t: TestApp): Promise<PolicyPeople> {
  await t.createUser("root", { admin: true });
  await t.createUser("alice", { password: PASSWORD });
  await t.createUser("bob");
  await t.createUser("carol");
  await t.createOrg("acme", "alice");
  await t.createOrg("globex", "bob");
  await t.addMember("acme", "bob", "contributor");
  await t.addMember("acme", "carol", "contributor");
  await t.addMember("acme", "root", "reader");
  return {
    // An organization token, not a global one: retiring global tokens would lock a global one out.
    root: await t.mintToken("root", { org: "acme", scope: ADMIN_SCOPE, name: "root admin", days: 365 }),
    alice: await t.mintToken("alice", {
      org: "acme",
      scope: `${ADMIN_SCOPE} vso.pats_manage`,
      name: "alice admin",
      days: 365,
    }),
    bob: await t.mintToken("bob", {
      org: "acme",
      scope: `${ADMIN_SCOPE} vso.pats_manage`,
      name: "bob admin",
      days: 365,
    }),
  };
}

/** PATCHes a policy and expects 200; returns the view. */
export async function setPolicy(t: TestApp, path: string, token: string, body: Record<string, unknown>) {
  const response = await call(t, "PATCH", path, { token, body });
  if (response.statusCode !== 200) throw new Error(`PATCH ${path} answered ${response.statusCode}: ${response.body}`);
  return response.json() as { revision: number; values: Record<string, unknown>; effective: Record<string, unknown> };
}
