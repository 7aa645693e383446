/**
 * An organization always keeps an administrator: the last one can be neither demoted nor
 * removed (409), and two admins demoting or removing each other at the same moment leave one.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../../src/audit/audit-log.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";
import { auditCount, createMemberFixture, type MemberFixture, roster } from "./fixture.js";

describe.each(testDatabases())("the last administrator on $name", (database) => {
  let t: TestApp;
  let f: MemberFixture;

  beforeEach(async () => {
    t = await startTestApp(database);
    f = await createMemberFixture(t);
  });
  afterEach(async () => t?.close());

  const setRole = (token: string, userId: string, role: string) =>
    call(t, "PATCH", `/acme/_apis/patina/members/${userId}`, { token, body: { role } });
  const remove = (token: string, userId: string) =>
    call(t, "DELETE", `/acme/_apis/patina/members/${userId}`, { token });
  const admins = async () => (await roster(t, f.aliceRead)).filter((entry) => entry.endsWith(":admin"));

  it("refuses to demote or remove the last admin with a clear 409, and records nothing", async () => {
    expect((await remove(f.aliceWrite, f.ids.erin)).statusCode).toBe(204);
    const before = await auditCount(t);
    for (const response of [
      await setRole(f.aliceWrite, f.ids.alice, "contributor"),
      await setRole(f.aliceWrite, f.ids.alice, "reader"),
      await remove(f.aliceWrite, f.ids.alice),
    ]) {
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ $id: "1", eventId: 3000 });
      expect((response.json() as { message: string }).message).toMatch(/last administrator/);
    }
    expect(await admins()).toEqual(["alice:admin"]);
    expect(await auditCount(t)).toBe(before);
    // Promoting someone first makes it possible.
    expect((await setRole(f.aliceWrite, f.ids.bob, "admin")).statusCode).toBe(200);
    expect((await setRole(f.aliceWrite, f.ids.alice, "reader")).statusCode).toBe(200);
    expect(await roster(t, f.aliceRead).catch((error: Error) => error.message)).toMatch(/403/);
  });

  it("holds for the operator's directory too (patina org member add … --role)", async () => {
    const { directory } = t.app.services;
    expect((await remove(f.aliceWrite, f.ids.erin)).statusCode).toBe(204);
    expect(await directory.setMember(CLI_ACTOR, "acme", "alice", "reader")).toMatchObject({
      ok: false,
      code: "lastAdmin",
    });
    expect(await admins()).toEqual(["alice:admin"]);
    // Adding a member and changing others' roles work as before.
    expect((await directory.setMember(CLI_ACTOR, "acme", "erin", "admin")).ok).toBe(true);
    expect((await directory.setMember(CLI_ACTOR, "acme", "alice", "contributor")).ok).toBe(true);
    expect(await adminsVia("erin")).toEqual(["erin:admin"]);
  });

  it("lets an admin step down or leave while another admin remains", async () => {
    expect((await setRole(f.erinWrite, f.ids.erin, "contributor")).statusCode).toBe(200);
    expect(await admins()).toEqual(["alice:admin"]);
    expect((await setRole(f.aliceWrite, f.ids.erin, "admin")).statusCode).toBe(200);
    expect((await remove(f.erinWrite, f.ids.erin)).statusCode).toBe(204);
    expect(await admins()).toEqual(["alice:admin"]);
  });

  it("leaves an admin when two admins demote each other at the same moment", async () => {
    for (let round = 0; round < 5; round++) {
      const [first, second] = await Promise.all([
        setRole(f.aliceWrite, f.ids.erin, "reader"),
        setRole(f.erinWrite, f.ids.alice, "reader"),
      ]);
      const statuses = [first.statusCode, second.statusCode].sort();
      // One wins; the other is refused: by the rule (409), or because its caller is no longer an admin (403).
      expect(statuses[0], `round ${round}`).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      const remaining = await adminsVia(first.statusCode === 200 ? "alice" : "erin");
      expect(remaining, `round ${round}`).toHaveLength(1);
      // Restore both admins for the next round.
      const winner = first.statusCode === 200 ? f.aliceWrite : f.erinWrite;
      const loser = first.statusCode === 200 ? f.ids.erin : f.ids.alice;
      expect((await setRole(winner, loser, "admin")).statusCode).toBe(200);
    }
  });

  it("leaves an admin when two admins remove each other at the same moment", async () => {
    const [first, second] = await Promise.all([remove(f.aliceWrite, f.ids.erin), remove(f.erinWrite, f.ids.alice)]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses[0]).toBe(204);
    expect([401, 403, 409]).toContain(statuses[1]);
    const survivor = first.statusCode === 204 ? "alice" : "erin";
    expect(await adminsVia(survivor)).toEqual([`${survivor}:admin`]);
  });

  // Below the guard: both changes reach the database together, each with its caller still an admin.
  it("keeps an admin when the two changes meet in the database", async () => {
    const { members } = t.app.services;
    const orgId = await orgIdOf("acme");
    const as = (name: "alice" | "erin") => ({
      orgId,
      actor: { userId: f.ids[name], name, clientIp: null, userAgent: null },
      actingCredential: "token" as const,
    });
    for (let round = 0; round < 10; round++) {
      const change =
        round % 2 === 0
          ? [
              members.setRole(as("alice"), f.ids.erin, "reader"),
              members.setRole(as("erin"), f.ids.alice, "contributor"),
            ]
          : [members.remove(as("alice"), f.ids.erin), members.remove(as("erin"), f.ids.alice)];
      const outcomes = await Promise.all(change);
      const refused = outcomes.filter((outcome) => !outcome.ok);
      expect(refused, `round ${round}`).toEqual([expect.objectContaining({ code: "conflict" })]);
      const left = await t.app.services.store.db
        .selectFrom("orgMembers")
        .select("userId")
        .where("orgId", "=", orgId)
        .where("role", "=", "admin")
        .execute();
      expect(left, `round ${round}`).toHaveLength(1);
      for (const name of ["alice", "erin"] as const) await t.addMember("acme", name, "admin");
    }
  });

  async function orgIdOf(name: string): Promise<string> {
    const org = await t.app.services.store.db
      .selectFrom("organizations")
      .select("id")
      .where("name", "=", name)
      .executeTakeFirstOrThrow();
    return org.id;
  }

  /** The admins of acme, listed with a fresh token of `who` (still an admin). */
  async function adminsVia(who: string): Promise<string[]> {
    const token = (await t.mintToken(who, { org: "acme", scope: "vso.memberentitlementmanagement" })).token;
    return (await roster(t, token)).filter((entry) => entry.endsWith(":admin"));
  }
});
