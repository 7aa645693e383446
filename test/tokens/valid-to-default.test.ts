/**
 * `validTo` is optional on create, as in Microsoft's API (which marks no field required): absent
 * or null, the token lives 30 days, or the policy's maximum lifespan when that is shorter, and
 * the audit event says the date was defaulted. An explicit date is honoured as before; on update
 * an absent or null validTo leaves the expiry unchanged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

const PATS = "/acme/_apis/tokens/pats";
const POLICIES = "/acme/_apis/patina/policies";

describe.each(testDatabases())("a create without validTo on $name", (database) => {
  let t: TestApp;
  let manager: string;
  let admin: string;
  const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY_MS).toISOString();
  const create = (body: Record<string, unknown>) =>
    call(t, "POST", PATS, { token: manager, body: { displayName: "defaulted", scope: "vso.code", ...body } });
  const setMaxLifespan = async (days: number | null) => {
    const response = await call(t, "PATCH", POLICIES, { token: admin, body: { maxPatLifespanDays: days } });
    expect(response.statusCode, response.body).toBe(200);
  };
  const createdEvent = async (authorizationId: string) => {
    const row = await t.app.services.store.db
      .selectFrom("auditEvents")
      .selectAll()
      .where("eventType", "=", "Token.PatCreateEvent")
      .where("authorizationId", "=", authorizationId)
      .executeTakeFirstOrThrow();
    return JSON.parse(row.details) as Record<string, unknown>;
  };

  beforeAll(async () => {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createUser("bob");
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "bob", "contributor");
    admin = (await t.mintToken("alice", { org: "acme", scope: "vso.tokenadministration", days: 365 })).token;
    manager = (await t.mintToken("bob", { org: "acme", scope: "vso.pats_manage vso.code", days: 365 })).token;
  });
  beforeEach(async () => setMaxLifespan(null));
  afterAll(async () => t?.close());

  it("gives a token created without validTo 30 days, and says so in its Created audit event", async () => {
    const response = await create({});
    expect(response.statusCode, response.body).toBe(200);
    const pat = response.json().patToken;
    expect(pat).toMatchObject({ validTo: inDays(30), validFrom: inDays(0), status: "active" });
    expect(pat.token).toEqual(expect.any(String));
    expect(await createdEvent(pat.authorizationId)).toMatchObject({
      validTo: inDays(30),
      validToDefaulted: true,
      validToClamped: false,
    });
  });

  it("treats a null validTo as absent", async () => {
    const response = await create({ validTo: null });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().patToken.validTo).toBe(inDays(30));
    expect(await createdEvent(response.json().patToken.authorizationId)).toMatchObject({ validToDefaulted: true });
  });

  it("treats .NET's unset DateTime (0001-01-01) as absent", async () => {
    for (const validTo of ["0001-01-01T00:00:00", "0001-01-01T00:00:00Z"]) {
      const response = await create({ validTo });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().patToken.validTo).toBe(inDays(30));
    }
  });

  it("gives the policy's maximum lifespan when it is shorter than 30 days", async () => {
    await setMaxLifespan(7);
    const response = await create({});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().patToken.validTo).toBe(inDays(7));
    expect(await createdEvent(response.json().patToken.authorizationId)).toMatchObject({
      validTo: inDays(7),
      validToDefaulted: true,
    });
    // A longer maximum does not lengthen the default.
    await setMaxLifespan(90);
    expect((await create({})).json().patToken.validTo).toBe(inDays(30));
  });

  it("still honours an explicit validTo, clamped by the policy as before, and says it was not defaulted", async () => {
    const response = await create({ validTo: inDays(10) });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().patToken.validTo).toBe(inDays(10));
    expect(await createdEvent(response.json().patToken.authorizationId)).toMatchObject({ validToDefaulted: false });
    await setMaxLifespan(7);
    const clamped = await create({ validTo: inDays(10) });
    expect(clamped.json().patToken.validTo).toBe(inDays(7));
    expect(await createdEvent(clamped.json().patToken.authorizationId)).toMatchObject({
      validToClamped: true,
      validToDefaulted: false,
    });
    const past = await create({ validTo: "2001-01-01T00:00:00Z" });
    expect(past.statusCode).toBe(400);
    expect(past.json().patTokenError).toBe("invalidValidTo");
  });

  it("leaves the expiry unchanged on an update whose validTo is absent, null or .NET's unset date", async () => {
    const created = (await create({ validTo: inDays(10) })).json().patToken;
    for (const validTo of [undefined, null, "0001-01-01T00:00:00"]) {
      const response = await call(t, "PUT", PATS, {
        token: manager,
        body: { authorizationId: created.authorizationId, displayName: `renamed ${validTo}`, validTo },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().patToken).toMatchObject({ displayName: `renamed ${validTo}`, validTo: inDays(10) });
    }
  });
});
