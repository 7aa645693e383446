/** Sign-in, the session it starts, and sign-out, as the web UI sees them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { PASSWORD, setCookieOf, signedIn, signIn } from "./support.js";

const SESSION = "/_apis/patina/session";

describe.each(testDatabases())("sign-in on $name", (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { password: PASSWORD, admin: true });
    await t.createUser("carol", { password: PASSWORD });
    await t.createUser("robot"); // token-only: no password
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "carol", "reader");
    await t.app.services.store.db.updateTable("users").set({ isDisabled: 1 }).where("username", "=", "carol").execute();
  });
  afterAll(async () => t?.close());

  it("signs in: 200 with the Session and an HttpOnly, SameSite=Lax cookie", async () => {
    const response = await signIn(t, "Alice", PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = setCookieOf(response);
    expect(cookie).toMatch(/^patina_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=604800; HttpOnly; SameSite=Lax$/);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json();
    expect(body).toEqual({
      signInMethod: "password",
      authenticatedAt: t.clock.now().toISOString(),
      mfaEnrolmentRequired: false,
      user: {
        id: expect.any(String),
        username: "alice",
        displayName: "alice",
        email: "alice@example.com",
        isAdmin: true,
      },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      organizations: [{ id: expect.any(String), name: "acme", role: "admin" }],
      expiresAt: new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString(),
      expiryNoticeDays: [7],
    });
    // Only the hash of the id is stored.
    const id = cookie.split(";")[0]?.split("=")[1] ?? "";
    const rows = await t.app.services.store.db.selectFrom("sessions").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(id);
  });

  it("gives every failure the same 401, without a Basic challenge: wrong password, unknown, disabled, token-only", async () => {
    const attempts = [
      ["alice", "wrong password"],
      ["nobody", PASSWORD],
      ["carol", PASSWORD],
      ["robot", PASSWORD],
      ["robot", ""],
    ] as const;
    const bodies = new Set<string>();
    for (const [username, password] of attempts) {
      const response = await t.app.server.inject({
        method: "POST",
        url: SESSION,
        payload: { username, password: password || "x" },
      });
      expect(response.statusCode, username).toBe(401);
      expect(response.headers["www-authenticate"]).toBeUndefined();
      expect(response.headers["set-cookie"]).toBeUndefined();
      bodies.add(response.body);
    }
    expect(bodies.size).toBe(1);
    expect(JSON.parse([...bodies][0] ?? "")).toMatchObject({
      message: "The user name or password is incorrect.",
      typeKey: "VssUnauthorizedException",
    });
  });

  it("accepts only JSON: a form or text post (what another site can send) is 415", async () => {
    for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]) {
      const response = await t.app.server.inject({
        method: "POST",
        url: SESSION,
        headers: { "content-type": type },
        payload: `username=alice&password=${encodeURIComponent(PASSWORD)}`,
      });
      expect(response.statusCode, type).toBe(415);
    }
    const bad = await t.app.server.inject({ method: "POST", url: SESSION, payload: { username: "alice" } });
    expect(bad.statusCode).toBe(400);
  });

  it("needs no api-version on its own routes", async () => {
    const response = await t.app.server.inject({ url: `${SESSION}?api-version=7.1` });
    expect(response.statusCode).toBe(401);
  });

  it("answers GET with the Session for a valid cookie, 401 (and a cleared cookie) otherwise", async () => {
    const { cookie, body } = await signedIn(t, "alice");
    const me = await t.app.server.inject({ url: SESSION, headers: { cookie: `theme=dark; ${cookie}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body);
    const none = await t.app.server.inject({ url: SESSION });
    expect(none.statusCode).toBe(401);
    expect(none.headers["www-authenticate"]).toBeUndefined();
    const stale = await t.app.server.inject({ url: SESSION, headers: { cookie: `patina_session=${"x".repeat(43)}` } });
    expect(stale.statusCode).toBe(401);
    expect(setCookieOf(stale)).toMatch(/^patina_session=; Path=\/; Max-Age=0;/);
  });

  it("signs out with DELETE and the CSRF header: 204, session gone server-side, cookie cleared", async () => {
    const { cookie, csrfToken } = await signedIn(t, "alice");
    const withoutHeader = await t.app.server.inject({ method: "DELETE", url: SESSION, headers: { cookie } });
    expect(withoutHeader.statusCode).toBe(403);
    const out = await t.app.server.inject({
      method: "DELETE",
      url: SESSION,
      headers: { cookie, "x-patina-csrf": csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(setCookieOf(out)).toMatch(/^patina_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);
    // A copy of the cookie kept by an attacker is worthless now.
    const replay = await t.app.server.inject({ url: SESSION, headers: { cookie } });
    expect(replay.statusCode).toBe(401);
    const tokens = await t.app.server.inject({ url: "/acme/_apis/tokens/pats?api-version=7.1", headers: { cookie } });
    expect(tokens.statusCode).toBe(401);
  });

  it("records sign-in, failed sign-in and sign-out in the audit trail", async () => {
    const events = await t.app.services.store.db.selectFrom("auditEvents").selectAll().orderBy("seq").execute();
    const types = events.map((e) => e.eventType);
    expect(types).toContain("User.SignInEvent");
    expect(types).toContain("User.SignInFailedEvent");
    expect(types).toContain("User.SignOutEvent");
    const unknown = events.find((e) => e.eventType === "User.SignInFailedEvent" && e.actorUserId === null);
    expect(unknown).toMatchObject({ actorName: "anonymous", clientIp: "127.0.0.1" });
    expect(JSON.parse(unknown?.details ?? "{}")).toEqual({ reason: "unknownUser" });
  });
});

describe.each(testDatabases())("session cookie over https on $name", (database) => {
  it("is Secure when the public URL is https", async () => {
    const t = await startTestApp(database, { PATINA_PUBLIC_URL: "https://patina.example.com" });
    try {
      await t.createUser("alice", { password: PASSWORD });
      const response = await signIn(t, "alice", PASSWORD);
      expect(setCookieOf(response)).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    } finally {
      await t.close();
    }
  });
});
