/** First-run setup: only with the console's one-time code, only once, and it signs the new administrator in. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { cookieOf, PASSWORD } from "./support.js";

const SETUP = "/_apis/patina/setup";

describe.each(testDatabases())("first-run setup on $name", (database) => {
  let t: TestApp;
  let code: string;
  const form = (extra: object = {}) => ({
    code,
    username: "Admin",
    password: PASSWORD,
    displayName: "The Admin",
    email: "admin@example.com",
    organization: "acme",
    ...extra,
  });
  const post = (payload: object) => t.app.server.inject({ method: "POST", url: SETUP, payload });
  const userCount = async () => (await t.app.services.store.db.selectFrom("users").select("id").execute()).length;
  const setupRequired = async () => (await t.app.server.inject({ url: SETUP })).json().setupRequired;

  beforeEach(async () => {
    t = await startTestApp(database);
    code = t.app.setupCode() ?? "";
  });
  afterEach(async () => t?.close());

  it("issues a one-time code at start when there are no users, and says so in the log without the code", async () => {
    expect(code).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(await setupRequired()).toBe(true);
    expect(t.logs.some((line) => line.includes("first-run setup is pending"))).toBe(true);
    expect(t.logs.join("\n")).not.toContain(code);
  });

  it("refuses a missing or wrong code with 403 and creates nothing", async () => {
    const { code: _omitted, ...noCode } = form();
    for (const payload of [
      noCode,
      form({ code: "" }),
      form({ code: `${code.slice(0, -1)}${code.endsWith("x") ? "y" : "x"}` }),
      form({ code: "x" }),
    ]) {
      const response = await post(payload);
      expect(response.statusCode).toBe(403);
      expect(response.headers["set-cookie"]).toBeUndefined();
    }
    expect(await userCount()).toBe(0);
    expect(t.app.setupCode()).toBe(code);
  });

  it("refuses invalid input with 400 without spending the code", async () => {
    for (const extra of [
      { username: "no spaces allowed" },
      { email: "nope" },
      { organization: "-bad-" },
      { password: "short" },
    ]) {
      const response = await post(form(extra));
      expect(response.statusCode, JSON.stringify(extra)).toBe(400);
    }
    expect(await userCount()).toBe(0);
    expect(t.app.setupCode()).toBe(code);
    const form415 = await t.app.server.inject({
      method: "POST",
      url: SETUP,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `code=${code}&username=evil`,
    });
    expect(form415.statusCode).toBe(415);
  });

  it("creates the first administrator and organization with the right code, signed in", async () => {
    const response = await post(form());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      user: { username: "admin", displayName: "The Admin", email: "admin@example.com", isAdmin: true },
      organizations: [{ name: "acme", role: "admin" }],
    });
    const cookie = cookieOf(response);
    const tokens = await t.app.server.inject({ url: "/acme/_apis/tokens/pats?api-version=7.1", headers: { cookie } });
    expect(tokens.statusCode).toBe(200);
    expect(await setupRequired()).toBe(false);
    expect(t.app.setupCode()).toBeNull();
    const events = await t.app.services.store.db.selectFrom("auditEvents").selectAll().execute();
    expect(events.map((e) => e.eventType)).toContain("User.SetupEvent");
    expect(JSON.stringify(events)).not.toContain(code);
  });

  it("is single use: a second setup is 409, with the same or any code", async () => {
    expect((await post(form())).statusCode).toBe(200);
    expect((await post(form({ username: "second", organization: "other" }))).statusCode).toBe(409);
    expect((await post(form({ code: "whatever", username: "second" }))).statusCode).toBe(409);
    expect(await userCount()).toBe(1);
  });

  it("lets only one of two simultaneous setups through", async () => {
    const [first, second] = await Promise.all([post(form()), post(form({ username: "other", organization: "beta" }))]);
    const statuses = [first.statusCode, second.statusCode].sort();
    // The loser finds the code spent (403), or, if it arrives later, setup done (409).
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    expect(await userCount()).toBe(1);
  });
});

describe.each(testDatabases())("a store that already has users on $name", (database) => {
  it("issues no code and answers setup with 409", async () => {
    const first = await startTestApp(database);
    await first.createUser("alice", { password: PASSWORD });
    const t = await startTestApp(database, {}, first);
    try {
      expect(t.app.setupCode()).toBeNull();
      expect((await t.app.server.inject({ url: SETUP })).json()).toEqual({ setupRequired: false });
      const response = await t.app.server.inject({
        method: "POST",
        url: SETUP,
        payload: { code: "x", username: "x", password: PASSWORD, email: "x@example.com", organization: "x" },
      });
      expect(response.statusCode).toBe(409);
    } finally {
      await t.app.close();
      await first.close();
    }
  });
});
