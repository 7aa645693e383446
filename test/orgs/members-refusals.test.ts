/**
 * What the member routes refuse: callers who are not the organization's admins, tokens without
 * the scope (a read-only token trying to write), other organizations' admins, and bad input of
 * every kind; each gets a 4xx Azure DevOps error body, never a 500, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefusal } from "../support/credential-failure.js";
import { testDatabases } from "../support/databases.js";
import { basic, call, startTestApp, type TestApp } from "../support/test-app.js";
import { auditCount, createMemberFixture, type MemberFixture, roster } from "./fixture.js";

const HUGE = "x".repeat(100_000);

describe.each(testDatabases())("member route refusals on $name", (database) => {
  let t: TestApp;
  let f: MemberFixture;
  let before: { roster: string[]; events: number };

  beforeAll(async () => {
    t = await startTestApp(database);
    f = await createMemberFixture(t);
    before = { roster: await roster(t, f.aliceRead), events: await auditCount(t) };
  });
  afterAll(async () => t?.close());

  const expectUnchanged = async () => {
    expect(await roster(t, f.aliceRead)).toEqual(before.roster);
    expect(await auditCount(t)).toBe(before.events);
  };

  /** A raw request, for bodies JSON.stringify cannot produce (lone surrogates as escapes, bad JSON). */
  const raw = (method: "POST" | "PATCH", url: string, payload: string, token = f.aliceWrite) =>
    t.app.server.inject({
      method,
      url: `${url}?api-version=7.1`,
      headers: { ...basic(token), "content-type": "application/json" },
      payload,
    });

  it("keeps out callers who are not admins of the organization", async () => {
    const bobRead = (await t.mintToken("bob", { org: "acme", scope: "vso.memberentitlementmanagement" })).token;
    expectRefusal(await call(t, "GET", "/acme/_apis/patina/members", { token: bobRead }), 403, "reader lists");
    expectRefusal(
      await call(t, "POST", "/acme/_apis/patina/members", { token: f.bobWrite, body: { user: "dave", role: "admin" } }),
      403,
      "reader adds",
    );
    expectRefusal(
      await call(t, "PATCH", `/acme/_apis/patina/members/${f.ids.bob}`, { token: f.bobWrite, body: { role: "admin" } }),
      403,
      "reader promotes himself",
    );
    expectRefusal(
      await call(t, "DELETE", `/acme/_apis/patina/members/${f.ids.alice}`, { token: f.bobWrite }),
      403,
      "reader removes",
    );
    // beta's admin is no member of acme: a credential failure there, as if the token did not exist.
    expectRefusal(await call(t, "GET", "/acme/_apis/patina/members", { token: f.carolWrite }), 401, "other org");
    expectRefusal(
      await call(t, "DELETE", `/acme/_apis/patina/members/${f.ids.bob}`, { token: f.carolWrite }),
      401,
      "other org removes",
    );
    expectRefusal(await call(t, "GET", "/acme/_apis/patina/members"), 401, "no credential");
    await expectUnchanged();
  });

  it("needs the Member Entitlement Management scopes: read to list, write to change", async () => {
    expectRefusal(await call(t, "GET", "/acme/_apis/patina/members", { token: f.aliceUnrelated }), 403, "no scope");
    expect((await call(t, "GET", "/acme/_apis/patina/members", { token: f.aliceWrite })).statusCode).toBe(200);
    for (const [method, path, body] of [
      ["POST", "/acme/_apis/patina/members", { user: "dave", role: "reader" }],
      ["PATCH", `/acme/_apis/patina/members/${f.ids.bob}`, { role: "admin" }],
      ["DELETE", `/acme/_apis/patina/members/${f.ids.bob}`, undefined],
    ] as const) {
      const response = await call(t, method, path, { token: f.aliceRead, body });
      expectRefusal(response, 403, `read-only ${method}`);
      expect((response.json() as { message: string }).message).toContain("vso.memberentitlementmanagement_write");
    }
    await expectUnchanged();
  });

  it("answers bad bodies with 400 and never repeats them", async () => {
    const bodies: [string, unknown][] = [
      ["empty object", {}],
      ["empty user", { user: "", role: "reader" }],
      ["no role", { user: "dave" }],
      ["unknown role", { user: "dave", role: "owner" }],
      ["role of another case", { user: "dave", role: "Admin" }],
      ["number user", { user: 42, role: "reader" }],
      ["array user", { user: ["dave"], role: "reader" }],
      ["null role", { user: "dave", role: null }],
      ["extra field", { user: "dave", role: "reader", isAdmin: true }],
      ["huge user", { user: HUGE, role: "reader" }],
      ["array body", [{ user: "dave", role: "reader" }]],
      ["string body", "dave"],
      ["bad descriptor", { user: "patina.garbage", role: "reader" }],
    ];
    for (const [label, body] of bodies) {
      const response = await call(t, "POST", "/acme/_apis/patina/members", { token: f.aliceWrite, body });
      expect(response.statusCode, label).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, label).toBeLessThan(500);
      expectRefusal(response, response.statusCode, label);
      expect(response.body, label).not.toContain("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    }
    for (const payload of [
      '{"user":"da\\u0000ve","role":"reader"}',
      '{"user":"\\ud800","role":"reader"}',
      '{"user":"dave","role":"reader\\udfff"}',
      '{"user":"dave",',
      "",
    ]) {
      expectRefusal(await raw("POST", "/acme/_apis/patina/members", payload), 400, payload);
    }
    for (const payload of ['{"role":"\\u0000"}', '{"role":"\\ud800"}', '{"role":5}', '{"role":"admin","x":1}', "{}"]) {
      expectRefusal(await raw("PATCH", `/acme/_apis/patina/members/${f.ids.bob}`, payload), 400, payload);
    }
    await expectUnchanged();
  });

  it("answers bad URLs and queries with a 4xx, not a 500", async () => {
    const queries = [
      "?$top=0",
      "?$top=101",
      "?$top=two",
      "?continuationToken=abc",
      `?search=${"y".repeat(300)}`,
      "?search=a%00b",
      "?search=%ED%A0%80",
    ];
    for (const query of queries) {
      const response = await call(t, "GET", `/acme/_apis/patina/members${query}`, { token: f.aliceRead });
      expect(response.statusCode, query).toBeGreaterThanOrEqual(200);
      expect(response.statusCode, query).toBeLessThan(500);
      if (response.statusCode !== 200) expectRefusal(response, 400, query);
    }
    for (const query of queries.slice(0, 6)) {
      expectRefusal(await call(t, "GET", `/acme/_apis/patina/members${query}`, { token: f.aliceRead }), 400, query);
    }
    for (const id of ["a%00b", "%ED%A0%80", "y".repeat(300), "..%2F..%2Fx"]) {
      const response = await call(t, "DELETE", `/acme/_apis/patina/members/${id}`, { token: f.aliceWrite });
      expect(response.statusCode, id).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, id).toBeLessThan(500);
      expectRefusal(response, response.statusCode, id);
    }
    // A write without an api-version is a 400, as in Azure DevOps.
    expectRefusal(
      await call(t, "POST", "/acme/_apis/patina/members", {
        token: f.aliceWrite,
        body: { user: "dave", role: "reader" },
        apiVersion: null,
      }),
      400,
      "no api-version",
    );
    await expectUnchanged();
  });
});
