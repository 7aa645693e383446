/**
 * Daily usage is written in batches without losing or doubling a count: a failed write is
 * retried by the next flush, a write that committed is never repeated, and two instances
 * writing the same token-day both keep their counts. Pruning keeps 90 days.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, RootOperationNode } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { UsageRecorder } from "../../src/tokens/usage-recorder.js";
import { readUsageDays } from "../../src/usage/usage.repository.js";
import { createUsagePruneJob } from "../../src/usage/usage-prune.job.js";
import { testDatabases } from "../support/databases.js";
import { DAY_MS, startTestApp, type TestApp } from "../support/test-app.js";

/** A plugin that calls `onInsert` when an INSERT (the daily upsert) is about to be sent; it may throw to fail it. */
function onInserts(onInsert: () => Promise<void> | void): KyselyPlugin {
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (args.node.kind === "InsertQueryNode") void onInsert();
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
}

describe.each(testDatabases())("daily usage flushing on $name", (database) => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  async function start() {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    return t.mintToken("alice", { org: "acme", scope: "vso.code vso.pats" });
  }
  const db = () => t.app.services.store.db;
  const today = () => t.clock.now().toISOString().slice(0, 10);
  const storedDays = (authorizationId: string) => readUsageDays(db(), authorizationId, "0000-00-00", "9999-99-99");

  it("retries a failed write on the next flush and counts each request once", async () => {
    const pat = await start();
    let failures = 1;
    const recorder = new UsageRecorder(
      db().withPlugin(
        onInserts(() => {
          if (failures-- > 0) throw new Error("the store is unavailable");
        }),
      ),
    );
    const now = t.clock.now().getTime();
    recorder.record(pat.authorizationId, "10.0.0.7", now, "vso.code", "git/2.45");
    recorder.record(pat.authorizationId, "10.0.0.8", now, undefined, "git/2.45");
    await expect(recorder.flush()).rejects.toThrow("the store is unavailable");
    expect(await storedDays(pat.authorizationId)).toEqual([]);

    await recorder.flush();
    await recorder.flush();
    const [day] = await storedDays(pat.authorizationId);
    expect(day).toMatchObject({
      date: today(),
      requests: 2,
      scopes: { "vso.code": 1, none: 1 },
      clientAddresses: ["10.0.0.7", "10.0.0.8"],
      userAgents: ["git/2.45"],
    });
    expect(recorder.unwrittenDays(pat.authorizationId)).toEqual([]);
  });

  it("adds to what is stored on later flushes, merging the addresses and agents", async () => {
    const pat = await start();
    const recorder = new UsageRecorder(db());
    const now = t.clock.now().getTime();
    recorder.record(pat.authorizationId, "10.0.0.1", now, "vso.code", "a".repeat(300));
    await recorder.flush();
    recorder.record(pat.authorizationId, "10.0.0.2", now + 1000, "vso.code", "git/2.45");
    recorder.record(pat.authorizationId, "10.0.0.1", now + 2000, "vso.pats", "a".repeat(300));
    await recorder.flush();
    const [day] = await storedDays(pat.authorizationId);
    expect(day).toMatchObject({
      requests: 3,
      scopes: { "vso.code": 2, "vso.pats": 1 },
      clientAddresses: ["10.0.0.1", "10.0.0.2"],
      userAgents: ["a".repeat(200), "git/2.45"],
    });
  });

  it("keeps both instances' counts when another instance writes the same day first", async () => {
    const pat = await start();
    // The other instance: its own connection to the same database.
    const second = await startTestApp(database, {}, t);
    const other = new UsageRecorder(second.app.services.store.db);
    const now = t.clock.now().getTime();
    other.record(pat.authorizationId, "10.0.0.9", now, "vso.code", "other/1");
    // This instance reads the day (no row yet); the other writes it before this one's write.
    const readsOfDays = new Set<unknown>();
    let interleaved = false;
    const plugin: KyselyPlugin = {
      transformQuery(args) {
        if (args.node.kind === "SelectQueryNode" && JSON.stringify(args.node).includes("token_usage_days")) {
          readsOfDays.add(args.queryId);
        }
        return args.node;
      },
      async transformResult(args) {
        if (readsOfDays.has(args.queryId) && !interleaved) {
          interleaved = true;
          await other.flush();
        }
        return args.result;
      },
    };
    const mine = new UsageRecorder(db().withPlugin(plugin));
    mine.record(pat.authorizationId, "10.0.0.1", now, "vso.code", "mine/1");
    mine.record(pat.authorizationId, "10.0.0.1", now, "vso.pats", "mine/1");
    await mine.flush();
    expect(interleaved).toBe(true);
    await other.flush();
    await second.close();
    const [day] = await storedDays(pat.authorizationId);
    expect(day?.requests).toBe(3);
    expect(day?.scopes).toEqual({ "vso.code": 2, "vso.pats": 1 });
    expect([...(day?.clientAddresses ?? [])].sort()).toEqual(["10.0.0.1", "10.0.0.9"]);
    expect([...(day?.userAgents ?? [])].sort()).toEqual(["mine/1", "other/1"]);
  });

  it("runs overlapping flushes one after the other, so nothing is written twice", async () => {
    const pat = await start();
    const recorder = new UsageRecorder(db());
    recorder.record(pat.authorizationId, "10.0.0.1", t.clock.now().getTime(), "vso.code");
    await Promise.all([recorder.flush(), recorder.flush(), recorder.flush()]);
    const [day] = await storedDays(pat.authorizationId);
    expect(day?.requests).toBe(1);
  });

  it("keeps 90 days: the pruning job deletes older days", async () => {
    const pat = await start();
    const recorder = new UsageRecorder(db());
    const first = t.clock.now().getTime();
    recorder.record(pat.authorizationId, "10.0.0.1", first, "vso.code");
    recorder.record(pat.authorizationId, "10.0.0.1", first + DAY_MS, "vso.code");
    await recorder.flush();
    const job = createUsagePruneJob(db());
    expect(job.name).toBe("usage.prune");

    t.clock.advance(89 * DAY_MS);
    await job.run(t.clock.now());
    expect(await storedDays(pat.authorizationId)).toHaveLength(2);
    t.clock.advance(DAY_MS);
    await job.run(t.clock.now());
    const left = await storedDays(pat.authorizationId);
    expect(left.map((day) => day.date)).toEqual([new Date(first + DAY_MS).toISOString().slice(0, 10)]);
    await job.run(t.clock.now());
    expect(await storedDays(pat.authorizationId)).toHaveLength(1);
  });
});
