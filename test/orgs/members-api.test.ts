/**
 * The member routes as an organization administrator uses them: list (by username, search,
 * paging to the end), add by username or id, change role, remove, each audited, and a removed
 * member's token stops working in the organization at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";
import { auditEventsOf, createMemberFixture, type Member, type MemberFixture, roster } from "./fixture.js";

interface Page {
  members: Member[];
  continuationToken: string | null;
}

describe.each(testDatabases())("the member routes on $name", (database) => {
  let t: TestApp;
  let f: MemberFixture;

  beforeAll(async () => {
    t = await startTestApp(database);
    f = await createMemberFixture(t);
  });
  afterAll(async () => t?.close());

  const list = async (query = "", token = f.aliceRead) => {
    const response = await call(t, "GET", `/acme/_apis/patina/members${query}`, { token });
    return { status: response.statusCode, body: response.json() as Page };
  };

  it("lists the organization's members by username with their directory fields", async () => {
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body.continuationToken).toBeNull();
    expect(body.members.map((m) => `${m.username}:${m.role}`)).toEqual(["alice:admin", "bob:reader", "erin:admin"]);
    const bob = body.members.find((m) => m.username === "bob");
    expect(bob).toEqual({
      userId: f.ids.bob,
      username: "bob",
      displayName: "bob",
      email: "bob@example.com",
      role: "reader",
      isDisabled: false,
      addedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // carol (beta) and dave (no organization) are not listed.
    expect(JSON.stringify(body)).not.toMatch(/carol|dave/);
  });

  it("searches username, display name and e-mail address, ignoring case, with wildcards taken literally", async () => {
    const names = async (search: string) =>
      (await list(`?search=${encodeURIComponent(search)}`)).body.members.map((m) => m.username);
    expect(await names("ER")).toEqual(["erin"]);
    expect(await names("EXAMPLE.COM")).toEqual(["alice", "bob", "erin"]);
    expect(await names("b@")).toEqual(["bob"]);
    expect(await names("%")).toEqual([]);
    expect(await names("_")).toEqual([]);
    expect(await names("nobody")).toEqual([]);
  });

  it("pages with $top and continuationToken to the end, without repeats", async () => {
    for (let i = 0; i < 5; i++) {
      await t.createUser(`page${i}`);
      await t.addMember("acme", `page${i}`, "contributor");
    }
    const all = (await list()).body.members.map((m) => m.username);
    expect(all).toHaveLength(8);
    const seen: string[] = [];
    let continuation: string | null = null;
    do {
      const next = continuation === null ? "" : `&continuationToken=${encodeURIComponent(continuation)}`;
      const { status, body } = await list(`?$top=3${next}`);
      expect(status).toBe(200);
      expect(body.members.length).toBeLessThanOrEqual(3);
      seen.push(...body.members.map((m) => m.username));
      continuation = body.continuationToken;
    } while (continuation !== null && seen.length < 100);
    expect(seen).toEqual(all);
    // Searched pages too, and a continuation token belongs to its search.
    const first = await list("?search=page&$top=2");
    expect(first.body.members.map((m) => m.username)).toEqual(["page0", "page1"]);
    const token = encodeURIComponent(first.body.continuationToken ?? "");
    expect((await list(`?search=page&$top=2&continuationToken=${token}`)).body.members.map((m) => m.username)).toEqual([
      "page2",
      "page3",
    ]);
    expect((await list(`?search=pag&$top=2&continuationToken=${token}`)).status).toBe(400);
  });

  it("adds a user by username or by id with a role (201), audited", async () => {
    const byName = await call(t, "POST", "/acme/_apis/patina/members", {
      token: f.aliceWrite,
      body: { user: "Dave", role: "contributor" },
    });
    expect(byName.statusCode, byName.body).toBe(201);
    expect(byName.json()).toMatchObject({
      userId: f.ids.dave,
      username: "dave",
      role: "contributor",
      isDisabled: false,
    });
    const byId = await call(t, "POST", "/acme/_apis/patina/members", {
      token: f.aliceWrite,
      body: { user: f.ids.carol, role: "reader" },
    });
    expect(byId.statusCode).toBe(201);
    expect(byId.json()).toMatchObject({ username: "carol", role: "reader" });
    const [added] = (await auditEventsOf(t, "Organization.MemberAddEvent")).filter((e) => e.data.username === "dave");
    expect(added).toMatchObject({
      actorName: "alice",
      data: { userId: f.ids.dave, username: "dave", role: "contributor", actingCredential: "token" },
    });
    expect(added?.orgId).toBe(
      (
        await t.app.services.store.db
          .selectFrom("organizations")
          .select("id")
          .where("name", "=", "acme")
          .executeTakeFirst()
      )?.id,
    );
    // dave's acme token works now.
    const daveToken = (await t.mintToken("dave", { org: "acme", scope: "vso.profile" })).token;
    expect((await call(t, "GET", "/acme/_apis/connectionData", { token: daveToken })).statusCode).toBe(200);
  });

  it("refuses a user already a member (409) and an unknown user (404)", async () => {
    const again = await call(t, "POST", "/acme/_apis/patina/members", {
      token: f.aliceWrite,
      body: { user: "bob", role: "admin" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ $id: "1", typeKey: "VssResourceAlreadyExistsException", eventId: 3000 });
    for (const user of ["nobody", "00000000-0000-4000-8000-000000000000"]) {
      const unknown = await call(t, "POST", "/acme/_apis/patina/members", {
        token: f.aliceWrite,
        body: { user, role: "reader" },
      });
      expect(unknown.statusCode, user).toBe(404);
    }
    expect(await roster(t, f.aliceRead)).toContain("bob:reader");
  });

  it("changes a member's role (200), audited with the role before", async () => {
    const response = await call(t, "PATCH", `/acme/_apis/patina/members/${f.ids.bob}`, {
      token: f.aliceWrite,
      body: { role: "contributor" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ userId: f.ids.bob, username: "bob", role: "contributor" });
    expect(await roster(t, f.aliceRead)).toContain("bob:contributor");
    const events = (await auditEventsOf(t, "Organization.MemberUpdateEvent")).filter((e) => e.actorName === "alice");
    expect(events.at(-1)?.data).toMatchObject({
      userId: f.ids.bob,
      username: "bob",
      role: "contributor",
      previousRole: "reader",
    });
    // The same role again changes nothing and records nothing.
    const again = await call(t, "PATCH", `/acme/_apis/patina/members/${f.ids.bob}`, {
      token: f.aliceWrite,
      body: { role: "contributor" },
    });
    expect(again.statusCode).toBe(200);
    expect(
      (await auditEventsOf(t, "Organization.MemberUpdateEvent")).filter((e) => e.actorName === "alice"),
    ).toHaveLength(events.length);
  });

  it("answers 404 for a non-member, another organization's member and an unknown id", async () => {
    const frank = await t.createUser("frank");
    for (const id of [frank, "00000000-0000-4000-8000-000000000000", "not-a-guid"]) {
      for (const method of ["PATCH", "DELETE"] as const) {
        const response = await call(t, method, `/acme/_apis/patina/members/${id}`, {
          token: f.aliceWrite,
          ...(method === "PATCH" ? { body: { role: "reader" } } : {}),
        });
        expect(response.statusCode, `${method} ${id}`).toBe(404);
        expect(response.json()).toMatchObject({ $id: "1", typeKey: "VssResourceNotFoundException", eventId: 3000 });
      }
    }
    // bob is a member of acme, not of beta: beta's admin cannot reach him.
    const fromBeta = await call(t, "DELETE", `/beta/_apis/patina/members/${f.ids.bob}`, { token: f.carolWrite });
    expect(fromBeta.statusCode).toBe(404);
    expect(await roster(t, f.aliceRead)).toContain("bob:contributor");
  });

  it("removes a member (204), audited, and their token stops working in the organization at once", async () => {
    const bobToken = (await t.mintToken("bob", { org: "acme", scope: "vso.profile" })).token;
    const bobGlobal = (await t.mintToken("bob", { allOrgs: true, scope: "vso.profile" })).token;
    expect((await call(t, "GET", "/acme/_apis/connectionData", { token: bobToken })).statusCode).toBe(200);
    expect((await call(t, "GET", "/acme/_apis/connectionData", { token: bobGlobal })).statusCode).toBe(200);
    const removed = await call(t, "DELETE", `/acme/_apis/patina/members/${f.ids.bob}`, { token: f.aliceWrite });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe("");
    expect((await call(t, "GET", "/acme/_apis/connectionData", { token: bobToken })).statusCode).toBe(401);
    expect((await call(t, "GET", "/acme/_apis/connectionData", { token: bobGlobal })).statusCode).toBe(401);
    // Outside the organization the global token still works.
    expect((await call(t, "GET", "/_apis/connectionData", { token: bobGlobal })).statusCode).toBe(200);
    expect(await roster(t, f.aliceRead)).not.toContain("bob:contributor");
    const [event] = await auditEventsOf(t, "Organization.MemberRemoveEvent");
    expect(event).toMatchObject({
      actorName: "alice",
      data: { userId: f.ids.bob, username: "bob", role: "contributor" },
    });
    const again = await call(t, "DELETE", `/acme/_apis/patina/members/${f.ids.bob}`, { token: f.aliceWrite });
    expect(again.statusCode).toBe(404);
  });

  it("shows the new events in the organization's audit log with readable sentences", async () => {
    const auditor = (await t.mintToken("alice", { org: "acme", scope: "vso.auditlog" })).token;
    const response = await call(t, "GET", "/acme/_apis/audit/auditlog", { token: auditor });
    const entries = (
      response.json() as { decoratedAuditLogEntries: { actionId: string; details: string; category: string }[] }
    ).decoratedAuditLogEntries;
    const removal = entries.find((e) => e.actionId === "Organization.MemberRemoveEvent");
    expect(removal).toMatchObject({
      category: "remove",
      details: 'Removed "bob" (contributor) from the organization.',
    });
    const addition = entries.find((e) => e.actionId === "Organization.MemberAddEvent");
    expect(addition?.category).toBe("create");
    expect(addition?.details).toMatch(/^Added "(dave|carol)" to the organization as (contributor|reader)\.$/);
  });
});
