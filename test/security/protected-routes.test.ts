/**
 * The shared security suite: every route registered with a guard is called with a missing,
 * malformed, wrong, unknown, expired, revoked, wrong-organization and out-of-scope credential.
 * Routes are discovered from the server, so a new protected route is covered without edits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken } from "../../src/domain/token-format.js";
import type { ProtectedRoute } from "../../src/http/server.js";
import { expectCredentialFailure } from "../support/credential-failure.js";
import { testDatabases } from "../support/databases.js";
import { basic, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

/** A scope no route requires, so a token carrying only it is valid but out of scope everywhere. */
const UNRELATED_SCOPE = "vso.work";

function concretePath(route: ProtectedRoute): string {
  const path = route.url
    .replace(":org", "acme")
    .replace(/:[A-Za-z]+/g, "x")
    .replace("*", "x");
  return `${path}?api-version=7.1`;
}

describe.each(testDatabases())("protected routes on $name", (database) => {
  let t: TestApp;
  let routes: ProtectedRoute[];
  const credentials: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await startTestApp(database);
    // Administrators, so that a token may carry every scope (patina.introspect included).
    await t.createUser("alice", { admin: true });
    await t.createUser("carol", { admin: true });
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "carol", "admin");
    await t.createOrg("beta", "alice");
    routes = t.app.server.protectedRoutes;
    const every = [...new Set(routes.flatMap((r) => (r.requirement.scope ? [r.requirement.scope] : [])))].join(" ");
    const valid = await t.mintToken("alice", { org: "acme", scope: every });
    const revoked = await t.mintToken("alice", { org: "acme", scope: every });
    const expired = await t.mintToken("alice", { org: "acme", scope: every, days: 1 });
    const otherOrg = await t.mintToken("alice", { org: "beta", scope: every });
    const outOfScope = await t.mintToken("alice", { org: "acme", scope: UNRELATED_SCOPE });
    const disabledOwner = await t.mintToken("carol", { org: "acme", scope: every });
    await t.revokeToken("alice", revoked.authorizationId);
    await t.app.services.store.db
      .updateTable("tokens")
      .set({ validTo: new Date(t.clock.now().getTime() - DAY_MS).toISOString() })
      .where("authorizationId", "=", expired.authorizationId)
      .execute();
    await t.app.services.store.db.updateTable("users").set({ isDisabled: 1 }).where("username", "=", "carol").execute();
    t.app.services.tokenCache.clear();
    const lastChar = valid.token.at(-1) === "A" ? "B" : "A";
    Object.assign(credentials, {
      missing: {},
      "not base64": { authorization: "Basic !!!not-base64!!!" },
      "unknown scheme": { authorization: `Token ${valid.token}` },
      "bad checksum": basic(valid.token.slice(0, -1) + lastChar),
      "wrong prefix": basic(`ghp_${valid.token.slice(7)}`),
      unknown: basic(generateToken("patina_")),
      "empty password": basic(""),
      expired: basic(expired.token),
      revoked: basic(revoked.token),
      "bearer revoked": { authorization: `Bearer ${revoked.token}` },
      "owner disabled": basic(disabledOwner.token),
    });
    credentials["wrong organization"] = basic(otherOrg.token);
    credentials.valid = basic(valid.token);
    credentials.outOfScope = basic(outOfScope.token);
  });
  afterAll(async () => t?.close());

  it("discovers the protected routes", () => {
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    expect(urls).toContain("POST /:org/_apis/tokens/pats");
    expect(urls).toContain("DELETE /:org/_apis/tokens/pats");
  });

  it("answers every credential failure with the same 401", async () => {
    // Each failure from its own address: this suite is about the 401, not the per-address throttle.
    let address = 0;
    let checked = 0;
    for (const route of routes) {
      const cases = Object.keys(credentials).filter((c) => !["valid", "outOfScope"].includes(c));
      for (const name of cases) {
        if (name === "wrong organization" && !route.requirement.org) continue;
        const response = await t.app.server.inject({
          method: route.method as "GET",
          url: concretePath(route),
          headers: credentials[name],
          remoteAddress: `10.${(++address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
        });
        const label = `${name} on ${route.method} ${route.url}`;
        if (route.method === "HEAD") {
          expect(response.statusCode, label).toBe(401);
          expect(response.headers["www-authenticate"], label).toBe('Basic realm="Patina"');
          continue;
        }
        expectCredentialFailure(response, label);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("answers a valid token without the route's scope with 403", async () => {
    for (const route of routes.filter((r) => r.requirement.scope && r.requirement.scope !== UNRELATED_SCOPE)) {
      const response = await t.app.server.inject({
        method: route.method as "GET",
        url: concretePath(route),
        headers: credentials.outOfScope,
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
      if (route.method !== "HEAD") expect(response.json()).toMatchObject({ typeKey: "UnauthorizedRequestException" });
    }
  });

  it("lets the right token through the guard", async () => {
    for (const route of routes) {
      const response = await t.app.server.inject({
        method: route.method as "GET",
        url: concretePath(route),
        headers: credentials.valid,
      });
      expect([401, 403], `${route.method} ${route.url}`).not.toContain(response.statusCode);
    }
  });
});
