/**
 * Policies at creation, extension and regeneration, through the lifecycle API as a user sees
 * them: 403 with the policy's patTokenError, the clamp in the response (and in the audit event),
 * the stricter level winning, global tokens checked against every organization of their owner,
 * and the CLI operator bound like everyone else.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";
import { ACME_POLICIES, INSTANCE_POLICIES, type PolicyPeople, seedPeople, setPolicy } from "./support.js";

const PATS = "/acme/_apis/tokens/pats";
const RESET_INSTANCE = {
  restrictGlobalPatCreation: false,
  restrictFullScopePatCreation: false,
  maxPatLifespanDays: null,
};
const RESET_ORG = {
  ...RESET_INSTANCE,
  restrictPatCreation: false,
  patCreationAllowList: [],
  allowPackagingPatsForOthers: false,
};

describe.each(testDatabases())("creation policies on $name", (database) => {
  let t: TestApp;
  let people: PolicyPeople;
  let carol: string;
  const inDays = (days: number) => new Date(t.clock.now().getTime() + days * DAY_MS).toISOString();
  const create = (token: string, body: Record<string, unknown>, path = PATS) =>
    call(t, "POST", path, {
      token,
      body: { displayName: "policy test", scope: "vso.pats", validTo: inDays(30), ...body },
    });
  const expectViolation = (response: Awaited<ReturnType<typeof create>>, error: string, message: string) => {
    expect(response.statusCode, response.body).toBe(403);
    expect(response.json()).toMatchObject({
      patToken: null,
      patTokenError: error,
      typeKey: "UnauthorizedRequestException",
    });
    expect(response.json().patTokenErrorMessage).toBe(message);
    expect(response.json().message).toBe(message);
  };
  const lastTokenEvent = async (type: string) => {
    const row = await t.app.services.store.db
      .selectFrom("auditEvents")
      .selectAll()
      .where("eventType", "=", type)
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    return JSON.parse(row.details) as Record<string, unknown>;
  };

  beforeAll(async () => {
    t = await startTestApp(database);
    people = await seedPeople(t);
    carol = (
      await t.mintToken("carol", { org: "acme", scope: "vso.pats_manage vso.packaging_write vso.code", name: "carol" })
    ).token;
  });
  beforeEach(async () => {
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, RESET_INSTANCE);
    await setPolicy(t, ACME_POLICIES, people.alice.token, RESET_ORG);
  });
  afterAll(async () => t?.close());

  it("refuses global tokens under restrictGlobalPatCreation, at either level, naming the level", async () => {
    const session = await t.mintToken("bob", { allOrgs: true, scope: "app_token vso.pats_manage" });
    await setPolicy(t, ACME_POLICIES, people.alice.token, { restrictGlobalPatCreation: true });
    expectViolation(
      await create(session.token, { allOrgs: true }),
      "globalPatPolicyViolation",
      "The policy of organization 'acme' does not allow tokens for all organizations.",
    );
    // bob's global token works in globex too, where nothing is restricted: acme's policy still binds it.
    expectViolation(
      await create(session.token, { allOrgs: true }, "/globex/_apis/tokens/pats"),
      "globalPatPolicyViolation",
      "The policy of organization 'acme' does not allow tokens for all organizations.",
    );
    expect((await create(session.token, {})).statusCode, "an organization token is fine").toBe(200);
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { restrictGlobalPatCreation: true });
    expectViolation(
      await create(session.token, { allOrgs: true }),
      "globalPatPolicyViolation",
      "The instance's policy does not allow tokens for all organizations.",
    );
    // Retargeting an existing token to all organizations is refused the same way.
    const existing = (await create(session.token, {})).json().patToken;
    const widened = await call(t, "PUT", PATS, {
      token: session.token,
      body: { authorizationId: existing.authorizationId, allOrgs: true },
    });
    expectViolation(
      widened,
      "globalPatPolicyViolation",
      "The instance's policy does not allow tokens for all organizations.",
    );
  });

  it("refuses Full access tokens under restrictFullScopePatCreation, on creation and on update", async () => {
    const session = await t.mintToken("bob", { org: "acme", scope: "app_token vso.pats_manage" });
    const existing = (await create(session.token, {})).json().patToken;
    await setPolicy(t, ACME_POLICIES, people.alice.token, { restrictFullScopePatCreation: true });
    const message = "The policy of organization 'acme' does not allow Full access tokens.";
    expectViolation(await create(session.token, { scope: "app_token" }), "fullScopePatPolicyViolation", message);
    const rescoped = await call(t, "PUT", PATS, {
      token: session.token,
      body: { authorizationId: existing.authorizationId, scope: "app_token" },
    });
    expectViolation(rescoped, "fullScopePatPolicyViolation", message);
    expect((await create(session.token, { scope: "vso.work" })).statusCode).toBe(200);
  });

  it("restricts creation and regeneration to the allow list, with packaging scopes for everyone else when allowed", async () => {
    const own = (await create(carol, { scope: "vso.packaging" })).json().patToken;
    await setPolicy(t, ACME_POLICIES, people.alice.token, { restrictPatCreation: true, patCreationAllowList: ["bob"] });
    const refused = "The policy of organization 'acme' restricts token creation to an allow list you are not on.";
    expectViolation(await create(carol, { scope: "vso.packaging" }), "disablePatCreationPolicyViolation", refused);
    const regenerated = await call(t, "POST", `${PATS}/regenerate?authorizationId=${own.authorizationId}`, {
      token: carol,
    });
    expectViolation(regenerated, "disablePatCreationPolicyViolation", refused);
    expect((await create(people.bob.token, { scope: "vso.pats" })).statusCode, "bob is on the list").toBe(200);

    await setPolicy(t, ACME_POLICIES, people.alice.token, { allowPackagingPatsForOthers: true });
    expect((await create(carol, { scope: "vso.packaging vso.packaging_write" })).statusCode).toBe(200);
    expectViolation(
      await create(carol, { scope: "vso.packaging vso.code" }),
      "disablePatCreationPolicyViolation",
      `${refused} Users not on its allow list may only create tokens whose scopes are all Packaging scopes.`,
    );
  });

  it("clamps creation, extension and regeneration to the stricter maximum lifespan, and shows the clamp", async () => {
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { maxPatLifespanDays: 60 });
    await setPolicy(t, ACME_POLICIES, people.alice.token, { maxPatLifespanDays: 30 });
    const created = await create(people.bob.token, { validTo: inDays(200) });
    expect(created.statusCode).toBe(200);
    const token = created.json().patToken;
    expect(token.validTo).toBe(inDays(30));
    expect(await lastTokenEvent("Token.PatCreateEvent")).toMatchObject({ validTo: inDays(30), validToClamped: true });

    t.clock.advance(10 * DAY_MS);
    const extended = await call(t, "PUT", PATS, {
      token: people.bob.token,
      body: { authorizationId: token.authorizationId, validTo: inDays(300) },
    });
    expect(extended.statusCode).toBe(200);
    expect(extended.json().patToken.validTo, "validFrom + 30 days").toBe(token.validTo);
    expect(await lastTokenEvent("Token.PatUpdateEvent")).toMatchObject({ validToClamped: true });

    await setPolicy(t, ACME_POLICIES, people.alice.token, { maxPatLifespanDays: 7 });
    const regenerated = await call(t, "POST", `${PATS}/regenerate?authorizationId=${token.authorizationId}`, {
      token: people.bob.token,
    });
    expect(regenerated.statusCode).toBe(200);
    expect(regenerated.json().patToken.validTo).toBe(inDays(7));
    expect(await lastTokenEvent("Token.PatRegenerateEvent")).toMatchObject({ validToClamped: true });

    const short = await create(people.bob.token, { validTo: inDays(3) });
    expect(short.json().patToken.validTo).toBe(inDays(3));
    expect(await lastTokenEvent("Token.PatCreateEvent")).toMatchObject({ validToClamped: false });
  });

  it("binds the CLI operator too", async () => {
    await setPolicy(t, ACME_POLICIES, people.alice.token, {
      restrictPatCreation: true,
      patCreationAllowList: ["alice"],
    });
    await expect(t.mintToken("carol", { org: "acme", scope: "vso.code" })).rejects.toThrow(
      "restricts token creation to an allow list you are not on",
    );
    await setPolicy(t, INSTANCE_POLICIES, people.root.token, { maxPatLifespanDays: 10 });
    const minted = await t.mintToken("alice", { org: "acme", scope: "vso.code", days: 90 });
    const shown = await call(t, "GET", `${PATS}?authorizationId=${minted.authorizationId}`, {
      token: people.alice.token,
    });
    expect(shown.json().patToken.validTo).toBe(inDays(10));
  });
});
