/** The session tells the web UI the configured expiry notice days, so "Expires soon" follows them. */
import { describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startTestApp } from "../support/test-app.js";
import { PASSWORD, setCookieOf, signIn } from "./support.js";

describe.each(testDatabases())("the session's expiry notice days on $name", (database) => {
  it.each([
    [{}, [7]],
    [{ PATINA_EXPIRY_NOTICE_DAYS: "3,30,14" }, [30, 14, 3]],
  ])("with %o answers %o, on sign-in and on GET", async (env, expected) => {
    const t = await startTestApp(database, env);
    try {
      await t.createUser("alice", { password: PASSWORD });
      const signedIn = await signIn(t, "alice", PASSWORD);
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json().expiryNoticeDays).toEqual(expected);
      const cookie = setCookieOf(signedIn).split(";")[0] ?? "";
      const current = await t.app.server.inject({ method: "GET", url: "/_apis/patina/session", headers: { cookie } });
      expect(current.statusCode).toBe(200);
      expect(current.json().expiryNoticeDays).toEqual(expected);
    } finally {
      await t.close();
    }
  });
});
