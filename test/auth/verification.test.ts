/**
 * Verification through the store's prepared lookup: a cold verification (cache miss) returns the
 * token, its owner and memberships in one lookup, synchronously on SQLite, and never sees a
 * write that has not committed.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Verification } from "../../src/auth/token-verifier.js";
import { testDatabases } from "../support/databases.js";
import { type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("verification on $name", (database) => {
  let t: TestApp;
  let minted: MintedToken;

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("zeta", "alice");
    await t.createOrg("acme", "alice");
    minted = await t.mintToken("alice", { org: "acme", scope: "vso.code_write vso.profile" });
  });
  afterAll(async () => t?.close());

  it("loads the token, its owner and memberships on a cache miss", async () => {
    t.app.services.tokenCache.clear();
    const result = await t.app.services.verify(minted.token);
    if (!result.ok) throw new Error(result.reason);
    const { token } = result;
    expect(token.authorizationId).toBe(minted.authorizationId);
    expect(token.owner).toMatchObject({ username: "alice", isAdmin: false, isDisabled: false });
    expect([...token.memberships.keys()]).toEqual(["acme", "zeta"]);
    expect(token.memberships.get("acme")).toMatchObject({ orgName: "acme", role: "admin" });
    expect(token.targetOrgId).toBe(token.memberships.get("acme")?.orgId);
    expect(token.allOrgs).toBe(false);
    expect(token.scopes).toEqual(["vso.code_write", "vso.profile"]);
    expect(token.grants.has("vso.code")).toBe(true);
    expect(token.validToMs).toBeGreaterThan(t.clock.now().getTime());
  });
});

describe.each(testDatabases().filter((d) => d.name === "sqlite"))("prepared lookup on $name", (database) => {
  let t: TestApp;
  let minted: MintedToken;

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    minted = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
  });
  afterAll(async () => t?.close());

  it("answers a cache miss synchronously on SQLite", () => {
    t.app.services.tokenCache.clear();
    const result = t.app.services.verify(minted.token) as Verification;
    expect(result).not.toBeInstanceOf(Promise);
    expect(result.ok).toBe(true);
  });

  it("never sees an uncommitted write", async () => {
    const rolledBack = new Error("roll back");
    await expect(
      t.app.services.store.db.transaction().execute(async (trx) => {
        await sql`delete from token_secrets where authorization_id = ${minted.authorizationId}`.execute(trx);
        t.app.services.tokenCache.clear();
        // The write's connection is inside the transaction; the lookup reads committed rows.
        expect((t.app.services.verify(minted.token) as Verification).ok).toBe(true);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    t.app.services.tokenCache.clear();
    expect((await t.app.services.verify(minted.token)).ok).toBe(true);
  });
});
