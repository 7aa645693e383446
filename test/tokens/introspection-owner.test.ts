/**
 * Only instance administrators may own tokens carrying `patina.introspect` (issue 7): it lets a
 * service read other users' token metadata. Creating, rescoping to or regenerating such a token
 * for a non-administrator is a 403 `introspectionRequiresAdmin`, whoever acts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, signedIn } from "../sessions/support.js";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";
const INTROSPECT = "patina.introspect";

describe.each(testDatabases())("who may own introspection tokens on $name", (database) => {
  let t: TestApp;
  const validTo = () => new Date(t.clock.now().getTime() + 30 * DAY_MS).toISOString();
  const asSession = async (username: string) => {
    const session = await signedIn(t, username);
    return { cookie: session.cookie, "x-patina-csrf": session.csrfToken };
  };
  const introspect = (caller: string, token: string) =>
    t.app.server.inject({
      method: "POST",
      url: "/_apis/patina/introspect",
      headers: { authorization: `Bearer ${caller}`, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ token }).toString(),
    });

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("bob", { password: PASSWORD });
    await t.createUser("carol", { password: PASSWORD, admin: true });
    await t.createOrg("acme", "carol");
    await t.addMember("acme", "bob", "contributor");
  });
  afterAll(async () => t?.close());

  it("refuses a non-administrator's web session a token with patina.introspect (403), and creates nothing", async () => {
    const headers = await asSession("bob");
    for (const scope of [INTROSPECT, `vso.code ${INTROSPECT}`]) {
      const response = await call(t, "POST", PATS, {
        headers,
        body: { displayName: "svc", scope, validTo: validTo() },
      });
      expect(response.statusCode, scope).toBe(403);
      expect(response.json()).toMatchObject({ patToken: null, patTokenError: "introspectionRequiresAdmin" });
    }
    const listed = await call(t, "GET", `${PATS}?displayFilterOption=all`, { headers });
    expect(listed.json().patTokens).toHaveLength(0);
  });

  it("refuses rescoping a non-administrator's token to patina.introspect", async () => {
    const headers = await asSession("bob");
    const created = await call(t, "POST", PATS, {
      headers,
      body: { displayName: "plain", scope: "vso.code", validTo: validTo() },
    });
    const id = created.json().patToken.authorizationId;
    const response = await call(t, "PUT", PATS, { headers, body: { authorizationId: id, scope: INTROSPECT } });
    expect(response.statusCode).toBe(403);
    expect(response.json().patTokenError).toBe("introspectionRequiresAdmin");
    const fetched = await call(t, "GET", `${PATS}?authorizationId=${id}`, { headers });
    expect(fetched.json().patToken.scope).toBe("vso.code");
  });

  it("refuses the operator too (the CLI's path)", async () => {
    await expect(t.mintToken("bob", { org: "acme", scope: INTROSPECT })).rejects.toThrow(/instance administrators/);
  });

  it("lets an administrator create one, through a session or a token that carries the scope itself", async () => {
    const created = await call(t, "POST", PATS, {
      headers: await asSession("carol"),
      body: { displayName: "svc", scope: INTROSPECT, validTo: validTo() },
    });
    expect(created.statusCode).toBe(200);
    const service = created.json().patToken.token as string;
    const subject = await t.mintToken("bob", { org: "acme", scope: "vso.code" });
    expect((await introspect(service, subject.token)).json()).toMatchObject({ active: true });

    const manager = await t.mintToken("carol", { org: "acme", scope: `vso.pats_manage ${INTROSPECT}` });
    const minted = await call(t, "POST", PATS, {
      token: manager.token,
      body: { displayName: "svc 2", scope: INTROSPECT, validTo: validTo() },
    });
    expect(minted.statusCode).toBe(200);
  });

  it("refuses to regenerate or extend one whose owner is no longer an administrator", async () => {
    const kept = await t.mintToken("carol", { org: "acme", scope: INTROSPECT, name: "kept" });
    await t.app.services.store.db.updateTable("users").set({ isAdmin: 0 }).where("username", "=", "carol").execute();
    const headers = await asSession("carol");
    const regenerate = await call(t, "POST", `${PATS}/regenerate?authorizationId=${kept.authorizationId}`, {
      headers,
    });
    expect(regenerate.statusCode).toBe(403);
    expect(regenerate.json().patTokenError).toBe("introspectionRequiresAdmin");
    const extend = await call(t, "PUT", PATS, {
      headers,
      body: { authorizationId: kept.authorizationId, validTo: validTo() },
    });
    expect(extend.json().patTokenError).toBe("introspectionRequiresAdmin");
    // Narrowing it away from introspection, or revoking it, stays possible.
    const narrowed = await call(t, "PUT", PATS, {
      headers,
      body: { authorizationId: kept.authorizationId, scope: "vso.code" },
    });
    expect(narrowed.statusCode).toBe(200);
  });

  it("stops answering for a token whose owner is no longer an administrator", async () => {
    await t.app.services.store.db.updateTable("users").set({ isAdmin: 1 }).where("username", "=", "carol").execute();
    const service = await t.mintToken("carol", { org: "acme", scope: INTROSPECT, name: "service" });
    const subject = await t.mintToken("bob", { org: "acme", scope: "vso.code", name: "examined" });
    expect((await introspect(service.token, subject.token)).json()).toMatchObject({ active: true });

    const carol = await t.app.services.store.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", "carol")
      .executeTakeFirstOrThrow();
    await t.app.services.store.db.updateTable("users").set({ isAdmin: 0 }).where("id", "=", carol.id).execute();
    // What the directory announces when a user changes (there is no demotion command yet).
    t.app.services.changes.applied({ kind: "user", userId: carol.id });
    const refused = await introspect(service.token, subject.token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toMatch(/administrator/);
    expect(refused.body).not.toContain("examined");
  });
});
