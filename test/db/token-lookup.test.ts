/**
 * The verification path's store lookup (db/token-lookup.ts) answers exactly what the tables say,
 * through every change a token goes through: on SQLite it reads its own trigger-kept index
 * (migration 0008), on PostgreSQL the join. The oracle is the query builder's join of
 * token_secrets, tokens and users.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenHasher } from "../../src/security/token-hash.js";
import { findTokenBySecretHash } from "../../src/tokens/token.repository.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";

describe.each(testDatabases())("the token lookup on $name", (database) => {
  let t: TestApp;
  let hash: (token: string) => string;
  let manager: string;
  /** Every secret hash handed out in this file, current or retired. */
  const seen: string[] = [];

  /** The lookup's answer for a hash, without memberships, next to the tables' own. */
  async function both(secretHash: string) {
    const looked = await t.app.services.store.lookupToken(secretHash);
    const joined = await findTokenBySecretHash(t.app.services.store.db, secretHash);
    if (looked === undefined) return { looked, joined };
    const { memberships: _memberships, ...fields } = looked;
    return { looked: { ...fields }, joined: joined && { ...joined } };
  }

  async function expectLookupMatchesTables() {
    for (const secretHash of seen) {
      const { looked, joined } = await both(secretHash);
      expect(looked, secretHash).toEqual(joined);
    }
  }

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createUser("bob");
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "bob", "reader");
    hash = createTokenHasher(t.app.services.serverSecret);
    manager = (await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code_write" })).token;
    seen.push(hash(manager));
  });
  afterAll(async () => t?.close());

  it("follows creation, update, regeneration with and without grace, and revocation", async () => {
    const created = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
    seen.push(hash(created.token));
    await expectLookupMatchesTables();

    const updated = await call(t, "PUT", PATS, {
      token: manager,
      body: { authorizationId: created.authorizationId, displayName: "renamed", scope: "vso.code_write" },
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const afterUpdate = await both(hash(created.token));
    expect(afterUpdate.looked).toMatchObject({ displayName: "renamed", scope: "vso.code_write" });
    await expectLookupMatchesTables();

    const regenerate = (grace: string) =>
      call(t, "POST", `${PATS}/regenerate?authorizationId=${created.authorizationId}${grace}`, { token: manager });
    const withGrace = await regenerate("&gracePeriodHours=2");
    expect(withGrace.statusCode, withGrace.body).toBe(200);
    seen.push(hash(withGrace.json().patToken.token));
    // The old secret lives on for the grace period, with its retirement time.
    expect((await both(hash(created.token))).looked?.secretExpiresAt).not.toBeNull();
    await expectLookupMatchesTables();

    const withoutGrace = await regenerate("");
    expect(withoutGrace.statusCode, withoutGrace.body).toBe(200);
    seen.push(hash(withoutGrace.json().patToken.token));
    expect((await both(hash(created.token))).looked).toBeUndefined();
    await expectLookupMatchesTables();

    const revoked = await call(t, "DELETE", `${PATS}?authorizationId=${created.authorizationId}`, { token: manager });
    expect(revoked.statusCode).toBe(204);
    expect((await both(hash(withoutGrace.json().patToken.token))).looked?.revokedAt).not.toBeNull();
    await expectLookupMatchesTables();
  });

  it("forgets the secrets of tokens whose rows are deleted", async () => {
    const bobs = await t.mintToken("bob", { org: "acme", scope: "vso.code" });
    seen.push(hash(bobs.token));
    expect((await both(hash(bobs.token))).looked).toBeDefined();
    await t.app.services.store.db.deleteFrom("users").where("username", "=", "bob").execute();
    expect((await both(hash(bobs.token))).looked).toBeUndefined();
    await expectLookupMatchesTables();
  });

  it("leaves the lookup alone when only usage is written", async () => {
    const used = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
    seen.push(hash(used.token));
    const before = (await both(hash(used.token))).looked;
    await t.app.services.store.db
      .updateTable("tokens")
      .set({ lastUsedAt: t.clock.now().toISOString(), lastUsedIps: '["10.0.0.1"]' })
      .where("authorizationId", "=", used.authorizationId)
      .execute();
    expect((await both(hash(used.token))).looked).toEqual(before);
    await expectLookupMatchesTables();
  });
});
