/**
 * Authority never grows (SPEC section 5, issue 7 finding 1): a token used on the lifecycle API
 * acts with its own targets and grants, not its owner's. Every case of the finding, through
 * `/acme/_apis/tokens/pats` with a token that targets only `acme` and carries `vso.pats_manage`,
 * plus an all-organizations token with narrow scopes, full-access tokens and a web session.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, signedIn } from "../sessions/support.js";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";

describe.each(testDatabases())("the acting token's authority on $name", (database) => {
  let t: TestApp;
  /** Targets only acme; may manage tokens and read code. */
  let narrow: MintedToken;
  const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY_MS).toISOString();
  const body = (extra: Record<string, unknown>) => ({ displayName: "minted", validTo: inDays(30), ...extra });
  /** True when the token is a working credential in the organization (any valid token passes there). */
  const worksIn = async (token: string, org: string) =>
    (await call(t, "GET", `/${org}/_apis/connectionData`, { token })).statusCode === 200;
  const tokenCount = async () =>
    Number(
      (
        await t.app.services.store.db
          .selectFrom("tokens")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const listIds = async (token: string, org = "acme") => {
    const response = await call(t, "GET", `/${org}/_apis/tokens/pats?displayFilterOption=all`, { token });
    expect(response.statusCode).toBe(200);
    return response.json().patTokens.map((p: { authorizationId: string }) => p.authorizationId) as string[];
  };
  const expectRefused = (
    response: { statusCode: number; json(): { patTokenError: string } },
    status: number,
    error: string,
  ) => {
    expect(response.statusCode).toBe(status);
    expect(response.json().patTokenError).toBe(error);
  };

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { password: PASSWORD });
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "alice");
    narrow = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage vso.code", name: "narrow", days: 365 });
  });
  afterAll(async () => t?.close());

  describe("a token that targets only acme", () => {
    it("cannot create an all-organizations Full access token (403), and nothing new works on beta", async () => {
      const before = await tokenCount();
      const response = await call(t, "POST", PATS, {
        token: narrow.token,
        body: body({ scope: "app_token", allOrgs: true }),
      });
      expectRefused(response, 403, "targetBeyondAuthority");
      expect(response.json().patToken).toBeNull();
      expect(response.body).not.toContain("patina_");
      expect(await tokenCount()).toBe(before);
    });

    it("cannot create an all-organizations token even with its own scopes", async () => {
      const response = await call(t, "POST", PATS, {
        token: narrow.token,
        body: body({ scope: "vso.code", allOrgs: true }),
      });
      expectRefused(response, 403, "targetBeyondAuthority");
    });

    it("cannot create a token with Full access or scopes beyond its grants; within them it can", async () => {
      const before = await tokenCount();
      for (const scope of ["app_token", "vso.code_write", "vso.code vso.project", "patina.introspect"]) {
        const response = await call(t, "POST", PATS, { token: narrow.token, body: body({ scope }) });
        expectRefused(response, 403, "scopeBeyondAuthority");
      }
      expect(await tokenCount()).toBe(before);
      // Grants are expanded: vso.pats_manage includes vso.pats.
      const within = await call(t, "POST", PATS, { token: narrow.token, body: body({ scope: "vso.code vso.pats" }) });
      expect(within.statusCode).toBe(200);
      expect(await worksIn(within.json().patToken.token, "acme")).toBe(true);
    });

    it("cannot regenerate a token that targets beta: 404, and the beta token keeps its value", async () => {
      const beta = await t.mintToken("alice", { org: "beta", scope: "vso.code", name: "beta" });
      const response = await call(t, "POST", `${PATS}/regenerate?authorizationId=${beta.authorizationId}`, {
        token: narrow.token,
      });
      expectRefused(response, 404, "authorizationNotFound");
      expect(response.body).not.toContain("patina_");
      expect(await worksIn(beta.token, "beta")).toBe(true);
    });

    it("cannot regenerate, update or revoke the owner's all-organizations tokens (404)", async () => {
      const global = await t.mintToken("alice", { allOrgs: true, scope: "vso.code", name: "global" });
      const id = global.authorizationId;
      expectRefused(
        await call(t, "POST", `${PATS}/regenerate?authorizationId=${id}`, { token: narrow.token }),
        404,
        "authorizationNotFound",
      );
      expectRefused(
        await call(t, "PUT", PATS, { token: narrow.token, body: { authorizationId: id, allOrgs: false } }),
        404,
        "authorizationNotFound",
      );
      expectRefused(
        await call(t, "DELETE", `${PATS}?authorizationId=${id}`, { token: narrow.token }),
        404,
        "authorizationNotFound",
      );
      expectRefused(
        await call(t, "GET", `${PATS}?authorizationId=${id}`, { token: narrow.token }),
        404,
        "authorizationNotFound",
      );
      expect(await worksIn(global.token, "beta")).toBe(true);
    });

    it("cannot turn itself into an all-organizations or Full access token with PUT", async () => {
      const id = narrow.authorizationId;
      expectRefused(
        await call(t, "PUT", PATS, { token: narrow.token, body: { authorizationId: id, allOrgs: true } }),
        403,
        "targetBeyondAuthority",
      );
      expectRefused(
        await call(t, "PUT", PATS, {
          token: narrow.token,
          body: { authorizationId: id, scope: "app_token vso.pats_manage" },
        }),
        403,
        "scopeBeyondAuthority",
      );
      expect(await worksIn(narrow.token, "beta")).toBe(false);
      const self = await call(t, "GET", `${PATS}?authorizationId=${id}`, { token: narrow.token });
      expect(self.json().patToken).toMatchObject({ scope: "vso.pats_manage vso.code" });
      expect(self.json().patToken.targetAccounts).toHaveLength(1);
    });

    it("neither lists nor revokes the owner's beta tokens", async () => {
      const beta = await t.mintToken("alice", { org: "beta", scope: "vso.code", name: "beta listed" });
      const acme = await t.mintToken("alice", { org: "acme", scope: "vso.code", name: "acme listed" });
      const ids = await listIds(narrow.token);
      expect(ids).toContain(acme.authorizationId);
      expect(ids).toContain(narrow.authorizationId);
      expect(ids).not.toContain(beta.authorizationId);
      expectRefused(
        await call(t, "GET", `${PATS}?authorizationId=${beta.authorizationId}`, { token: narrow.token }),
        404,
        "authorizationNotFound",
      );
      expectRefused(
        await call(t, "DELETE", `${PATS}?authorizationId=${beta.authorizationId}`, { token: narrow.token }),
        404,
        "authorizationNotFound",
      );
      expectRefused(
        await call(t, "PUT", PATS, {
          token: narrow.token,
          body: { authorizationId: beta.authorizationId, displayName: "renamed" },
        }),
        404,
        "authorizationNotFound",
      );
      expect(await worksIn(beta.token, "beta")).toBe(true);
    });

    it("revokes and narrows a broader acme token it can see, but cannot renew or regenerate it", async () => {
      const broad = await t.mintToken("alice", { org: "acme", scope: "vso.code_write", name: "broad" });
      const id = broad.authorizationId;
      expect(await listIds(narrow.token)).toContain(id);
      expectRefused(
        await call(t, "POST", `${PATS}/regenerate?authorizationId=${id}`, { token: narrow.token }),
        403,
        "scopeBeyondAuthority",
      );
      expectRefused(
        await call(t, "PUT", PATS, { token: narrow.token, body: { authorizationId: id, validTo: inDays(300) } }),
        403,
        "scopeBeyondAuthority",
      );
      const narrowed = await call(t, "PUT", PATS, {
        token: narrow.token,
        body: { authorizationId: id, scope: "vso.code" },
      });
      expect(narrowed.statusCode).toBe(200);
      expect(narrowed.json().patToken.scope).toBe("vso.code");
      const regenerated = await call(t, "POST", `${PATS}/regenerate?authorizationId=${id}`, { token: narrow.token });
      expect(regenerated.statusCode).toBe(200);
      const other = await t.mintToken("alice", { org: "acme", scope: "vso.code_manage", name: "broad too" });
      expect(
        (await call(t, "DELETE", `${PATS}?authorizationId=${other.authorizationId}`, { token: narrow.token }))
          .statusCode,
      ).toBe(204);
      expect(await worksIn(other.token, "acme")).toBe(false);
    });
  });

  describe("an all-organizations token with narrow scopes", () => {
    let global: MintedToken;
    beforeAll(async () => {
      global = await t.mintToken("alice", { allOrgs: true, scope: "vso.pats_manage vso.code", name: "global manager" });
    });

    it("creates all-organizations tokens within its scopes, never Full access", async () => {
      const created = await call(t, "POST", PATS, {
        token: global.token,
        body: body({ scope: "vso.code", allOrgs: true }),
      });
      expect(created.statusCode).toBe(200);
      expect(await worksIn(created.json().patToken.token, "beta")).toBe(true);
      expectRefused(
        await call(t, "POST", PATS, { token: global.token, body: body({ scope: "app_token", allOrgs: true }) }),
        403,
        "scopeBeyondAuthority",
      );
    });

    it("sees and regenerates the owner's beta tokens within its scopes, not broader ones", async () => {
      const beta = await t.mintToken("alice", { org: "beta", scope: "vso.code", name: "beta for global" });
      const broad = await t.mintToken("alice", { org: "beta", scope: "vso.code_write", name: "broad beta" });
      expect(await listIds(global.token)).toEqual(
        expect.arrayContaining([beta.authorizationId, broad.authorizationId]),
      );
      const regenerated = await call(t, "POST", `${PATS}/regenerate?authorizationId=${beta.authorizationId}`, {
        token: global.token,
      });
      expect(regenerated.statusCode).toBe(200);
      expect(await worksIn(regenerated.json().patToken.token, "beta")).toBe(true);
      expectRefused(
        await call(t, "POST", `${PATS}/regenerate?authorizationId=${broad.authorizationId}`, { token: global.token }),
        403,
        "scopeBeyondAuthority",
      );
    });
  });

  describe("a Full access token", () => {
    it("creates Full access tokens in its organization, but not global ones unless it is global", async () => {
      const acmeFull = await t.mintToken("alice", { org: "acme", scope: "app_token vso.pats_manage", name: "full" });
      const created = await call(t, "POST", PATS, { token: acmeFull.token, body: body({ scope: "app_token" }) });
      expect(created.statusCode).toBe(200);
      expectRefused(
        await call(t, "POST", PATS, { token: acmeFull.token, body: body({ scope: "app_token", allOrgs: true }) }),
        403,
        "targetBeyondAuthority",
      );
      const globalFull = await t.mintToken("alice", { allOrgs: true, scope: "app_token vso.pats_manage", name: "g" });
      const everywhere = await call(t, "POST", PATS, {
        token: globalFull.token,
        body: body({ scope: "app_token", allOrgs: true }),
      });
      expect(everywhere.statusCode).toBe(200);
      expect(await worksIn(everywhere.json().patToken.token, "beta")).toBe(true);
    });
  });

  describe("a web session", () => {
    it("keeps the user's full authority: global Full access tokens, and every organization's tokens", async () => {
      const session = await signedIn(t, "alice");
      const headers = { cookie: session.cookie, "x-patina-csrf": session.csrfToken };
      const created = await call(t, "POST", PATS, { headers, body: body({ scope: "app_token", allOrgs: true }) });
      expect(created.statusCode).toBe(200);
      expect(await worksIn(created.json().patToken.token, "beta")).toBe(true);
      const beta = await t.mintToken("alice", { org: "beta", scope: "vso.code_manage", name: "beta via session" });
      const listed = await call(t, "GET", `${PATS}?displayFilterOption=all`, { headers });
      expect(listed.json().patTokens.map((p: { authorizationId: string }) => p.authorizationId)).toContain(
        beta.authorizationId,
      );
      const regenerated = await call(t, "POST", `${PATS}/regenerate?authorizationId=${beta.authorizationId}`, {
        headers,
      });
      expect(regenerated.statusCode).toBe(200);
      expect(await worksIn(regenerated.json().patToken.token, "beta")).toBe(true);
      expect(await worksIn(beta.token, "beta")).toBe(false);
    });
  });
});
