/**
 * Daily usage per token through real routes: requests with a token, then the usage API shows
 * the counts per day, the scopes exercised against those granted, and the narrowest scope that
 * would have done. Days are UTC days of the test clock.
 */
import { afterEach, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { basic, DAY_MS, type MintedToken, startTestApp, type TestApp } from "../support/test-app.js";

const REPOSITORIES = "/acme/_apis/git/repositories?api-version=7.1";
const CONNECTION_DATA = "/_apis/connectionData";

describe.each(testDatabases())("token usage on $name", (database) => {
  let t: TestApp;
  let used: MintedToken;
  let reader: MintedToken;
  afterEach(async () => {
    await t?.close();
  });

  async function start() {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createUser("bob");
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "bob", "contributor");
    used = await t.mintToken("alice", { org: "acme", scope: "vso.code_write vso.project" });
    reader = await t.mintToken("alice", { org: "acme", scope: "vso.pats" });
  }

  const request = (url: string, token: string, ip: string, userAgent: string) =>
    t.app.server.inject({ url, headers: { ...basic(token), "user-agent": userAgent }, remoteAddress: ip });

  const usage = (query: string, token = reader.token) =>
    t.app.server.inject({ url: `/acme/_apis/tokens/pats/usage?${query}&api-version=7.1`, headers: basic(token) });

  const today = () => t.clock.now().toISOString().slice(0, 10);

  it("shows the requests of each day, the scopes used of those granted and the narrowest scope", async () => {
    await start();
    for (const ip of ["10.0.0.1", "10.0.0.2", "10.0.0.1"]) {
      expect((await request(REPOSITORIES, used.token, ip, "git/2.45")).statusCode).toBe(200);
    }
    expect((await request(CONNECTION_DATA, used.token, "10.0.0.3", "curl/8.5")).statusCode).toBe(200);
    await t.app.services.usage.flush();

    const response = await usage(`authorizationId=${used.authorizationId}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      authorizationId: used.authorizationId,
      days: 30,
      scopesGranted: ["vso.code_write", "vso.project"],
      scopesUsed: ["vso.code"],
      suggestedScope: "vso.code",
    });
    expect(body.series).toHaveLength(30);
    expect(body.series[0].date).toBe(new Date(t.clock.now().getTime() - 29 * DAY_MS).toISOString().slice(0, 10));
    expect(body.series.slice(0, 29).every((day: { requests: number }) => day.requests === 0)).toBe(true);
    expect(body.series[29]).toEqual({
      date: today(),
      requests: 4,
      scopes: { "vso.code": 3, none: 1 },
      distinctClientAddresses: 3,
      clientAddresses: ["10.0.0.1", "10.0.0.2", "10.0.0.3"],
      userAgents: ["git/2.45", "curl/8.5"],
    });
  });

  it("includes this instance's counts that are not flushed yet, without counting flushed ones twice", async () => {
    await start();
    await request(REPOSITORIES, used.token, "10.0.0.1", "git/2.45");
    await t.app.services.usage.flush();
    await request(REPOSITORIES, used.token, "10.0.0.1", "git/2.45");
    await request(CONNECTION_DATA, used.token, "10.0.0.1", "git/2.45");
    const stored = await t.app.services.store.db.selectFrom("tokenUsageDays").select("requests").execute();
    expect(stored).toEqual([{ requests: 1 }]);

    const body = (await usage(`authorizationId=${used.authorizationId}&days=1`)).json();
    expect(body.series).toEqual([
      {
        date: today(),
        requests: 3,
        scopes: { "vso.code": 2, none: 1 },
        distinctClientAddresses: 1,
        clientAddresses: ["10.0.0.1"],
        userAgents: ["git/2.45"],
      },
    ]);
    await t.app.services.usage.flush();
    expect((await usage(`authorizationId=${used.authorizationId}&days=1`)).json().series[0].requests).toBe(3);
  });

  it("counts the days either side of midnight (UTC) apart", async () => {
    await start();
    const midnight = Math.ceil(t.clock.now().getTime() / DAY_MS) * DAY_MS;
    t.clock.current = new Date(midnight - 30_000);
    await request(REPOSITORIES, used.token, "10.0.0.1", "git/2.45");
    await request(REPOSITORIES, used.token, "10.0.0.1", "git/2.45");
    t.clock.advance(60_000);
    await request(`/acme/_apis/projects?api-version=7.1`, used.token, "10.0.0.2", "git/2.45");
    await t.app.services.usage.flush();

    const body = (await usage(`authorizationId=${used.authorizationId}&days=2`)).json();
    expect(body.series.map((day: { date: string; requests: number }) => [day.date, day.requests])).toEqual([
      [new Date(midnight - DAY_MS).toISOString().slice(0, 10), 2],
      [new Date(midnight).toISOString().slice(0, 10), 1],
    ]);
    expect(body.series[1].scopes).toEqual({ "vso.project": 1 });
    expect(body.scopesUsed).toEqual(["vso.code", "vso.project"]);
    // Both scopes were needed, and vso.code_write (granted) was never: the suggestion drops it.
    expect(body.suggestedScope).toBe("vso.code vso.project");
  });

  it("suggests no scope for a token that needed none, and shows zeros for an unused one", async () => {
    await start();
    await request(CONNECTION_DATA, used.token, "10.0.0.1", "curl/8.5");
    const body = (await usage(`authorizationId=${used.authorizationId}&days=7`)).json();
    expect(body).toMatchObject({ scopesUsed: [], suggestedScope: null });
    expect(body.series[6].scopes).toEqual({ none: 1 });
    const unused = (await usage(`authorizationId=${reader.authorizationId}&days=3`)).json();
    // The usage requests themselves are reader's uses, made with vso.pats.
    expect(unused.series.map((day: { requests: number }) => day.requests)).toEqual([0, 0, 2]);
    expect(unused.suggestedScope).toBe("vso.pats");
  });

  it("answers 400 for bad input and 404 for a token the caller may not get", async () => {
    await start();
    const bobs = await t.mintToken("bob", { org: "acme", scope: "vso.pats" });
    for (const query of [
      "authorizationId=not-a-guid",
      `authorizationId=${used.authorizationId}&days=0`,
      `authorizationId=${used.authorizationId}&days=91`,
      `authorizationId=${used.authorizationId}&days=abc`,
      `authorizationId=${used.authorizationId}&days=1.5`,
      "days=3",
    ]) {
      const response = await usage(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().message, query).toEqual(expect.any(String));
    }
    const someoneElses = await usage(`authorizationId=${bobs.authorizationId}`);
    expect(someoneElses.statusCode).toBe(404);
    const unknown = await usage("authorizationId=00000000-0000-4000-8000-000000000000");
    expect(unknown.statusCode).toBe(404);
    expect((await usage(`authorizationId=${used.authorizationId}&days=90`)).json().series).toHaveLength(90);
  });

  it("needs vso.pats, like getting the token", async () => {
    await start();
    const response = await usage(`authorizationId=${used.authorizationId}`, used.token);
    expect(response.statusCode).toBe(403);
  });
});
