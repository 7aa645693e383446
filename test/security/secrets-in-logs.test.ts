/**
 * A token value appears once, in the response that creates it: never in logs, audit events or
 * error bodies. This run mints tokens every way there is, uses them well and badly, and then
 * searches everything written for every minted value.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { basic, call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";

describe.each(testDatabases())("secrets stay secret on $name", (database) => {
  let t: TestApp;
  const minted: string[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "alice");
  });
  afterAll(async () => t?.close());

  it("never writes a minted token value anywhere but its creation response", async () => {
    const manager = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage" });
    minted.push(manager.token);
    const validTo = new Date(t.clock.now().getTime() + 5 * DAY_MS).toISOString();
    const created = await call(t, "POST", PATS, {
      token: manager.token,
      body: { displayName: "a", scope: "vso.pats", validTo },
    });
    const pat = created.json().patToken;
    minted.push(pat.token);
    const regenerated = await call(t, "POST", `${PATS}/regenerate?authorizationId=${pat.authorizationId}`, {
      token: manager.token,
    });
    minted.push(regenerated.json().patToken.token);
    const otherOrg = await t.mintToken("alice", { org: "beta", scope: "vso.pats" });
    minted.push(otherOrg.token);

    const requests = [
      call(t, "GET", PATS, { token: pat.token }), // retired by the regeneration
      call(t, "GET", PATS, { token: regenerated.json().patToken.token }),
      call(t, "GET", PATS, { token: otherOrg.token }), // wrong organization
      call(t, "GET", PATS, { token: `${manager.token}x` }), // malformed
      call(t, "GET", PATS, { token: manager.token.replace(/.$/, (c) => (c === "A" ? "B" : "A")) }), // bad checksum
      call(t, "POST", PATS, { token: regenerated.json().patToken.token, body: { displayName: "x" } }), // out of scope
      call(t, "POST", PATS, { token: manager.token, body: { displayName: manager.token, scope: "nope", validTo } }),
      call(t, "GET", `${PATS}?authorizationId=${manager.token}`, { token: manager.token }),
      call(t, "GET", "/acme/_apis/nowhere", { token: manager.token }),
      call(t, "GET", `/acme/_apis/${manager.token}`, { token: manager.token }), // a token pasted into a URL
      t.app.server.inject({ url: `/${manager.token}/x?token=${manager.token}` }),
      t.app.server.inject({ url: `${PATS}?api-version=7.1`, headers: { authorization: `Bearer ${manager.token}` } }),
      t.app.server.inject({ url: `${PATS}?api-version=99`, headers: basic(manager.token, manager.token) }),
    ];
    for (const response of await Promise.all(requests)) bodies.push(response.body);
    await call(t, "DELETE", `${PATS}?authorizationId=${pat.authorizationId}`, { token: manager.token });
    await t.app.services.usage.flush();

    expect(t.logs.length).toBeGreaterThan(5);
    const logs = t.logs.join("\n");
    const audit = JSON.stringify(await t.app.services.store.db.selectFrom("auditEvents").selectAll().execute());
    const stored = JSON.stringify(await t.app.services.store.db.selectFrom("tokens").selectAll().execute());
    for (const value of minted) {
      expect(value).toMatch(/^patina_/);
      expect(logs).not.toContain(value);
      expect(audit).not.toContain(value);
      expect(stored).not.toContain(value);
      // The request that named a token as its display name gets it echoed nowhere either.
      for (const body of bodies) expect(body).not.toContain(value);
    }
  });
});
