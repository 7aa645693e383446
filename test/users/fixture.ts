/**
 * The people the instance user tests share: instance administrators root and ruth, a plain user
 * alice (admin of acme, not of the instance), and tokens with the Graph scopes.
 */
import { PASSWORD } from "../sessions/support.js";
import { call, type TestApp } from "../support/test-app.js";

export const READ = "vso.graph";
export const WRITE = "vso.graph_manage";

export interface UserFixture {
  ids: Record<"root" | "ruth" | "alice", string>;
  rootRead: string;
  rootWrite: string;
  ruthWrite: string;
  /** alice is no instance administrator. */
  aliceWrite: string;
  rootUnrelated: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string;
  isAdmin: boolean;
  isDisabled: boolean;
  createdAt: string;
}

/** Creates the fixture in a fresh app. */
export async function createUserFixture(t: TestApp): Promise<UserFixture> {
  const ids = {
    root: await t.createUser("root", { admin: true, password: PASSWORD }),
    ruth: await t.createUser("ruth", { admin: true, password: PASSWORD }),
    alice: await t.createUser("alice", { password: PASSWORD }),
  };
  await t.createOrg("acme", "alice");
  await t.addMember("acme", "root", "reader");
  const mint = async (user: string, scope: string) =>
    (await t.mintToken(user, { allOrgs: true, scope, days: 365 })).token;
  return {
    ids,
    rootRead: await mint("root", READ),
    rootWrite: await mint("root", WRITE),
    ruthWrite: await mint("ruth", WRITE),
    aliceWrite: await mint("alice", WRITE),
    rootUnrelated: await mint("root", "vso.code"),
  };
}

/** Every user as an instance admin lists them, as "username" or "username (disabled)". */
export async function directoryOf(t: TestApp, token: string): Promise<string[]> {
  const response = await call(t, "GET", "/_apis/patina/users?$top=100", { token });
  if (response.statusCode !== 200) throw new Error(`listing users answered ${response.statusCode}`);
  return (response.json() as { users: User[] }).users.map(
    (u) => `${u.username}${u.isAdmin ? " (admin)" : ""}${u.isDisabled ? " (disabled)" : ""}`,
  );
}
