/**
 * The member and user routes from the web UI: an administrator's session lists and changes
 * members and users with the CSRF header (audited as a web session), and nothing without it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, signedIn } from "../sessions/support.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { auditEventsOf } from "./fixture.js";

describe.each(testDatabases())("member and user routes with a web session on $name", (database) => {
  let t: TestApp;
  let session: { cookie: string; csrfToken: string };
  let bobId: string;

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice", { admin: true, password: PASSWORD });
    bobId = await t.createUser("bob");
    await t.createOrg("acme", "alice");
    session = await signedIn(t, "alice");
  });
  afterAll(async () => t?.close());

  const send = (method: "GET" | "POST" | "PATCH", url: string, body?: object, csrf = true) =>
    t.app.server.inject({
      method,
      url: `${url}?api-version=7.1`,
      headers: { cookie: session.cookie, ...(csrf ? { "x-patina-csrf": session.csrfToken } : {}) },
      ...(body === undefined ? {} : { payload: body }),
    });

  it("refuses changes without the CSRF header and changes nothing", async () => {
    const add = await send("POST", "/acme/_apis/patina/members", { user: "bob", role: "reader" }, false);
    expect(add.statusCode).toBe(403);
    expect(add.json()).toMatchObject({ $id: "1", eventId: 3000 });
    const disable = await send("PATCH", `/_apis/patina/users/${bobId}`, { isDisabled: true }, false);
    expect(disable.statusCode).toBe(403);
    const members = (await send("GET", "/acme/_apis/patina/members", undefined, false)).json() as {
      members: { username: string }[];
    };
    expect(members.members.map((m) => m.username)).toEqual(["alice"]);
    const users = (await send("GET", "/_apis/patina/users", undefined, false)).json() as {
      users: { username: string; isDisabled: boolean }[];
    };
    expect(users.users.find((u) => u.username === "bob")?.isDisabled).toBe(false);
  });

  it("adds a member and disables a user with the header, audited as a web session", async () => {
    const add = await send("POST", "/acme/_apis/patina/members", { user: "bob", role: "reader" });
    expect(add.statusCode, add.body).toBe(201);
    const [event] = await auditEventsOf(t, "Organization.MemberAddEvent");
    expect(event?.data).toMatchObject({ username: "bob", actingCredential: "session" });
    const disable = await send("PATCH", `/_apis/patina/users/${bobId}`, { isDisabled: true });
    expect(disable.statusCode).toBe(200);
    expect(disable.json()).toMatchObject({ username: "bob", isDisabled: true });
  });
});
