/**
 * The instance policy `passwordSignIn: "breakGlassOnly"`: password sign-in and password change
 * are refused (403, audited) for everyone but the break-glass users, who still sign in.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../../src/audit/audit-log.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const PASSWORD = "correct horse battery staple";

describe.each(testDatabases())("password sign-in policy on $name", (database) => {
  let t: TestApp;
  const signIn = (username: string) =>
    t.app.server.inject({ method: "POST", url: "/_apis/patina/session", payload: { username, password: PASSWORD } });

  beforeEach(async () => {
    t = await startTestApp(database);
    await t.createUser("root", { admin: true, password: PASSWORD });
    await t.createUser("alice", { password: PASSWORD });
  });
  afterEach(async () => t?.close());

  it("refuses everyone but the break-glass users, with a 403 in words, and audits it", async () => {
    const before = await signIn("alice");
    expect(before.statusCode).toBe(200);
    const cookie = (before.headers["set-cookie"] as string).split(";")[0] ?? "";
    const csrf = (before.json() as { csrfToken: string }).csrfToken;

    const changed = await t.app.services.policies.update(
      CLI_ACTOR,
      { level: "instance" },
      {
        passwordSignIn: "breakGlassOnly",
        passwordBreakGlassUsers: ["root"],
      },
    );
    expect(changed.ok && changed.value.values).toMatchObject({
      passwordSignIn: "breakGlassOnly",
      passwordBreakGlassUsers: ["root"],
    });

    const refused = await signIn("alice");
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe(
      "Password sign-in is turned off for this account by the instance policy. Sign in with single sign-on.",
    );
    expect(refused.headers["set-cookie"]).toBeUndefined();
    // A wrong password still gets the ordinary 401: the policy is told only to who knows the password.
    const wrong = await t.app.server.inject({
      method: "POST",
      url: "/_apis/patina/session",
      payload: { username: "alice", password: "not the password" },
    });
    expect(wrong.statusCode).toBe(401);
    const change = await t.app.server.inject({
      method: "PUT",
      url: "/_apis/patina/password",
      headers: { cookie, "x-patina-csrf": csrf },
      payload: { currentPassword: PASSWORD, newPassword: "another long password" },
    });
    expect(change.statusCode).toBe(403);
    expect((await signIn("root")).statusCode).toBe(200);

    const failures = await t.app.services.store.db
      .selectFrom("auditEvents")
      .select("details")
      .where("eventType", "=", "User.SignInFailedEvent")
      .execute();
    expect(failures.map((row) => JSON.parse(row.details))).toContainEqual({ reason: "passwordSignInDisabled" });
    const policyEvents = await t.app.services.store.db
      .selectFrom("auditEvents")
      .select("details")
      .where("eventType", "=", "Policy.PolicyValueUpdated")
      .execute();
    expect(JSON.parse(policyEvents[0]?.details ?? "{}")).toMatchObject({ after: { passwordSignIn: "breakGlassOnly" } });
  });

  it("refuses an unknown value and an unknown break-glass user", async () => {
    const bad = await t.app.services.policies.update(CLI_ACTOR, { level: "instance" }, { passwordSignIn: "nobody" });
    expect(bad).toMatchObject({ ok: false, message: 'passwordSignIn must be "everyone" or "breakGlassOnly".' });
    const unknown = await t.app.services.policies.update(
      CLI_ACTOR,
      { level: "instance" },
      { passwordBreakGlassUsers: ["ghost"] },
    );
    expect(unknown).toMatchObject({ ok: false, message: "passwordBreakGlassUsers: no user 'ghost'." });
  });
});
