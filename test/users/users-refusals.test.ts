/**
 * What the instance user routes refuse: callers who are not instance administrators, tokens
 * without the Graph scopes (a read-only token trying to write), and bad input of every kind;
 * each gets a 4xx Azure DevOps error body, never a 500, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal } from "../support/credential-failure.js";
import { testDatabases } from "../support/databases.js";
import { basic, call, startTestApp, type TestApp } from "../support/test-app.js";
import { createUserFixture, directoryOf, type UserFixture } from "./fixture.js";

/** Far beyond every field's limit, well within the body limit (64 KiB). */
const HUGE = "x".repeat(5000);
const GOOD = { username: "grace", email: "grace@example.com", password: "compiler-1952" };

describe.each(testDatabases())("instance user route refusals on $name", (database) => {
  let t: TestApp;
  let f: UserFixture;
  let before: { users: string[]; events: number };

  const userEvents = async () => {
    const row = await t.app.services.store.db
      .selectFrom("auditEvents")
      .select((eb) => eb.fn.countAll().as("count"))
      .where("eventType", "like", "User.%")
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };

  beforeAll(async () => {
    t = await startTestApp(database);
    f = await createUserFixture(t);
    before = { users: await directoryOf(t, f.rootRead), events: await userEvents() };
  });
  afterAll(async () => t?.close());

  const expectUnchanged = async () => {
    expect(await directoryOf(t, f.rootRead)).toEqual(before.users);
    expect(await userEvents()).toBe(before.events);
  };
  const raw = (method: "POST" | "PATCH", url: string, payload: string, token = f.rootWrite) =>
    t.app.server.inject({
      method,
      url: `${url}?api-version=7.1`,
      headers: { ...basic(token), "content-type": "application/json" },
      payload,
    });

  it("keeps out everyone but instance administrators", async () => {
    const aliceRead = (await t.mintToken("alice", { allOrgs: true, scope: "vso.graph" })).token;
    expectRefusal(await call(t, "GET", "/_apis/patina/users", { token: aliceRead }), 403, "plain user lists");
    expectRefusal(
      await call(t, "POST", "/_apis/patina/users", { token: f.aliceWrite, body: GOOD }),
      403,
      "plain user creates",
    );
    expectRefusal(
      await call(t, "PATCH", `/_apis/patina/users/${f.ids.root}`, { token: f.aliceWrite, body: { isDisabled: true } }),
      403,
      "plain user disables an admin",
    );
    expectRefusal(await call(t, "GET", "/_apis/patina/users"), 401, "no credential");
    await expectUnchanged();
  });

  it("needs the Graph scopes: read to list, manage to change", async () => {
    expectRefusal(await call(t, "GET", "/_apis/patina/users", { token: f.rootUnrelated }), 403, "no scope");
    expect((await call(t, "GET", "/_apis/patina/users", { token: f.rootWrite })).statusCode).toBe(200);
    for (const response of [
      await call(t, "POST", "/_apis/patina/users", { token: f.rootRead, body: GOOD }),
      await call(t, "PATCH", `/_apis/patina/users/${f.ids.alice}`, { token: f.rootRead, body: { isDisabled: true } }),
    ]) {
      expectRefusal(response, 403, "read-only writes");
      expect((response.json() as { message: string }).message).toContain("vso.graph_manage");
    }
    await expectUnchanged();
  });

  it("answers bad bodies with 400 and never repeats them", async () => {
    const bodies: [string, unknown][] = [
      ["empty object", {}],
      ["no password", { username: "grace", email: "grace@example.com" }],
      ["short password", { ...GOOD, password: "short" }],
      ["huge password", { ...GOOD, password: HUGE }],
      ["empty username", { ...GOOD, username: "" }],
      ["bad username", { ...GOOD, username: "grace hopper" }],
      ["huge username", { ...GOOD, username: HUGE }],
      ["bad email", { ...GOOD, email: "not an address" }],
      ["number username", { ...GOOD, username: 7 }],
      ["string isAdmin", { ...GOOD, isAdmin: "yes" }],
      ["extra field", { ...GOOD, isDisabled: true }],
      ["display name with a bidi override", { ...GOOD, displayName: "grace\u202ehopper" }],
      ["huge display name", { ...GOOD, displayName: HUGE }],
      ["array body", [GOOD]],
    ];
    for (const [label, body] of bodies) {
      const response = await call(t, "POST", "/_apis/patina/users", { token: f.rootWrite, body });
      expectRefusal(response, 400, label);
      expect(response.body, label).not.toContain("xxxxxxxxxxxxxxxx");
      expect(response.body, label).not.toContain("compiler-1952");
    }
    const oversized = await call(t, "POST", "/_apis/patina/users", {
      token: f.rootWrite,
      body: { ...GOOD, password: "x".repeat(100_000) },
    });
    expectRefusal(oversized, 413, "body beyond the limit");
    for (const payload of [
      '{"username":"gr\\u0000ace","email":"grace@example.com","password":"compiler-1952"}',
      '{"username":"grace","email":"\\ud800@example.com","password":"compiler-1952"}',
      '{"username":"grace","email":"grace@example.com","password":"compiler-1952\\udc00"}',
      '{"username":"grace",',
    ]) {
      expectRefusal(await raw("POST", "/_apis/patina/users", payload), 400, payload);
    }
    for (const payload of [
      '{"isDisabled":"true"}',
      '{"isDisabled":1}',
      '{"isDisabled":null}',
      "{}",
      '{"isAdmin":true}',
    ]) {
      expectRefusal(await raw("PATCH", `/_apis/patina/users/${f.ids.alice}`, payload), 400, payload);
    }
    await expectUnchanged();
  });

  it("answers bad URLs and queries with a 4xx, not a 500", async () => {
    for (const query of [
      "?$top=0",
      "?$top=101",
      "?$top=x",
      "?continuationToken=abc",
      `?search=${"y".repeat(300)}`,
      "?search=%00",
    ]) {
      expectRefusal(await call(t, "GET", `/_apis/patina/users${query}`, { token: f.rootRead }), 400, query);
    }
    for (const id of ["a%00b", "%ED%A0%80", "y".repeat(300)]) {
      const response = await call(t, "PATCH", `/_apis/patina/users/${id}`, {
        token: f.rootWrite,
        body: { isDisabled: true },
      });
      expect(response.statusCode, id).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, id).toBeLessThan(500);
      expectRefusal(response, response.statusCode, id);
    }
    expectRefusal(
      await call(t, "POST", "/_apis/patina/users", { token: f.rootWrite, body: GOOD, apiVersion: null }),
      400,
      "no api-version",
    );
    await expectUnchanged();
  });
});
