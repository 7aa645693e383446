/**
 * A user's own "Revoke all" (`POST /{org}/_apis/tokens/pats/revokeall`): with a web session every
 * token of the user stops working at once; a token caller only revokes the tokens it itself sees
 * (authority never grows), so a one-organization token cannot revoke the user's other tokens.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, signedIn } from "../sessions/support.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";
import { auditOf, statusWith } from "./fixture.js";

const REVOKE_ALL = "/acme/_apis/tokens/pats/revokeall";

describe.each(testDatabases())("revoking all of one's own tokens on $name", (database) => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { password: PASSWORD });
    await t.createUser("zoe");
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "alice");
    await t.addMember("acme", "zoe", "reader");
  });
  afterEach(async () => t?.close());

  it("with a token: revokes the tokens that token sees (itself included), and no others", async () => {
    const acmeManager = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage", name: "manager" });
    const acmeCi = await t.mintToken("alice", { org: "acme", scope: "vso.code" });
    const beta = await t.mintToken("alice", { org: "beta", scope: "vso.code" });
    const global = await t.mintToken("alice", { allOrgs: true, scope: "vso.code" });
    const zoes = await t.mintToken("zoe", { org: "acme", scope: "vso.code" });
    const response = await call(t, "POST", REVOKE_ALL, { token: acmeManager.token, body: { confirm: true } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ revokedCount: 2 });
    expect(await statusWith(t, acmeCi.token)).toBe(401);
    expect(await statusWith(t, acmeManager.token)).toBe(401);
    expect(await statusWith(t, beta.token, "beta")).toBe(200);
    expect(await statusWith(t, global.token)).toBe(200);
    expect(await statusWith(t, zoes.token)).toBe(200);
    expect(await auditOf(t, acmeCi.authorizationId)).toEqual([
      ["Token.PatCreateEvent", undefined],
      ["Token.PatRevokeEvent", "userRevokeAll"],
    ]);
  });

  it("with a web session: every token of the user, in every organization", async () => {
    const tokens = [
      await t.mintToken("alice", { org: "acme", scope: "vso.code" }),
      await t.mintToken("alice", { org: "beta", scope: "vso.code" }),
      await t.mintToken("alice", { allOrgs: true, scope: "app_token" }),
    ];
    const session = await signedIn(t, "alice");
    const headers = { cookie: session.cookie, "x-patina-csrf": session.csrfToken };
    // Without the CSRF header a session may not change anything.
    const forged = await call(t, "POST", REVOKE_ALL, { headers: { cookie: session.cookie }, body: { confirm: true } });
    expect(forged.statusCode).toBe(403);
    expect(await statusWith(t, tokens[0]?.token ?? "")).toBe(200);
    const response = await call(t, "POST", REVOKE_ALL, { headers, body: { confirm: true } });
    expect(response.json()).toEqual({ revokedCount: 3 });
    expect(await statusWith(t, tokens[0]?.token ?? "")).toBe(401);
    expect(await statusWith(t, tokens[1]?.token ?? "", "beta")).toBe(401);
    expect(await statusWith(t, tokens[2]?.token ?? "")).toBe(401);
    expect((await call(t, "POST", REVOKE_ALL, { headers, body: { confirm: true } })).json()).toEqual({
      revokedCount: 0,
    });
  });

  it("needs vso.pats_manage and an explicit confirmation", async () => {
    const reader = await t.mintToken("alice", { org: "acme", scope: "vso.pats" });
    expect((await call(t, "POST", REVOKE_ALL, { token: reader.token, body: { confirm: true } })).statusCode).toBe(403);
    const manager = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage" });
    for (const body of [undefined, {}, { confirm: false }, { confirm: 1 }, [true]]) {
      const response = await call(t, "POST", REVOKE_ALL, { token: manager.token, body });
      expect(response.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    }
    expect(await statusWith(t, manager.token)).toBe(200);
  });
});
