/** Sessions end when idle, at their absolute expiry, and on password change; last use is written at most once a minute. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { cookieOf, PASSWORD, signedIn, signIn } from "./support.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SESSION = "/_apis/patina/session";
const PASSWORD_URL = "/_apis/patina/password";

describe.each(testDatabases())("session expiry and password change on $name", (database) => {
  let t: TestApp;
  const me = (cookie: string) => t.app.server.inject({ url: SESSION, headers: { cookie } });
  const lastSeen = async () =>
    (await t.app.services.store.db.selectFrom("sessions").select("lastSeenAt").executeTakeFirstOrThrow()).lastSeenAt;
  const changePassword = (session: { cookie: string; csrfToken: string }, body: object, csrf = session.csrfToken) =>
    t.app.server.inject({
      method: "PUT",
      url: PASSWORD_URL,
      headers: { cookie: session.cookie, "x-patina-csrf": csrf },
      payload: body,
    });

  beforeEach(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { password: PASSWORD });
    await t.createOrg("acme", "alice");
  });
  afterEach(async () => t?.close());

  it("ends a session after 8 idle hours", async () => {
    const { cookie } = await signedIn(t, "alice");
    t.clock.advance(8 * HOUR - MINUTE);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(8 * HOUR - MINUTE);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(8 * HOUR);
    expect((await me(cookie)).statusCode).toBe(401);
    expect(await t.app.services.store.db.selectFrom("sessions").selectAll().execute()).toHaveLength(0);
  });

  it("writes last use at most once a minute, and reports the sliding expiry", async () => {
    const { cookie } = await signedIn(t, "alice");
    const signedInAt = t.clock.now();
    t.clock.advance(30_000);
    const early = await me(cookie);
    expect(await lastSeen()).toBe(signedInAt.toISOString());
    expect(early.json().expiresAt).toBe(new Date(signedInAt.getTime() + 8 * HOUR).toISOString());
    t.clock.advance(30_000);
    const later = await me(cookie);
    expect(await lastSeen()).toBe(t.clock.now().toISOString());
    expect(later.json().expiresAt).toBe(new Date(t.clock.now().getTime() + 8 * HOUR).toISOString());
  });

  it("ends a session 7 days after sign-in however active it is", async () => {
    const { cookie } = await signedIn(t, "alice");
    for (let elapsed = 0; elapsed < 7 * 24 * HOUR - 4 * HOUR; elapsed += 4 * HOUR) {
      t.clock.advance(4 * HOUR);
      expect((await me(cookie)).statusCode).toBe(200);
    }
    const lastDay = await me(cookie);
    expect(Date.parse(lastDay.json().expiresAt)).toBeLessThanOrEqual(t.clock.now().getTime() + 4 * HOUR);
    t.clock.advance(4 * HOUR);
    expect((await me(cookie)).statusCode).toBe(401);
    const tokens = await t.app.server.inject({ url: "/acme/_apis/tokens/pats?api-version=7.1", headers: { cookie } });
    expect(tokens.statusCode).toBe(401);
  });

  it("changes the password: every session ends, the caller gets a fresh one, the new password works", async () => {
    const laptop = await signedIn(t, "alice");
    const phone = await signedIn(t, "alice");
    const changed = await changePassword(laptop, { currentPassword: PASSWORD, newPassword: "a brand new passphrase" });
    expect(changed.statusCode).toBe(204);
    const fresh = cookieOf(changed);
    expect(fresh).not.toBe(laptop.cookie);
    expect((await me(laptop.cookie)).statusCode).toBe(401);
    expect((await me(phone.cookie)).statusCode).toBe(401);
    expect((await me(fresh)).statusCode).toBe(200);
    expect((await signIn(t, "alice", PASSWORD)).statusCode).toBe(401);
    expect((await signIn(t, "alice", "a brand new passphrase")).statusCode).toBe(200);
    const events = await t.app.services.store.db.selectFrom("auditEvents").select("eventType").execute();
    expect(events.map((e) => e.eventType)).toContain("User.PasswordChangeEvent");
  });

  it("refuses a password change without CSRF (403), with a wrong current password (403), or a short one (400)", async () => {
    const session = await signedIn(t, "alice");
    const body = { currentPassword: PASSWORD, newPassword: "a brand new passphrase" };
    expect((await changePassword(session, body, "wrong")).statusCode).toBe(403);
    const wrong = await changePassword(session, { ...body, currentPassword: "not it at all" });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().message).toBe("The current password is incorrect.");
    expect((await changePassword(session, { ...body, newPassword: "short" })).statusCode).toBe(400);
    const noSession = await t.app.server.inject({ method: "PUT", url: PASSWORD_URL, payload: body });
    expect(noSession.statusCode).toBe(401);
    const form = await t.app.server.inject({
      method: "PUT",
      url: PASSWORD_URL,
      headers: {
        cookie: session.cookie,
        "x-patina-csrf": session.csrfToken,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: "currentPassword=x&newPassword=y",
    });
    expect(form.statusCode).toBe(415);
    // Still signed in, and the old password still works.
    expect((await me(session.cookie)).statusCode).toBe(200);
  });

  it("counts wrong current passwords against the account's sign-in throttle", async () => {
    const session = await signedIn(t, "alice");
    for (let i = 0; i < 5; i++) {
      const wrong = await changePassword(session, { currentPassword: `guess ${i}`, newPassword: "a brand new one" });
      expect(wrong.statusCode).toBe(403);
    }
    const blocked = await changePassword(session, { currentPassword: PASSWORD, newPassword: "a brand new one" });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["retry-after"]).toBe("30");
  });
});
