/**
 * The policy API as administrators see it: who may read and change each level, what GET shows
 * (own and effective values), how every bad value is refused (400, nothing changed), concurrent
 * changes (no lost update, 409 for a real conflict), and the audit event with before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, signedIn } from "../sessions/support.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";
import { ACME_POLICIES, INSTANCE_POLICIES, type PolicyPeople, seedPeople, setPolicy } from "./support.js";

describe.each(testDatabases())("policy API on $name", (database) => {
  let t: TestApp;
  let people: PolicyPeople;
  const policyEvents = async () =>
    (
      await t.app.services.store.db
        .selectFrom("auditEvents")
        .selectAll()
        .where("eventType", "=", "Policy.PolicyValueUpdated")
        .orderBy("seq")
        .execute()
    ).map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));

  beforeAll(async () => {
    t = await startTestApp(database);
    people = await seedPeople(t);
  });
  afterAll(async () => t?.close());

  it("shows the defaults of a level that was never set", async () => {
    const response = await call(t, "GET", INSTANCE_POLICIES, { token: people.root.token });
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toContain("no-store");
    expect(response.json()).toMatchObject({
      level: "instance",
      organization: null,
      revision: 0,
      values: { restrictGlobalPatCreation: false, maxPatLifespanDays: null, autoRevokeLeakedPats: true },
    });
    expect(response.json().values).not.toHaveProperty("patCreationAllowList");
    const org = await call(t, "GET", ACME_POLICIES, { token: people.alice.token });
    expect(org.statusCode).toBe(200);
    expect(org.json()).toMatchObject({ level: "organization", organization: "acme", revision: 0 });
    expect(org.json().values).not.toHaveProperty("retireGlobalPatsAt");
    expect(org.json().values.patCreationAllowList).toEqual([]);
  });

  it("lets only instance administrators use the instance level, and only organization administrators theirs", async () => {
    const notAdmin = await call(t, "GET", INSTANCE_POLICIES, { token: people.alice.token });
    expect(notAdmin.statusCode).toBe(403);
    expect(notAdmin.json().message).toBe("Only an instance administrator may make this request.");
    const contributor = await call(t, "PATCH", ACME_POLICIES, {
      token: people.bob.token,
      body: { restrictPatCreation: true },
    });
    expect(contributor.statusCode).toBe(403);
    const rootInAcme = await call(t, "GET", ACME_POLICIES, { token: people.root.token });
    expect(rootInAcme.statusCode, "root is only a reader in acme").toBe(403);
    const noScope = await t.mintToken("root", { org: "acme", scope: "vso.pats" });
    const withoutScope = await call(t, "GET", INSTANCE_POLICIES, { token: noScope.token });
    expect(withoutScope.statusCode).toBe(403);
    expect(withoutScope.json().message).toContain("vso.tokenadministration");
    expect((await call(t, "GET", INSTANCE_POLICIES)).statusCode).toBe(401);
    expect((await policyEvents()).length).toBe(0);
  });

  it("changes only the keys named, shows the stricter of both levels as effective, and audits before and after", async () => {
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, {
      maxPatLifespanDays: 90,
      enforceMaxLifespanAtUse: false,
    });
    const org = await setPolicy(t, ACME_POLICIES, people.alice.token, {
      maxPatLifespanDays: 180,
      restrictFullScopePatCreation: true,
      restrictPatCreation: true,
      patCreationAllowList: ["Bob", "alice", "bob"],
    });
    expect(org.revision).toBe(1);
    expect(org.values).toMatchObject({
      maxPatLifespanDays: 180,
      restrictFullScopePatCreation: true,
      patCreationAllowList: ["bob", "alice"],
    });
    expect(org.effective).toMatchObject({
      maxPatLifespanDays: 90,
      restrictFullScopePatCreation: true,
      retireGlobalPatsAt: null,
    });
    const again = await setPolicy(t, ACME_POLICIES, people.alice.token, { maxPatLifespanDays: 30 });
    expect(again.revision).toBe(2);
    expect(again.values).toMatchObject({
      maxPatLifespanDays: 30,
      restrictPatCreation: true,
      patCreationAllowList: ["bob", "alice"],
    });
    expect(again.effective.maxPatLifespanDays).toBe(30);

    const events = await policyEvents();
    const last = events.at(-1);
    expect(last).toMatchObject({ actorName: "alice", clientIp: "127.0.0.1" });
    expect(last?.details).toEqual({
      level: "organization",
      organization: "acme",
      revision: 2,
      changed: ["maxPatLifespanDays"],
      before: { maxPatLifespanDays: 180 },
      after: { maxPatLifespanDays: 30 },
    });
    expect(events.at(-2)?.details.after).toMatchObject({ patCreationAllowList: ["bob", "alice"] });
    // A change that changes nothing writes nothing.
    const count = events.length;
    expect((await setPolicy(t, ACME_POLICIES, people.alice.token, { maxPatLifespanDays: 30 })).revision).toBe(2);
    expect((await policyEvents()).length).toBe(count);
  });

  it("answers whether a leaked token is revoked by the stricter autoRevokeLeakedPats where it works", async () => {
    const db = t.app.services.store.db;
    const idOf = async (name: string) =>
      (await db.selectFrom("organizations").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
    const bob = (await db.selectFrom("users").select("id").where("username", "=", "bob").executeTakeFirstOrThrow()).id;
    const [acme, globex] = [await idOf("acme"), await idOf("globex")];
    const revokes = (targets: { allOrgs: boolean; orgId: string | null }) =>
      t.app.services.policies.autoRevokesLeaked(bob, targets);
    const org = (await call(t, "GET", ACME_POLICIES, { token: people.alice.token })).json();
    expect(org.values.autoRevokeLeakedPats, "an organization adds no demand of its own").toBe(false);
    expect(org.effective.autoRevokeLeakedPats, "the instance's default on").toBe(true);
    expect(await revokes({ allOrgs: false, orgId: globex })).toBe(true);
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { autoRevokeLeakedPats: false });
    expect(await revokes({ allOrgs: false, orgId: globex })).toBe(false);
    await setPolicy(t, ACME_POLICIES, people.alice.token, { autoRevokeLeakedPats: true });
    expect(await revokes({ allOrgs: false, orgId: acme })).toBe(true);
    expect(await revokes({ allOrgs: true, orgId: null }), "bob's global token works in acme too").toBe(true);
    expect(await revokes({ allOrgs: false, orgId: globex })).toBe(false);
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { autoRevokeLeakedPats: true });
    await setPolicy(t, ACME_POLICIES, people.alice.token, { autoRevokeLeakedPats: false });
  });

  it("works from a web session too (with its CSRF header)", async () => {
    const session = await signedIn(t, "alice", PASSWORD);
    const headers = { cookie: session.cookie, "x-patina-csrf": session.csrfToken };
    const response = await call(t, "PATCH", ACME_POLICIES, { headers, body: { allowPackagingPatsForOthers: true } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().values.allowPackagingPatsForOthers).toBe(true);
    expect((await policyEvents()).at(-1)?.actorName).toBe("alice");
  });

  const BAD: [string, Record<string, unknown>, string][] = [
    [
      "a string for a boolean",
      { restrictGlobalPatCreation: "yes" },
      "restrictGlobalPatCreation must be true or false.",
    ],
    ["a number for a boolean", { autoRevokeLeakedPats: 1 }, "autoRevokeLeakedPats must be true or false."],
    [
      "null for a boolean",
      { restrictFullScopePatCreation: null },
      "restrictFullScopePatCreation must be true or false.",
    ],
    ["text for a boolean", { enforceMaxLifespanAtUse: "true" }, "enforceMaxLifespanAtUse must be true or false."],
    ["text for the lifespan", { maxPatLifespanDays: "30" }, "maxPatLifespanDays must be a whole number of days"],
    ["zero days", { maxPatLifespanDays: 0 }, "maxPatLifespanDays must be a whole number of days from 1 to 365"],
    ["366 days", { maxPatLifespanDays: 366 }, "from 1 to 365"],
    ["a fraction of a day", { maxPatLifespanDays: 1.5 }, "from 1 to 365"],
    [
      "text for days",
      { revokeUnusedPatsAfterDays: "30" },
      "revokeUnusedPatsAfterDays must be a whole number of days from 1 to 3650",
    ],
    ["too many unused days", { revokeUnusedPatsAfterDays: 3651 }, "from 1 to 3650"],
    [
      "a bare number for a date",
      { retireGlobalPatsAt: 1_764_547_200_000 },
      "retireGlobalPatsAt must be an ISO 8601 date-time",
    ],
    ["a date that does not exist", { retireGlobalPatsAt: "2026-02-31" }, "retireGlobalPatsAt must be an ISO 8601"],
    ["free text for a date", { retireGlobalPatsAt: "next tuesday" }, "retireGlobalPatsAt must be an ISO 8601"],
    ["an organization key at the instance", { restrictPatCreation: true }, "not allowed ('restrictPatCreation')"],
    ["an unknown key", { maxLifespan: 30 }, "not allowed ('maxLifespan')"],
  ];
  it.each(BAD)("refuses %s at the instance level with a 400 and changes nothing", async (_, body, message) => {
    const before = (await call(t, "GET", INSTANCE_POLICIES, { token: people.root.token })).json();
    const response = await call(t, "PATCH", INSTANCE_POLICIES, {
      token: people.root.token,
      body: { ...body, restrictGlobalPatCreation: body.restrictGlobalPatCreation ?? true },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ $id: "1", typeKey: "InvalidArgumentValueException", eventId: 3000 });
    expect(response.json().message).toContain(message);
    expect((await call(t, "GET", INSTANCE_POLICIES, { token: people.root.token })).json()).toEqual(before);
  });

  const BAD_ORG: [string, unknown, string][] = [
    ["an unknown user", { patCreationAllowList: ["alice", "nobody"] }, "patCreationAllowList: no user 'nobody'."],
    ["a number for a boolean", { restrictPatCreation: 1 }, "restrictPatCreation must be true or false."],
    ["text for a boolean", { allowPackagingPatsForOthers: "no" }, "allowPackagingPatsForOthers must be true or false."],
    [
      "a negative lifespan",
      { maxPatLifespanDays: -5 },
      "maxPatLifespanDays must be a whole number of days from 1 to 365",
    ],
    ["too many users", { patCreationAllowList: Array.from({ length: 1001 }, (_, i) => `u${i}`) }, "at most 1000 users"],
    ["a list that is not an array", { patCreationAllowList: "alice" }, "must be an array of user names or user ids"],
    ["a non-string entry", { patCreationAllowList: [42] }, "must hold user names or user ids"],
    ["an entry with a control character", { patCreationAllowList: ["ali\tce"] }, "must hold user names or user ids"],
    ["the instance's retirement date", { retireGlobalPatsAt: "2027-01-01" }, "not allowed ('retireGlobalPatsAt')"],
    ["an array body", [], "must be object"],
  ];
  it.each(BAD_ORG)("refuses %s at the organization level with a 400 and changes nothing", async (_, body, message) => {
    const before = (await call(t, "GET", ACME_POLICIES, { token: people.alice.token })).json();
    const response = await call(t, "PATCH", ACME_POLICIES, { token: people.alice.token, body });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(message);
    expect((await call(t, "GET", ACME_POLICIES, { token: people.alice.token })).json()).toEqual(before);
  });

  it.each([
    ["a NUL", '{"patCreationAllowList":["ali\\u0000ce"]}'],
    ["a lone surrogate", '{"patCreationAllowList":["\\ud800"]}'],
    ["malformed JSON", '{"maxPatLifespanDays":'],
  ])("refuses a body with %s with a 400", async (_, payload) => {
    const response = await t.app.server.inject({
      method: "PATCH",
      url: `${ACME_POLICIES}?api-version=7.1`,
      headers: {
        authorization: `Basic ${Buffer.from(`:${people.alice.token}`).toString("base64")}`,
        "content-type": "application/json",
      },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ $id: "1", eventId: 3000 });
  });

  it("loses no update when concurrent changes set different keys", async () => {
    const before = (await policyEvents()).length;
    const changes = [
      { restrictGlobalPatCreation: true },
      { restrictFullScopePatCreation: true },
      { revokeUnusedPatsAfterDays: 400 },
      { autoRevokeLeakedPats: false },
    ];
    const responses = await Promise.all(
      changes.map((body) => call(t, "PATCH", INSTANCE_POLICIES, { token: people.root.token, body })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const shown = (await call(t, "GET", INSTANCE_POLICIES, { token: people.root.token })).json();
    expect(shown.values).toMatchObject(Object.assign({}, ...changes));
    expect((await policyEvents()).length - before).toBe(4);
    expect(new Set((await policyEvents()).slice(before).map((e) => e.details.revision)).size).toBe(4);
  });

  it("answers 409 to the loser of concurrent changes of the same key, never mixing them", async () => {
    const values = [10, 20, 30, 40, 50];
    const responses = await Promise.all(
      values.map((days) =>
        call(t, "PATCH", INSTANCE_POLICIES, { token: people.root.token, body: { revokeUnusedPatsAfterDays: days } }),
      ),
    );
    for (const response of responses) expect([200, 409]).toContain(response.statusCode);
    const conflicts = responses.filter((r) => r.statusCode === 409);
    for (const conflict of conflicts) {
      expect(conflict.json().message).toBe(
        "The policy was changed by another request at the same time. Read it again and retry.",
      );
    }
    const final = (await call(t, "GET", INSTANCE_POLICIES, { token: people.root.token })).json();
    const winners = responses.filter((r) => r.statusCode === 200).map((r) => r.json());
    const latest = winners.sort((a, b) => b.revision - a.revision)[0];
    expect(final.values.revokeUnusedPatsAfterDays).toBe(latest.values.revokeUnusedPatsAfterDays);
    expect(final.revision).toBe(latest.revision);
  });
});
