/**
 * Azure DevOps' tokenadmin area as an organization administrator sees it: a user's tokens as
 * SessionTokens (paged to the end), revocations (204, the token stops working at once, out of
 * reach changes nothing), revocation rules (201), and who may not (403, another organization's
 * admin).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";
import { type AdminFixture, auditOf, createAdminFixture, statusWith } from "./fixture.js";

const V = "7.1-preview.1";

describe.each(testDatabases())("the tokenadmin area on $name", (database) => {
  let t: TestApp;
  let f: AdminFixture;
  let bobDescriptor: string;

  beforeAll(async () => {
    t = await startTestApp(database);
    f = await createAdminFixture(t);
    const connection = await call(t, "GET", "/acme/_apis/connectionData", { token: f.bobAcme.token });
    bobDescriptor = (connection.json() as { authenticatedUser: { subjectDescriptor: string } }).authenticatedUser
      .subjectDescriptor;
  });
  afterAll(async () => t?.close());

  const list = (path: string, token = f.aliceAdmin) =>
    call(t, "GET", `/acme/_apis/tokenadmin/personalaccesstokens/${path}`, { token, apiVersion: V });

  it("lists a member's tokens that work in the organization as SessionTokens, by descriptor or user id", async () => {
    const response = await list(bobDescriptor);
    expect(response.statusCode).toBe(200);
    const body = response.json() as { value: Record<string, unknown>[]; continuationToken: string | null };
    expect(body.continuationToken).toBeNull();
    const ids = body.value.map((token) => token.authorizationId).sort();
    expect(ids).toEqual([f.bobAcme.authorizationId, f.bobGlobal.authorizationId].sort());
    const acme = body.value.find((token) => token.authorizationId === f.bobAcme.authorizationId);
    expect(acme).toMatchObject({
      clientId: "00000000-0000-0000-0000-000000000000",
      userId: f.bobId,
      displayName: "acme ci",
      scope: "vso.code vso.project",
      isValid: true,
      isPublic: false,
      token: null,
      alternateToken: null,
    });
    expect(acme?.targetAccounts).toHaveLength(1);
    expect(
      body.value.find((token) => token.authorizationId === f.bobGlobal.authorizationId)?.targetAccounts,
    ).toBeNull();
    // No secret, hint or hash anywhere in the answer.
    for (const minted of [f.bobAcme, f.bobGlobal]) expect(response.body).not.toContain(minted.token.slice(7, 20));
    expect((await list(f.bobId)).json()).toEqual(body);
    // SSH keys (isPublic=true): Patina has none.
    expect(
      (
        await call(t, "GET", `/acme/_apis/tokenadmin/personalaccesstokens/${bobDescriptor}?isPublic=true`, {
          token: f.aliceAdmin,
          apiVersion: V,
        })
      ).json(),
    ).toEqual({ value: [], continuationToken: null });
  });

  it("pages with pageSize and continuationToken to the end", async () => {
    const seen: string[] = [];
    let continuation: string | null = null;
    let pages = 0;
    do {
      const query = `?pageSize=1${continuation === null ? "" : `&continuationToken=${encodeURIComponent(continuation)}`}`;
      const response = await list(`${bobDescriptor}${query}`);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { value: { authorizationId: string }[]; continuationToken: string | null };
      expect(body.value).toHaveLength(1);
      seen.push(...body.value.map((token) => token.authorizationId));
      continuation = body.continuationToken;
      pages++;
    } while (continuation !== null && pages < 10);
    expect(seen.sort()).toEqual([f.bobAcme.authorizationId, f.bobGlobal.authorizationId].sort());
    const forged = await list(`${bobDescriptor}?continuationToken=forged.value`);
    expect(forged.statusCode).toBe(400);
  });

  it("answers 400 for a malformed subject and 404 for a user who is not a member here", async () => {
    const unicode = ["patina.%00", "%ED%A0%80", "patina.%F0%9F%94%91"];
    for (const bad of unicode) expect((await list(bad)).statusCode, bad).toBe(400);
    for (const bad of ["aad.MjcwYjYw", "patina.bm90LWEtZ3VpZA", "patina.", "not-a-user", `${bobDescriptor}x`]) {
      const response = await list(encodeURIComponent(bad));
      expect(response.statusCode, bad).toBe(400);
      expect(response.json()).toMatchObject({ typeKey: "InvalidArgumentValueException" });
    }
    expect((await list(f.carolId)).statusCode).toBe(404);
    expect((await list("5d3f1c1e-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect((await list(`${bobDescriptor}?pageSize=0`)).statusCode).toBe(400);
    expect((await list(`${bobDescriptor}?pageSize=101`)).statusCode).toBe(400);
    expect((await list(`${bobDescriptor}?pageSize=ten`)).statusCode).toBe(400);
  });

  it("refuses members who are not admins, and admin tokens without vso.tokenadministration (403)", async () => {
    const bobAdminScope = await t.mintToken("bob", { org: "acme", scope: "vso.tokenadministration" });
    expect((await list(bobDescriptor, bobAdminScope.token)).statusCode).toBe(403);
    const aliceNarrow = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code_manage" });
    expect((await list(bobDescriptor, aliceNarrow.token)).statusCode).toBe(403);
    const revoke = await call(t, "POST", "/acme/_apis/tokenadmin/revocations", {
      token: bobAdminScope.token,
      apiVersion: V,
      body: [{ authorizationId: f.bobAcme.authorizationId }],
    });
    expect(revoke.statusCode).toBe(403);
    expect(await statusWith(t, f.bobAcme.token)).toBe(200);
  });

  it("lets another organization's admin neither see nor revoke (nothing changes)", async () => {
    // carol administers beta: bob's acme token is out of her reach, whatever she names.
    const response = await call(t, "GET", `/beta/_apis/tokenadmin/personalaccesstokens/${bobDescriptor}`, {
      token: f.carolAdmin,
      apiVersion: V,
    });
    const ids = (response.json() as { value: { authorizationId: string }[] }).value.map((v) => v.authorizationId);
    expect(ids.sort()).toEqual([f.bobBeta.authorizationId, f.bobGlobal.authorizationId].sort());
    const revoke = await call(t, "POST", "/beta/_apis/tokenadmin/revocations", {
      token: f.carolAdmin,
      apiVersion: V,
      body: [{ authorizationId: f.bobAcme.authorizationId }],
    });
    expect(revoke.statusCode).toBe(204);
    expect(await statusWith(t, f.bobAcme.token)).toBe(200);
    expect(await auditOf(t, f.bobAcme.authorizationId)).toEqual([["Token.PatCreateEvent", undefined]]);
    // Her beta token cannot even reach acme's routes.
    const there = await call(t, "POST", "/acme/_apis/tokenadmin/revocations", {
      token: f.carolAdmin,
      apiVersion: V,
      body: [{ authorizationId: f.bobAcme.authorizationId }],
    });
    expect(there.statusCode).toBe(401);
  });

  it("revokes with 204: the token stops working at once, audited once as an admin revocation", async () => {
    const victim = await t.mintToken("bob", { org: "acme", scope: "vso.project", name: "to revoke" });
    expect(await statusWith(t, victim.token)).toBe(200);
    const body = [
      { authorizationId: victim.authorizationId },
      { authorizationId: "5d3f1c1e-0000-4000-8000-000000000000" },
    ];
    const revoke = await call(t, "POST", "/acme/_apis/tokenadmin/revocations", {
      token: f.aliceAdmin,
      apiVersion: V,
      body,
    });
    expect(revoke.statusCode).toBe(204);
    expect(revoke.body).toBe("");
    expect(await statusWith(t, victim.token)).toBe(401);
    // Again: idempotent, nothing more recorded.
    await call(t, "POST", "/acme/_apis/tokenadmin/revocations", { token: f.aliceAdmin, apiVersion: V, body });
    expect(await auditOf(t, victim.authorizationId)).toEqual([
      ["Token.PatCreateEvent", undefined],
      ["Token.PatAdminRevokeEvent", "admin"],
    ]);
    const listed = (await list(bobDescriptor)).json() as { value: { authorizationId: string; isValid: boolean }[] };
    expect(listed.value.find((token) => token.authorizationId === victim.authorizationId)?.isValid).toBe(false);
  });

  it("creates a revocation rule (201): tokens created before the date that grant a scope are revoked", async () => {
    const old = await t.mintToken("bob", { org: "acme", scope: "vso.code_write", name: "old writer" });
    const unrelated = await t.mintToken("bob", { org: "acme", scope: "vso.work", name: "work" });
    t.clock.advance(60_000);
    const cutoff = t.clock.now().toISOString();
    t.clock.advance(60_000);
    const fresh = await t.mintToken("bob", { org: "acme", scope: "vso.code", name: "new reader" });
    const response = await call(t, "POST", "/acme/_apis/tokenadmin/revocationrules", {
      token: f.aliceAdmin,
      apiVersion: V,
      body: { scopes: "vso.code", createdBefore: cutoff },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ scopes: "vso.code", createdBefore: cutoff });
    expect(await statusWith(t, old.token)).toBe(401);
    expect(await statusWith(t, unrelated.token)).toBe(200);
    expect(await statusWith(t, fresh.token)).toBe(200);
    // bob's beta token grants vso.code too, but lives in another organization.
    expect(await statusWith(t, f.bobBeta.token, "beta")).toBe(200);
    expect(await auditOf(t, old.authorizationId)).toContainEqual(["Token.PatAdminRevokeEvent", "revocationRule"]);
    // bob's older acme token grants vso.code as well.
    expect(await statusWith(t, f.bobAcme.token)).toBe(401);
  });

  it("answers bad input with a clear 400 and changes nothing", async () => {
    const sentinel = await t.mintToken("bob", { org: "acme", scope: "vso.code", name: "sentinel" });
    const revocations = (body: unknown) =>
      call(t, "POST", "/acme/_apis/tokenadmin/revocations", {
        token: f.aliceAdmin,
        apiVersion: V,
        body: body as object,
      });
    const badRevocations: unknown[] = [
      {},
      [],
      [sentinel.authorizationId],
      [{ authorizationId: 42 }],
      [{ authorizationId: "not-a-guid" }],
      [{ authorizationId: sentinel.authorizationId, extra: true }],
      [{}],
      Array.from({ length: 1001 }, () => ({ authorizationId: sentinel.authorizationId })),
    ];
    for (const body of badRevocations) {
      const response = await revocations(body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(response.json()).toMatchObject({ $id: "1", eventId: 3000 });
    }
    const raw = (payload: string) =>
      t.app.server.inject({
        method: "POST",
        url: `/acme/_apis/tokenadmin/revocations?api-version=${V}`,
        headers: {
          authorization: `Basic ${Buffer.from(`:${f.aliceAdmin}`).toString("base64")}`,
          "content-type": "application/json",
        },
        payload,
      });
    for (const payload of ['[{"authorizationId":"a\\u0000b"}]', '[{"authorizationId":"\\ud800"}]', "[{", "null"]) {
      expect((await raw(payload)).statusCode, payload).toBe(400);
    }
    const rules = (body: unknown) =>
      call(t, "POST", "/acme/_apis/tokenadmin/revocationrules", {
        token: f.aliceAdmin,
        apiVersion: V,
        body: body as object,
      });
    const badRules: unknown[] = [
      {},
      { scopes: "" },
      { scopes: 7 },
      { scopes: "vso.nothing" },
      { scopes: "vso.code", createdBefore: "tomorrow" },
      { scopes: "vso.code", createdBefore: "2999-01-01T00:00:00Z" },
      { scopes: "vso.code", createdBefore: 12 },
      [],
    ];
    for (const body of badRules) {
      expect((await rules(body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await statusWith(t, sentinel.token)).toBe(200);
    // A write without api-version is refused, as everywhere.
    const unversioned = await call(t, "POST", "/acme/_apis/tokenadmin/revocations", {
      token: f.aliceAdmin,
      apiVersion: null,
      body: [{ authorizationId: sentinel.authorizationId }],
    });
    expect(unversioned.statusCode).toBe(400);
    expect(await statusWith(t, sentinel.token)).toBe(200);
  });
});
