/**
 * Forward-auth as a proxy sees it: the verdict and identity headers for each rule, header
 * source and credential, and a 403 for every path trick that could reach a more permissive rule.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken } from "../../src/domain/token-format.js";
import { expectCredentialFailure } from "../support/credential-failure.js";
import { testDatabases } from "../support/databases.js";
import { basic, DAY_MS, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";
import { TEST_RULES, writeRulesFile } from "./rules-file.js";

const URL = "/_apis/patina/forward-auth";

describe.each(testDatabases())("forward-auth on $name", (database) => {
  let t: TestApp;
  let rulesFile: ReturnType<typeof writeRulesFile>;
  const tokens: Record<string, MintedToken> = {};

  /** Asks as nginx would, for `method uri` with a token (or raw headers). */
  function ask(method: string, uri: string, auth: string | Record<string, string> | null, inject = "GET") {
    const credentials = auth === null ? {} : typeof auth === "string" ? basic(auth) : auth;
    return t.app.server.inject({
      method: inject as "GET",
      url: URL,
      headers: { "x-original-method": method, "x-original-uri": uri, ...credentials },
    });
  }
  const token = (name: string) => tokens[name]?.token ?? "";

  beforeAll(async () => {
    rulesFile = writeRulesFile(TEST_RULES);
    t = await startTestApp(database, { PATINA_FORWARD_AUTH_RULES: rulesFile.file });
    await t.createUser("alice");
    await t.createUser("bob");
    await t.createUser("carol");
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "carol");
    await t.addMember("acme", "bob", "reader");
    const mint = async (name: string, user: string, options: Parameters<TestApp["mintToken"]>[1]) => {
      tokens[name] = await t.mintToken(user, options);
    };
    await mint("read", "alice", { org: "acme", scope: "vso.packaging" });
    await mint("write", "alice", { org: "acme", scope: "vso.packaging_write" });
    await mint("manage", "alice", { org: "acme", scope: "vso.packaging_manage vso.profile" });
    await mint("full", "alice", { org: "acme", scope: "app_token" });
    await mint("profile", "alice", { org: "acme", scope: "vso.profile" });
    await mint("readerWrite", "bob", { org: "acme", scope: "vso.packaging_write" });
    await mint("carolAll", "carol", { allOrgs: true, scope: "vso.packaging vso.code" });
    await mint("revoked", "alice", { org: "acme", scope: "vso.packaging" });
    await mint("expired", "alice", { org: "acme", scope: "vso.packaging", days: 1 });
    await t.revokeToken("alice", tokens.revoked?.authorizationId ?? "");
    await t.app.services.store.db
      .updateTable("tokens")
      .set({ validTo: new Date(t.clock.now().getTime() - DAY_MS).toISOString() })
      .where("authorizationId", "=", tokens.expired?.authorizationId ?? "")
      .execute();
    t.app.services.tokenCache.clear();
  });
  afterAll(async () => {
    await t?.close();
    rulesFile?.remove();
  });

  it("lets a token with the rule's scope through, with the caller's identity", async () => {
    const response = await ask("GET", "/packages/feed/x.tgz", token("read"));
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      "x-patina-user": "alice",
      "x-patina-token-id": tokens.read?.authorizationId,
      "x-patina-scopes": "vso.packaging",
      "cache-control": "no-store",
    });
    expect(response.body).toBe("");
  });

  it("lets higher levels and full access through", async () => {
    expect((await ask("GET", "/packages/feed", token("write"))).statusCode).toBe(200);
    expect((await ask("GET", "/packages/feed", token("full"))).statusCode).toBe(200);
    expect((await ask("GET", "/packages/feed", token("full"))).headers["x-patina-scopes"]).toBe("app_token");
  });

  it("applies the first rule whose glob and methods match", async () => {
    expect((await ask("PUT", "/packages/feed/upload", token("write"))).statusCode).toBe(200);
    // The upload rule comes first: a read token does not fall through to the read rule.
    expect((await ask("POST", "/packages/feed/upload", token("read"))).statusCode).toBe(403);
    // GET is not an upload method, so the read rule decides.
    expect((await ask("GET", "/packages/feed/upload", token("read"))).statusCode).toBe(200);
    expect((await ask("HEAD", "/packages", token("read"))).statusCode).toBe(200);
    // The catch-all only allows GET: anything else matches no rule.
    expect((await ask("DELETE", "/packages/feed", token("full"))).statusCode).toBe(403);
    expect((await ask("POST", "/elsewhere", token("full"))).statusCode).toBe(403);
    expect((await ask("GET", "/elsewhere", token("profile"))).statusCode).toBe(200);
  });

  it("answers 403 with the Azure DevOps body for a missing scope, role or rule", async () => {
    const missingScope = await ask("GET", "/admin/users", token("write"));
    expect(missingScope.statusCode).toBe(403);
    expect(missingScope.json()).toMatchObject({ typeKey: "UnauthorizedRequestException", eventId: 3000 });
    expect(missingScope.json().message).toContain("vso.packaging_manage");
    expect(missingScope.headers["www-authenticate"]).toBeUndefined();
    expect((await ask("GET", "/admin/users", token("manage"))).statusCode).toBe(200);
    // Bob is a reader: the scope is there, the role is not.
    const role = await ask("PUT", "/packages/feed/upload", token("readerWrite"));
    expect(role.statusCode).toBe(403);
    expect(role.json().message).toContain("contributor");
    expect((await ask("GET", "/packages/feed", token("readerWrite"))).statusCode).toBe(200);
    expect((await ask("PATCH", "/packages/feed", token("full"))).json().message).toContain("No forward-auth rule");
  });

  it("answers every credential failure with the same 401 and WWW-Authenticate", async () => {
    const valid = token("read");
    const lastChar = valid.at(-1) === "A" ? "B" : "A";
    const failures: Record<string, string | Record<string, string> | null> = {
      missing: null,
      "unknown scheme": { authorization: `Token ${valid}` },
      "not base64": { authorization: "Basic !!!" },
      "bad checksum": valid.slice(0, -1) + lastChar,
      unknown: generateToken("patina_"),
      revoked: token("revoked"),
      "bearer revoked": { authorization: `Bearer ${token("revoked")}` },
      expired: token("expired"),
      "not a member": token("carolAll"),
    };
    for (const [name, auth] of Object.entries(failures)) {
      const response = await ask("GET", "/packages/feed", auth);
      expectCredentialFailure(response, name);
    }
    // Carol's global token works in her own organization's rule.
    expect((await ask("GET", "/beta/repo", token("carolAll"))).statusCode).toBe(200);
    // A token made for acme does not open beta's service.
    expect((await ask("GET", "/beta/repo", token("full"))).statusCode).toBe(401);
    expect((await ask("GET", "/packages/feed", { authorization: `Bearer ${valid}` })).statusCode).toBe(200);
  });

  it("logs why, with the token's id and never its value", async () => {
    await ask("GET", "/packages/feed", token("revoked"));
    await ask("GET", "/admin/x", token("read"));
    const logs = t.logs.join("\n");
    expect(logs).toContain('"reason":"revoked"');
    expect(logs).toContain(tokens.revoked?.authorizationId);
    expect(logs).toContain('"reason":"missingScope"');
    for (const minted of Object.values(tokens)) expect(logs).not.toContain(minted.token);
  });

  it("answers HEAD like GET, without a body", async () => {
    const allowed = await ask("GET", "/packages/feed", token("read"), "HEAD");
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers["x-patina-user"]).toBe("alice");
    const denied = await ask("GET", "/packages/feed", null, "HEAD");
    expect(denied.statusCode).toBe(401);
    expect(denied.headers["www-authenticate"]).toBe('Basic realm="Patina"');
    expect(denied.body).toBe("");
  });

  it("reads Traefik's headers too, and refuses headers that disagree", async () => {
    const traefik = (headers: Record<string, string>) =>
      t.app.server.inject({ method: "GET", url: URL, headers: { ...basic(token("read")), ...headers } });
    expect(
      (
        await traefik({
          "x-forwarded-method": "GET",
          "x-forwarded-uri": "/packages/feed",
          "x-forwarded-proto": "https",
        })
      ).statusCode,
    ).toBe(200);
    // A client behind Traefik adds nginx's header, naming a path its token may reach.
    const smuggled = await traefik({
      "x-forwarded-method": "POST",
      "x-forwarded-uri": "/admin/users",
      "x-original-method": "GET",
      "x-original-uri": "/packages/feed",
    });
    expect(smuggled.statusCode).toBe(403);
    const missing = await traefik({ "x-forwarded-method": "GET" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain("X-Original-URI");
    expect((await traefik({})).statusCode).toBe(400);
    expect((await ask("get", "/packages/feed", token("read"))).statusCode).toBe(403);
  });

  it("ignores the query string", async () => {
    expect((await ask("GET", "/packages/feed?path=/admin/../x&debug", token("read"))).statusCode).toBe(200);
    expect((await ask("GET", "/admin?/packages/feed", token("read"))).statusCode).toBe(403);
  });

  // A profile token passes the catch-all (GET /**), so each of these would be a bypass of the
  // /admin rule if Patina read the path differently from a lenient service.
  it.each([
    "/packages/../admin/users",
    "/packages/%2e%2e/admin/users",
    "/packages/%2E%2E/admin/users",
    "/packages%2F..%2Fadmin/users",
    "/x/..%2fadmin/users",
    "/packages/..%5Cadmin",
    "/packages\\..\\admin",
    "//admin/users",
    "/x//admin/users",
    "/admin;x=1/users",
    "/admin%3B/users",
    "/admin./users",
    "/admin%20/users",
    "/%EF%BD%81dmin/users",
    "/packages/%252e%252e/admin",
    "/packages/%C0%AE%C0%AE/admin",
    "/packages/%zz",
    "http://elsewhere/admin/users",
  ])("refuses the ambiguous path %s with 403", async (uri) => {
    const response = await ask("GET", uri, token("profile"));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ typeKey: "UnauthorizedRequestException" });
  });

  it.each(["/ADMIN/users", "/Admin/users", "/%61dmin/users", "/admin/", "/admin"])(
    "reads %s as the admin area, whatever its case or encoding",
    async (uri) => {
      expect((await ask("GET", uri, token("profile"))).statusCode).toBe(403);
      expect((await ask("GET", uri, token("manage"))).statusCode).toBe(200);
    },
  );

  it("records usage of the token, batched", async () => {
    await ask("GET", "/packages/feed", token("write"));
    await t.app.services.usage.flush();
    const row = await t.app.services.store.db
      .selectFrom("tokens")
      .select("lastUsedAt")
      .where("authorizationId", "=", tokens.write?.authorizationId ?? "")
      .executeTakeFirstOrThrow();
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("needs no api-version", async () => {
    const response = await t.app.server.inject({
      method: "GET",
      url: `${URL}?api-version=99`,
      headers: { "x-original-method": "GET", "x-original-uri": "/packages/x", ...basic(token("read")) },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe.each(testDatabases())("forward-auth without rules on $name", (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database);
  });
  afterAll(async () => t?.close());

  it("denies everything", async () => {
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    const { token } = await t.mintToken("alice", { org: "acme", scope: "app_token" });
    const response = await t.app.server.inject({
      method: "GET",
      url: URL,
      headers: { "x-original-method": "GET", "x-original-uri": "/", ...basic(token) },
    });
    expect(response.statusCode).toBe(403);
  });
});
