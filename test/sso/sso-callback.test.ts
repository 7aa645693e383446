/**
 * Single sign-on over HTTP against a real OpenID provider, on both databases: a first sign-in
 * creates the user just in time, a returning one is matched by its link, an existing account is
 * linked by the username claim; groups give organization roles; and every bad callback (wrong
 * state, replayed code, no transaction, a code from another provider, an IdP error, a disabled
 * user) lands on the sign-in page with a reason, no session, and a failed sign-in in the audit log.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { CookieJar, loginAtProvider, startTestProvider } from "../support/oidc-provider.js";
import { CALLBACK, loginUntilCallback, type SsoSetup, startSso, visitCallback } from "./sso-support.js";

describe.each(testDatabases())("single sign-on callback on $name", (database) => {
  let sso: SsoSetup;

  beforeEach(async () => {
    sso = await startSso(database, {
      PATINA_OIDC_GROUPS_CLAIM: "groups",
      PATINA_OIDC_GROUP_ROLES: "devs=acme:contributor,leads=acme:admin,readers=globex:reader",
    });
    await sso.t.createUser("root", { admin: true, password: "correct horse battery staple" });
    await sso.t.createOrg("acme", "root");
    await sso.t.createOrg("globex", "root");
    sso.provider.accounts.set("dana-sub", {
      preferred_username: "dana",
      email: "dana@example.com",
      name: "Dana",
      groups: ["devs"],
    });
  });
  afterEach(async () => sso?.close());

  const auditOf = async (eventType: string) =>
    (
      await sso.t.app.services.store.db
        .selectFrom("auditEvents")
        .select("details")
        .where("eventType", "=", eventType)
        .execute()
    ).map((row) => JSON.parse(row.details) as Record<string, unknown>);

  it("creates the user just in time, maps groups to roles, and matches them again by their link", async () => {
    const first = await loginUntilCallback(sso, "dana-sub");
    const signedIn = await visitCallback(sso, first.jar, first.callbackUrl);
    expect(signedIn.status).toBe(302);
    expect(signedIn.location.pathname).toBe("/_usersSettings/profile");
    expect(signedIn.session?.user.username).toBe("dana");
    expect(signedIn.session?.organizations).toEqual([expect.objectContaining({ name: "acme", role: "contributor" })]);
    expect(await auditOf("User.SignInEvent")).toEqual([expect.objectContaining({ method: "sso" })]);
    expect(await auditOf("User.SsoLinkEvent")).toEqual([expect.objectContaining({ username: "dana", created: true })]);

    // Renamed at the provider and promoted: still the same account (by sub), the role follows.
    sso.provider.accounts.set("dana-sub", {
      preferred_username: "dana.renamed",
      email: "dana@example.com",
      groups: ["leads", "readers"],
    });
    const again = await loginUntilCallback(sso, "dana-sub");
    const second = await visitCallback(sso, again.jar, again.callbackUrl);
    expect(second.session?.user.username).toBe("dana");
    expect(second.session?.organizations).toEqual([
      expect.objectContaining({ name: "acme", role: "admin" }),
      expect.objectContaining({ name: "globex", role: "reader" }),
    ]);
    // Out of every mapped group: removed from the organizations the mapping manages.
    sso.provider.accounts.set("dana-sub", { preferred_username: "dana", email: "dana@example.com", groups: [] });
    const third = await loginUntilCallback(sso, "dana-sub");
    expect((await visitCallback(sso, third.jar, third.callbackUrl)).session?.organizations).toEqual([]);
  });

  it("links an existing local account by the username claim on the first sign-in", async () => {
    await sso.t.createUser("erin", { password: "correct horse battery staple" });
    await sso.t.addMember("globex", "erin", "contributor");
    sso.provider.accounts.set("erin-sub", { preferred_username: "Erin@example.com", email: "erin@example.com" });
    const login = await loginUntilCallback(sso, "erin-sub");
    const result = await visitCallback(sso, login.jar, login.callbackUrl);
    expect(result.session?.user.username).toBe("erin");
    // No groups claim at all: memberships are left as they were.
    expect(result.session?.organizations).toEqual([expect.objectContaining({ name: "globex", role: "contributor" })]);
  });

  async function expectRefused(result: Awaited<ReturnType<typeof visitCallback>>, reason: string) {
    expect(result.status).toBe(302);
    expect(result.location.pathname).toBe("/_signin");
    expect(result.location.searchParams.get("ssoError")).toBe(reason);
    expect(result.session).toBeNull();
    expect(await auditOf("User.SignInFailedEvent")).toContainEqual(expect.objectContaining({ method: "sso", reason }));
  }

  it("refuses a wrong state", async () => {
    const { jar, callbackUrl } = await loginUntilCallback(sso, "dana-sub");
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set("state", "not-the-state");
    await expectRefused(await visitCallback(sso, jar, tampered.href), "stateMismatch");
  });

  it("refuses a replayed code, with or without the transaction cookie", async () => {
    const { jar, callbackUrl } = await loginUntilCallback(sso, "dana-sub");
    const transaction = jar.header(`${sso.baseUrl}${CALLBACK}`);
    expect((await visitCallback(sso, jar, callbackUrl)).session).not.toBeNull();
    // The same browser: its transaction was used up.
    const sameBrowser = new CookieJar();
    await expectRefused(await visitCallback(sso, sameBrowser, callbackUrl), "noTransaction");
    // Someone who kept the transaction cookie too: the provider spends a code once.
    const replay = await fetch(callbackUrl, { redirect: "manual", headers: { cookie: transaction } });
    expect(new URL(replay.headers.get("location") ?? "", sso.baseUrl).searchParams.get("ssoError")).toBe(
      "codeRejected",
    );
    expect(
      replay.headers
        .getSetCookie()
        .some((line) => line.startsWith("patina_session=") && !line.startsWith("patina_session=;")),
    ).toBe(false);
  });

  it("refuses a code from another provider (unknown issuer)", async () => {
    const other = await startTestProvider([`${sso.baseUrl}${CALLBACK}`]);
    try {
      other.accounts.set("dana-sub", { preferred_username: "dana", email: "dana@example.com" });
      const jar = new CookieJar();
      const start = await fetch(`${sso.baseUrl}/_signin/oidc/start`, { redirect: "manual" });
      jar.store(sso.baseUrl, start);
      // The same request, sent to the other provider (same client id there).
      const authorization = new URL(start.headers.get("location") ?? "");
      const elsewhere = new URL(`${authorization.pathname}${authorization.search}`, other.issuer);
      const callbackUrl = await loginAtProvider(jar, elsewhere.href, "dana-sub", `${sso.baseUrl}${CALLBACK}`);
      await expectRefused(await visitCallback(sso, jar, callbackUrl), "issuerMismatch");
    } finally {
      await other.close();
    }
  });

  it("refuses an error from the provider (access_denied)", async () => {
    const jar = new CookieJar();
    const start = await fetch(`${sso.baseUrl}/_signin/oidc/start`, { redirect: "manual" });
    jar.store(sso.baseUrl, start);
    const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const denied = `${sso.baseUrl}${CALLBACK}?${new URLSearchParams({ error: "access_denied", state, iss: sso.provider.issuer })}`;
    await expectRefused(await visitCallback(sso, jar, denied), "accessDenied");
  });

  it("refuses a disabled user, and never logs the code", async () => {
    const { jar, callbackUrl } = await loginUntilCallback(sso, "dana-sub");
    expect((await visitCallback(sso, jar, callbackUrl)).session).not.toBeNull();
    await sso.t.app.services.directory.setDisabled(
      { userId: null, name: "test", clientIp: null, userAgent: null },
      "dana",
      true,
    );
    const again = await loginUntilCallback(sso, "dana-sub");
    await expectRefused(await visitCallback(sso, again.jar, again.callbackUrl), "userDisabled");
    const code = new URL(again.callbackUrl).searchParams.get("code") ?? "";
    expect(code).not.toBe("");
    expect(sso.t.logs.join("\n")).not.toContain(code);
  });
});
