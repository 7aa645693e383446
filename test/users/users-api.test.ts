/**
 * The instance user routes as an instance administrator uses them: list (by username, search,
 * paging), create with a password (it signs in), disable (the user's tokens and sessions stop at
 * once) and enable, each audited; an administrator cannot disable themself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsOf } from "../orgs/fixture.js";
import { signedIn } from "../sessions/support.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";
import { createUserFixture, directoryOf, type User, type UserFixture } from "./fixture.js";

interface Page {
  users: User[];
  continuationToken: string | null;
}

describe.each(testDatabases())("the instance user routes on $name", (database) => {
  let t: TestApp;
  let f: UserFixture;

  beforeAll(async () => {
    t = await startTestApp(database);
    f = await createUserFixture(t);
  });
  afterAll(async () => t?.close());

  const list = async (query = "", token = f.rootRead) => {
    const response = await call(t, "GET", `/_apis/patina/users${query}`, { token });
    return { status: response.statusCode, body: response.json() as Page, raw: response.body };
  };
  const create = (body: unknown, token = f.rootWrite) => call(t, "POST", "/_apis/patina/users", { token, body });
  const setDisabled = (id: string, isDisabled: unknown, token = f.rootWrite) =>
    call(t, "PATCH", `/_apis/patina/users/${id}`, { token, body: { isDisabled } });

  it("lists the instance's users by username, never a password hash", async () => {
    const { status, body, raw } = await list();
    expect(status).toBe(200);
    expect(body.continuationToken).toBeNull();
    expect(body.users.map((u) => u.username)).toEqual(["alice", "root", "ruth"]);
    expect(body.users[0]).toEqual({
      id: f.ids.alice,
      username: "alice",
      displayName: "alice",
      email: "alice@example.com",
      isAdmin: false,
      isDisabled: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(raw).not.toMatch(/scrypt|passwordHash/i);
  });

  it("creates a user with a password (201), audited, who can then sign in", async () => {
    const response = await create({
      username: "Newton",
      email: "isaac@example.com",
      displayName: "Isaac Newton",
      password: "gravity-apple-1687",
    });
    expect(response.statusCode, response.body).toBe(201);
    const user = response.json() as User;
    expect(user).toMatchObject({
      username: "newton",
      displayName: "Isaac Newton",
      email: "isaac@example.com",
      isAdmin: false,
      isDisabled: false,
    });
    expect(response.body).not.toContain("gravity-apple-1687");
    const [event] = (await auditEventsOf(t, "User.CreateEvent")).filter((e) => e.data.username === "newton");
    expect(event).toMatchObject({ actorName: "root", data: { userId: user.id, admin: false } });
    expect(event?.details).not.toContain("gravity");
    await signedIn(t, "newton", "gravity-apple-1687");
    const admin = await create({
      username: "hedy",
      email: "hedy@example.com",
      password: "frequency-hop",
      isAdmin: true,
    });
    expect(admin.statusCode).toBe(201);
    expect(admin.json()).toMatchObject({ username: "hedy", displayName: "hedy", isAdmin: true });
  });

  it("refuses a duplicate username (409)", async () => {
    const response = await create({ username: "ALICE", email: "other@example.com", password: "long enough" });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ $id: "1", typeKey: "VssResourceAlreadyExistsException" });
  });

  it("searches and pages to the end without repeats", async () => {
    const names = async (search: string) =>
      (await list(`?search=${encodeURIComponent(search)}`)).body.users.map((u) => u.username);
    expect(await names("NEWTON")).toEqual(["newton"]);
    expect(await names("isaac@")).toEqual(["newton"]);
    expect(await names("isaac n")).toEqual(["newton"]);
    expect(await names("%")).toEqual([]);
    const all = (await list()).body.users.map((u) => u.username);
    const seen: string[] = [];
    let continuation: string | null = null;
    do {
      const next = continuation === null ? "" : `&continuationToken=${encodeURIComponent(continuation)}`;
      const { status, body } = await list(`?$top=2${next}`);
      expect(status).toBe(200);
      seen.push(...body.users.map((u) => u.username));
      continuation = body.continuationToken;
    } while (continuation !== null && seen.length < 100);
    expect(seen).toEqual(all);
    const first = (await list("?$top=1")).body.continuationToken ?? "";
    expect((await list(`?search=a&$top=1&continuationToken=${encodeURIComponent(first)}`)).status).toBe(400);
  });

  it("disables a user: their token and session stop at once; enabling brings them back; audited", async () => {
    const token = (await t.mintToken("alice", { org: "acme", scope: "vso.profile" })).token;
    const session = await signedIn(t, "alice");
    const viaToken = async () => (await call(t, "GET", "/acme/_apis/connectionData", { token })).statusCode;
    const viaSession = async () =>
      (await call(t, "GET", "/acme/_apis/connectionData", { headers: { cookie: session.cookie } })).statusCode;
    expect([await viaToken(), await viaSession()]).toEqual([200, 200]);
    const disabled = await setDisabled(f.ids.alice, true);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ id: f.ids.alice, username: "alice", isDisabled: true });
    expect([await viaToken(), await viaSession()]).toEqual([401, 401]);
    expect(await directoryOf(t, f.rootRead)).toContain("alice (disabled)");
    const again = await setDisabled(f.ids.alice, true);
    expect(again.statusCode).toBe(200);
    expect(await auditEventsOf(t, "User.DisableEvent")).toHaveLength(1);
    const enabled = await setDisabled(f.ids.alice, false);
    expect(enabled.json()).toMatchObject({ isDisabled: false });
    expect(await viaToken()).toBe(200);
    const [off] = await auditEventsOf(t, "User.DisableEvent");
    const [on] = await auditEventsOf(t, "User.EnableEvent");
    expect(off).toMatchObject({ actorName: "root", data: { userId: f.ids.alice, username: "alice" } });
    expect(on).toMatchObject({ actorName: "root", data: { userId: f.ids.alice, username: "alice" } });
  });

  it("does not let an administrator disable themself (400), but another administrator may", async () => {
    const self = await setDisabled(f.ids.root, true);
    expect(self.statusCode).toBe(400);
    expect(self.json()).toMatchObject({ $id: "1", eventId: 3000 });
    expect((self.json() as { message: string }).message).toMatch(/your own account/);
    expect(await directoryOf(t, f.rootRead)).toContain("root (admin)");
    expect((await setDisabled(f.ids.ruth, true)).statusCode).toBe(200);
    // ruth's own token stopped with her.
    expect((await setDisabled(f.ids.root, true, f.ruthWrite)).statusCode).toBe(401);
    expect((await setDisabled(f.ids.ruth, false)).statusCode).toBe(200);
  });

  it("answers 404 for an unknown id", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-guid"]) {
      const response = await setDisabled(id, true);
      expect(response.statusCode, id).toBe(404);
      expect(response.json()).toMatchObject({ $id: "1", typeKey: "VssResourceNotFoundException" });
    }
  });
});
