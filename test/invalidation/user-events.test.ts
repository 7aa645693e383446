/**
 * User and membership changes invalidate that user's cached tokens only: the change takes
 * effect before the call returns, and other users' verifications stay cached.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../../src/audit/audit-log.js";
import { testDatabases } from "../support/databases.js";
import { call, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("user and membership events on $name", (database) => {
  let t: TestApp;
  let alice: MintedToken;
  let bob: MintedToken;
  afterEach(async () => {
    await t?.close();
  });

  async function start() {
    t = await startTestApp(database, { PATINA_TOKEN_CACHE_TTL_MS: "60000" });
    await t.createUser("alice");
    await t.createUser("bob");
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "bob", "reader");
    alice = await t.mintToken("alice", { org: "acme", scope: "vso.pats" });
    bob = await t.mintToken("bob", { org: "acme", scope: "vso.pats" });
    for (const pat of [alice, bob]) {
      expect((await call(t, "GET", "/acme/_apis/tokens/pats", { token: pat.token })).statusCode).toBe(200);
    }
  }
  const cached = (pat: MintedToken) => t.app.services.tokenCache.get(pat.token, t.clock.now().getTime());

  it("disabling a user stops their tokens at once and leaves other users' entries cached", async () => {
    await start();
    expect((await t.app.services.directory.setDisabled(CLI_ACTOR, "alice", true)).ok).toBe(true);
    expect(cached(alice)).toBeUndefined();
    expect(cached(bob)).toBeDefined();
    expect((await call(t, "GET", "/acme/_apis/tokens/pats", { token: alice.token })).statusCode).toBe(401);
    expect((await call(t, "GET", "/acme/_apis/tokens/pats", { token: bob.token })).statusCode).toBe(200);
  });

  it("a membership change drops that user's entries and leaves others cached", async () => {
    await start();
    expect((await t.app.services.directory.setMember(CLI_ACTOR, "acme", "bob", "admin")).ok).toBe(true);
    expect(cached(bob)).toBeUndefined();
    expect(cached(alice)).toBeDefined();
    expect((await call(t, "GET", "/acme/_apis/tokens/pats", { token: bob.token })).statusCode).toBe(200);
  });

  it("a role the guard does not know is refused and changes nothing", async () => {
    await start();
    const result = await t.app.services.directory.setMember(CLI_ACTOR, "acme", "bob", "owner" as "admin");
    expect(result).toMatchObject({ ok: false, code: "invalidRole" });
    expect(cached(bob)).toBeDefined();
    // Still a reader: listing works, and the membership was not rewritten.
    expect((await call(t, "GET", "/acme/_apis/tokens/pats", { token: bob.token })).statusCode).toBe(200);
    const roles = await t.app.services.store.db.selectFrom("orgMembers").select("role").execute();
    expect(roles.map((row) => row.role).sort()).toEqual(["admin", "reader"]);
  });

  it("an `all` event clears every entry", async () => {
    await start();
    t.app.services.changes.applied({ kind: "all" });
    expect(cached(alice)).toBeUndefined();
    expect(cached(bob)).toBeUndefined();
  });
});
