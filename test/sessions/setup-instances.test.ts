/**
 * The first-run setup code lives in the store (as a hash): every instance prints a code of its
 * own, any instance accepts any of them, setup completes exactly once across instances, and a
 * code ends with the instance that printed it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { PASSWORD } from "./support.js";

const SETUP = "/_apis/patina/setup";
const SHARED = { PATINA_SECRET: "a-shared-secret-of-at-least-32-characters" };

const form = (code: string, username: string, organization: string) => ({
  code,
  username,
  password: PASSWORD,
  email: `${username}@example.com`,
  organization,
});
const post = (t: TestApp, payload: object) => t.app.server.inject({ method: "POST", url: SETUP, payload });
const codeOf = (t: TestApp) => {
  const code = t.app.setupCode();
  if (code === null) throw new Error("setup should be pending with a code");
  return code;
};

/** Users and organizations in the store, by name. */
async function directory(t: TestApp) {
  const db = t.app.services.store.db;
  const users = await db.selectFrom("users").select(["username", "isAdmin"]).execute();
  const orgs = await db.selectFrom("organizations").select("name").execute();
  return { users: users.map((u) => `${u.username}${u.isAdmin ? " (admin)" : ""}`), orgs: orgs.map((o) => o.name) };
}

describe.each(testDatabases())("first-run setup across instances on $name", (database) => {
  // Later instances share the first one's store, which the first one drops when it closes last.
  const started: TestApp[] = [];
  const start = async (shareWith?: TestApp) => {
    const t = await startTestApp(database, SHARED, shareWith);
    started.push(t);
    return t;
  };
  afterEach(async () => {
    const [owner, ...others] = started.splice(0);
    for (const t of others.reverse()) await t.app.close();
    await owner?.close();
  });

  it("gives every instance its own code, and any instance accepts any of them exactly once", async () => {
    const first = await start();
    const second = await start(first);
    const [firstCode, secondCode] = [codeOf(first), codeOf(second)];
    expect(secondCode).not.toBe(firstCode);
    const done = await post(second, form(firstCode, "root", "acme"));
    expect(done.statusCode, done.body).toBe(200);
    expect(second.app.setupCode()).toBeNull();
    expect((await post(first, form(firstCode, "again", "beta"))).statusCode).toBe(409);
    expect((await post(first, form(secondCode, "again", "beta"))).statusCode).toBe(409);
    expect(await directory(first)).toEqual({ users: ["root (admin)"], orgs: ["acme"] });
  });

  it("keeps only hashes of the codes in the store, and the codes out of the logs", async () => {
    const first = await start();
    const second = await start(first);
    const db = first.app.services.store.db;
    const stored = JSON.stringify(await db.selectFrom("setupCodes").selectAll().execute());
    expect(JSON.parse(stored)).toHaveLength(2);
    for (const t of [first, second]) {
      expect(stored).not.toContain(codeOf(t));
      expect([...first.logs, ...second.logs].join("\n")).not.toContain(codeOf(t));
    }
    expect(second.logs.some((line) => line.includes("first-run setup is pending"))).toBe(true);
  });

  it("ends a code with the instance that printed it; a restart prints a new one that works", async () => {
    const first = await start();
    const firstCode = codeOf(first);
    const second = await start(first);
    const secondCode = codeOf(second);
    await second.app.close();
    expect(second.app.setupCode()).toBeNull();
    const restarted = await start(first);
    expect(codeOf(restarted)).not.toBe(secondCode);
    expect((await post(first, form(secondCode, "root", "acme"))).statusCode).toBe(403);
    expect((await post(restarted, form(firstCode, "root", "acme"))).statusCode).toBe(200);
  });

  it("voids every code once setup is done, and issues none at the next start", async () => {
    const first = await start();
    const second = await start(first);
    expect((await post(first, form(codeOf(first), "root", "acme"))).statusCode).toBe(200);
    expect(await first.app.services.store.db.selectFrom("setupCodes").selectAll().execute()).toEqual([]);
    expect((await start(first)).app.setupCode()).toBeNull();
    expect((await post(second, form(codeOf(second), "other", "beta"))).statusCode).toBe(409);
  });

  it("releases at the next start a claim whose instance died before creating anyone, not a recent one", async () => {
    const first = await start();
    const claim = (minutesAgo: number) =>
      first.app.services.store.db
        .insertInto("firstRunSetup")
        .values({
          id: "setup",
          codeHash: "x",
          startedAt: new Date(first.clock.now().getTime() - minutesAgo * 60_000).toISOString(),
        })
        .execute();
    await claim(0);
    expect((await post(first, form(codeOf(first), "root", "acme"))).statusCode).toBe(409);
    const second = await start(first);
    expect((await post(second, form(codeOf(second), "root", "acme"))).statusCode).toBe(409);
    await first.app.services.store.db.deleteFrom("firstRunSetup").execute();
    await claim(5);
    const third = await start(first);
    expect(third.logs.some((line) => line.includes("never finished"))).toBe(true);
    expect((await post(third, form(codeOf(third), "root", "acme"))).statusCode).toBe(200);
    expect(await directory(first)).toEqual({ users: ["root (admin)"], orgs: ["acme"] });
  });
});

// Racing instances: PostgreSQL only, since SQLite is one server process by design.
const postgres = testDatabases().find((d) => d.name === "postgres");

describe.runIf(postgres)("two instances racing first-run setup on PostgreSQL", () => {
  const started: TestApp[] = [];
  afterEach(async () => {
    const [owner, ...others] = started.splice(0);
    for (const t of others.reverse()) await t.app.close();
    await owner?.close();
  });

  it.each([
    ["each with its own code", false],
    ["both with the same code", true],
  ])("lets exactly one complete, %s", async (_name, sameCode) => {
    if (!postgres) return;
    const first = await startTestApp(postgres, SHARED);
    started.push(first);
    const second = await startTestApp(postgres, SHARED, first);
    started.push(second);
    const secondCode = sameCode ? codeOf(first) : codeOf(second);
    const responses = await Promise.all([
      post(first, form(codeOf(first), "ada", "acme")),
      post(second, form(secondCode, "bob", "beta")),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = responses[0]?.statusCode === 200 ? { users: ["ada (admin)"], orgs: ["acme"] } : undefined;
    expect(await directory(first)).toEqual(winner ?? { users: ["bob (admin)"], orgs: ["beta"] });
  });
});
