/**
 * The request that made a change answers only once every live instance applied it
 * (src/db/change-barrier.ts). The other instance here is a plain PostgreSQL client that listens
 * the way an instance does (application_name `patina-change-feed:<id>`) and acknowledges when
 * the test says so, so the order of events is observed rather than raced.
 */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { BARRIER_TIMEOUT_MS, LISTENER_NAME_PREFIX } from "../../src/db/change-barrier.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const postgres = testDatabases().find((d) => d.name === "postgres");
const SHARED = { PATINA_SECRET: "a-shared-secret-of-at-least-32-characters", PATINA_TOKEN_CACHE_TTL_MS: "60000" };
const FAKE_ID = "fake-instance-0000";

describe.runIf(postgres)("a change waits for every live instance on PostgreSQL", () => {
  let t: TestApp | undefined;
  let fake: pg.Client | undefined;
  afterEach(async () => {
    await fake?.end();
    await t?.close();
  });

  /** A listening "instance" that records what it hears, in order. */
  async function startFake(url: string) {
    const heard: string[] = [];
    const barriers: string[] = [];
    fake = new pg.Client({ connectionString: url, application_name: `${LISTENER_NAME_PREFIX}${FAKE_ID}` });
    await fake.connect();
    fake.on("notification", (message) => {
      const payload = JSON.parse(message.payload ?? "{}");
      if (typeof payload.barrier === "string") {
        heard.push("barrier");
        barriers.push(payload.barrier);
      } else if (typeof payload.kind === "string") heard.push(payload.kind);
    });
    await fake.query("LISTEN patina_changes");
    const ack = async (barrier: string) => {
      heard.push("ack");
      await fake?.query("select pg_notify('patina_changes', $1)", [JSON.stringify({ ack: barrier, origin: FAKE_ID })]);
    };
    return { heard, barriers, ack };
  }

  it("answers a revoke only after the other instance acknowledged, which heard the change first", async () => {
    if (!postgres) return;
    t = await startTestApp(postgres, SHARED);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    const pat = await t.mintToken("alice", { org: "acme", scope: "vso.pats" });
    const other = await startFake(t.app.services.config.databaseUrl ?? "");
    let answered = false;
    const revoke = t.revokeToken("alice", pat.authorizationId).then(() => {
      answered = true;
      other.heard.push("answered");
    });
    while (other.barriers.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(answered).toBe(false);
    await other.ack(other.barriers[0] ?? "");
    await revoke;
    expect(other.heard).toEqual(["token", "barrier", "ack", "answered"]);
  });

  it("answers after the bound when an instance does not acknowledge, and names it in the log", async () => {
    if (!postgres) return;
    t = await startTestApp(postgres, SHARED);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    const pat = await t.mintToken("alice", { org: "acme", scope: "vso.pats" });
    const other = await startFake(t.app.services.config.databaseUrl ?? "");
    await t.revokeToken("alice", pat.authorizationId);
    expect(other.heard).toEqual(["token", "barrier"]);
    const warning = t.logs.find((line) => line.includes("not acknowledged in time"));
    expect(warning).toContain(FAKE_ID);
    expect(warning).toContain(String(BARRIER_TIMEOUT_MS));
  });
});
