/** TOTP second factor, recovery codes, the "require MFA" policy and step-up, as a client sees them (both databases). */
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMfaService } from "../../src/mfa/mfa.service.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { PASSWORD, signedIn, signIn } from "./support.js";

const PATS = "/acme/_apis/tokens/pats?api-version=7.1-preview.1";

describe.each(testDatabases())("second factors on $name", (database) => {
  let t: TestApp;
  let secret = "";
  let recoveryCodes: string[] = [];

  const inject = (method: string, url: string, cookie: string, csrf?: string, payload?: unknown) =>
    t.app.server.inject({
      method: method as "GET",
      url,
      headers: { cookie, ...(csrf ? { "x-patina-csrf": csrf } : {}) },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const codeAt = (offsetSteps = 0) =>
    generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) + offsetSteps * 30 });
  const pendingCookieOf = (response: { headers: Record<string, unknown> }) =>
    String(response.headers["set-cookie"]).split(";")[0] ?? "";
  const secondFactor = (pending: string, method: string, code: string) =>
    t.app.server.inject({
      method: "POST",
      url: "/_apis/patina/session/second-factor",
      headers: { cookie: pending },
      payload: { method, code },
    });

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { password: PASSWORD, admin: true });
    await t.createUser("bob", { password: PASSWORD });
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "bob", "reader");
  });
  afterAll(async () => t?.close());

  it("enrols TOTP only after a current code confirms it; the secret is sealed at rest", async () => {
    const s = await signedIn(t, "alice");
    expect((await inject("POST", "/_apis/patina/mfa/totp", s.cookie)).statusCode).toBe(403); // no CSRF header
    const begun = await inject("POST", "/_apis/patina/mfa/totp", s.cookie, s.csrfToken);
    expect(begun.statusCode).toBe(200);
    secret = begun.json().secret;
    expect(begun.json().qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(begun.json().otpauthUri).toContain("otpauth://totp/");
    const row = await t.app.services.store.db.selectFrom("userTotp").selectAll().executeTakeFirstOrThrow();
    expect(row.sealedSecret).not.toContain(secret);
    // Not in effect yet: a password still signs in directly.
    expect((await signIn(t, "alice", PASSWORD)).json().csrfToken).toBeDefined();
    const wrong = await inject("POST", "/_apis/patina/mfa/totp/confirm", s.cookie, s.csrfToken, { code: "000000" });
    expect(wrong.statusCode).toBe(400);
    const confirmed = await inject("POST", "/_apis/patina/mfa/totp/confirm", s.cookie, s.csrfToken, {
      code: await codeAt(),
    });
    expect(confirmed.statusCode).toBe(200);
    recoveryCodes = confirmed.json().recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    const status = await inject("GET", "/_apis/patina/mfa", s.cookie);
    expect(status.json()).toMatchObject({ totpEnabled: true, recoveryCodesLeft: 10, methods: ["totp", "recovery"] });
  });

  it("a correct password asks for the second factor instead of starting a session", async () => {
    const first = await signIn(t, "alice", PASSWORD);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ secondFactorRequired: true, methods: ["totp", "recovery"] });
    expect(String(first.headers["set-cookie"])).toMatch(
      /^patina_pending_sign_in=[A-Za-z0-9_-]{43}; Path=\/_apis\/patina\/session; Max-Age=300; HttpOnly; SameSite=Strict$/,
    );
    expect(String(first.headers["set-cookie"])).not.toContain("patina_session=");
  });

  it("a wrong code is refused, the right one signs in once, and its replay is refused", async () => {
    t.clock.advance(60_000); // past the step used to confirm
    const pending = pendingCookieOf(await signIn(t, "alice", PASSWORD));
    expect((await secondFactor(pending, "totp", "123456")).statusCode).toBe(401);
    const code = await codeAt();
    const done = await secondFactor(pending, "totp", code);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().signInMethod).toBe("password+totp");
    // The pending sign-in is used up, and the code too.
    expect((await secondFactor(pending, "totp", code)).statusCode).toBe(401);
    const again = pendingCookieOf(await signIn(t, "alice", PASSWORD));
    expect((await secondFactor(again, "totp", code)).statusCode).toBe(401);
  });

  it("a recovery code works once; of two parallel uses only one wins", async () => {
    const [one, two] = [
      pendingCookieOf(await signIn(t, "alice", PASSWORD)),
      pendingCookieOf(await signIn(t, "alice", PASSWORD)),
    ];
    const code = recoveryCodes[0] ?? "";
    const results = await Promise.all([secondFactor(one, "recovery", code), secondFactor(two, "recovery", code)]);
    // The loser is refused: by the used-up code (401) or by the one-attempt-per-account slot (429).
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const winner = results.find((r) => r.statusCode === 200);
    expect(winner?.json().signInMethod).toBe("password+recovery");
    const events = await t.app.services.store.db.selectFrom("auditEvents").select("eventType").execute();
    expect(events.map((e) => e.eventType)).toContain("User.RecoveryCodeUsedEvent");
    // The conditional update itself, without the throttle's per-account slot (as two instances would race).
    const services = t.app.services;
    const mfa = createMfaService({
      db: services.store.db,
      clock: t.clock,
      serverSecret: services.serverSecret,
      issuer: "Patina",
    });
    const userId = winner?.json().user.id as string;
    const raced = await Promise.all([
      mfa.useRecoveryCode(userId, recoveryCodes[1] ?? ""),
      mfa.useRecoveryCode(userId, recoveryCodes[1] ?? ""),
    ]);
    expect(raced.sort()).toEqual([false, true]);
  });

  it("a pending sign-in expires after five minutes", async () => {
    t.clock.advance(60_000);
    const pending = pendingCookieOf(await signIn(t, "alice", PASSWORD));
    t.clock.advance(5 * 60_000 + 1000);
    const late = await secondFactor(pending, "totp", await codeAt());
    expect(late.statusCode).toBe(401);
    expect(late.json().message).toContain("expired");
  });

  it("step-up: a Full access token through an old session needs the password again; tokens never do", async () => {
    t.clock.advance(60_000);
    const pending = pendingCookieOf(await signIn(t, "alice", PASSWORD));
    const session = await secondFactor(pending, "totp", await codeAt());
    const cookie = String(session.headers["set-cookie"]).split(";")[0] ?? "";
    const csrf = session.json().csrfToken as string;
    const body = { displayName: "full", scope: "app_token" };
    expect((await inject("POST", PATS, cookie, csrf, body)).statusCode).toBe(200);
    t.clock.advance(16 * 60_000);
    const refused = await inject("POST", PATS, cookie, csrf, body);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().typeKey).toBe("StepUpRequiredException");
    // A narrow token needs no step-up.
    expect((await inject("POST", PATS, cookie, csrf, { displayName: "narrow", scope: "vso.code" })).statusCode).toBe(
      200,
    );
    const policy = await inject("PATCH", "/_apis/patina/policies?api-version=7.1", cookie, csrf, {
      maxPatLifespanDays: 90,
    });
    expect(policy.json().typeKey).toBe("StepUpRequiredException");
    // Step-up without CSRF, with a wrong password, without the code: refused.
    expect(
      (await inject("POST", "/_apis/patina/session/step-up", cookie, undefined, { password: PASSWORD })).statusCode,
    ).toBe(403);
    const noCode = await inject("POST", "/_apis/patina/session/step-up", cookie, csrf, { password: PASSWORD });
    expect(noCode.statusCode).toBe(403);
    t.clock.advance(30_000);
    const stepped = await inject("POST", "/_apis/patina/session/step-up", cookie, csrf, {
      password: PASSWORD,
      method: "totp",
      code: await codeAt(),
    });
    expect(stepped.statusCode, stepped.body).toBe(200);
    expect((await inject("POST", PATS, cookie, csrf, body)).statusCode).toBe(200);
    // A PAT with the rights creates Full access tokens whatever its age.
    const { token } = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage" });
    t.clock.advance(60 * 60_000);
    const byToken = await t.app.server.inject({
      method: "POST",
      url: PATS,
      headers: { authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}` },
      payload: { displayName: "by token", scope: "vso.code", allOrgs: false },
    });
    expect(byToken.json().typeKey).not.toBe("StepUpRequiredException");
  });

  it("require MFA: a member without a second factor may only enrol; PATs are unaffected", async () => {
    const admin = await signedIn(t, "alice").catch(() => undefined);
    expect(admin).toBeUndefined(); // alice has TOTP: no direct session (signedIn expects one)
    await t.app.services.policies.update(
      { userId: null, name: "test", clientIp: "127.0.0.1", userAgent: null },
      {
        level: "organization",
        orgId: (
          await t.app.services.store.db
            .selectFrom("organizations")
            .select("id")
            .where("name", "=", "acme")
            .executeTakeFirstOrThrow()
        ).id,
        orgName: "acme",
      },
      { requireMfa: true },
    );
    const bob = await signedIn(t, "bob");
    expect(bob.body.mfaEnrolmentRequired).toBe(true);
    const list = await inject("GET", PATS, bob.cookie);
    expect(list.statusCode).toBe(403);
    expect(list.json().typeKey).toBe("MfaEnrolmentRequiredException");
    expect((await inject("GET", "/_apis/patina/session", bob.cookie)).statusCode).toBe(200);
    const { token } = await t.mintToken("bob", { org: "acme", scope: "vso.pats" });
    const byToken = await t.app.server.inject({
      method: "GET",
      url: PATS,
      headers: { authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}` },
    });
    expect(byToken.statusCode).toBe(200);
    const begun = await inject("POST", "/_apis/patina/mfa/totp", bob.cookie, bob.csrfToken);
    const bobCode = await generate({ secret: begun.json().secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
    expect(
      (await inject("POST", "/_apis/patina/mfa/totp/confirm", bob.cookie, bob.csrfToken, { code: bobCode })).statusCode,
    ).toBe(200);
    expect((await inject("GET", PATS, bob.cookie)).statusCode).toBe(200);
  });
});
