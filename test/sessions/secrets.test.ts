/** No password, session id, CSRF secret, setup code or token value reaches the log or the audit trail. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";
import { cookieOf } from "./support.js";

describe.each(testDatabases())("secrets of the session flows on $name", (database) => {
  let t: TestApp;
  const secrets: string[] = [];
  const PASSWORD = "admin-secret-passphrase-1";
  const NEW_PASSWORD = "admin-secret-passphrase-2";
  const TYPO = "typed-my-password-as-name";

  beforeAll(async () => {
    t = await startTestApp(database);
    const inject = t.app.server.inject.bind(t.app.server);
    const code = t.app.setupCode() ?? "";
    const setup = await inject({
      method: "POST",
      url: "/_apis/patina/setup",
      payload: { code, username: "admin", password: PASSWORD, email: "admin@example.com", organization: "acme" },
    });
    expect(setup.statusCode).toBe(200);
    const first = { cookie: cookieOf(setup), csrf: setup.json().csrfToken as string };
    // A failed sign-in with the password typed into the name field, and a wrong password.
    await inject({ method: "POST", url: "/_apis/patina/session", payload: { username: TYPO, password: PASSWORD } });
    await inject({ method: "POST", url: "/_apis/patina/session", payload: { username: "admin", password: TYPO } });
    const created = await inject({
      method: "POST",
      url: "/acme/_apis/tokens/pats?api-version=7.1",
      headers: { cookie: first.cookie, "x-patina-csrf": first.csrf },
      payload: {
        displayName: "ui token",
        scope: "vso.code",
        validTo: new Date(t.clock.now().getTime() + 7 * DAY_MS).toISOString(),
      },
    });
    const changed = await inject({
      method: "PUT",
      url: "/_apis/patina/password",
      headers: { cookie: first.cookie, "x-patina-csrf": first.csrf },
      payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    const second = cookieOf(changed);
    const me = await inject({ url: "/_apis/patina/session", headers: { cookie: second } });
    await inject({
      method: "DELETE",
      url: "/_apis/patina/session",
      headers: { cookie: second, "x-patina-csrf": me.json().csrfToken },
    });
    // Rejected requests log too: a forged write and a stale cookie.
    await inject({ method: "POST", url: "/acme/_apis/tokens/pats?api-version=7.1", headers: { cookie: second } });
    await inject({ url: "/acme/_apis/tokens/pats?api-version=7.1", headers: { cookie: first.cookie } });
    secrets.push(
      code,
      PASSWORD,
      NEW_PASSWORD,
      TYPO,
      first.cookie.split("=")[1] ?? "",
      second.split("=")[1] ?? "",
      first.csrf,
      me.json().csrfToken,
      created.json().patToken.token,
    );
  });
  afterAll(async () => t?.close());

  it("keeps every secret out of the log", () => {
    expect(t.logs.length).toBeGreaterThan(5);
    const log = t.logs.join("\n");
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(log).not.toContain(secret);
    }
  });

  it("keeps every secret out of the audit trail", async () => {
    const events = await t.app.services.store.db.selectFrom("auditEvents").selectAll().execute();
    const types = events.map((e) => e.eventType);
    for (const type of ["User.SetupEvent", "User.SignInFailedEvent", "User.PasswordChangeEvent", "User.SignOutEvent"]) {
      expect(types).toContain(type);
    }
    const trail = JSON.stringify(events);
    for (const secret of secrets) expect(trail).not.toContain(secret);
  });

  it("keeps every secret out of the session and throttle tables", async () => {
    const db = t.app.services.store.db;
    const rows = JSON.stringify([
      await db.selectFrom("sessions").selectAll().execute(),
      await db.selectFrom("signInThrottle").selectAll().execute(),
    ]);
    for (const secret of [secrets[0], secrets[1], secrets[3], secrets[4], secrets[5]]) {
      expect(rows).not.toContain(secret);
    }
  });
});
