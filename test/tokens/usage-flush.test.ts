/**
 * Batched usage survives a failed flush (issue 7, finding 10): entries are marked clean only
 * after they are written, so a write that fails is retried by the next flush, and a use that
 * lands while a flush is writing is written by the next one.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, RootOperationNode } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { UsageRecorder } from "../../src/tokens/usage-recorder.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

/** A plugin that calls `onUpdate` when an UPDATE is about to be sent (it may throw to fail it). */
function onUpdates(onUpdate: () => void): KyselyPlugin {
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (args.node.kind === "UpdateQueryNode") onUpdate();
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
}

describe.each(testDatabases())("usage flushing on $name", (database) => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  async function start() {
    t = await startTestApp(database);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    return t.mintToken("alice", { org: "acme", scope: "vso.pats" });
  }
  const stored = (authorizationId: string) =>
    t.app.services.store.db
      .selectFrom("tokens")
      .select(["lastUsedAt", "lastUsedIps"])
      .where("authorizationId", "=", authorizationId)
      .executeTakeFirstOrThrow();

  it("writes the usage on the next flush after a flush that failed", async () => {
    const pat = await start();
    let failures = 1;
    const recorder = new UsageRecorder(
      t.app.services.store.db.withPlugin(
        onUpdates(() => {
          if (failures-- > 0) throw new Error("the store is unavailable");
        }),
      ),
    );
    const usedAt = t.clock.now().getTime();
    recorder.record(pat.authorizationId, "10.0.0.7", usedAt);
    await expect(recorder.flush()).rejects.toThrow("the store is unavailable");
    expect((await stored(pat.authorizationId)).lastUsedAt).toBeNull();

    await recorder.flush();
    const usage = await stored(pat.authorizationId);
    expect(usage.lastUsedAt).toBe(new Date(usedAt).toISOString());
    expect(JSON.parse(usage.lastUsedIps)).toEqual(["10.0.0.7"]);
  });

  it("keeps a use that lands while its entry is being written", async () => {
    const pat = await start();
    const firstUse = t.clock.now().getTime();
    let recorder: UsageRecorder | undefined;
    let landed = false;
    recorder = new UsageRecorder(
      t.app.services.store.db.withPlugin(
        onUpdates(() => {
          // The write's values are already taken; this use must not be marked clean with them.
          if (landed) return;
          landed = true;
          recorder?.record(pat.authorizationId, "10.0.0.9", firstUse + 5000);
        }),
      ),
    );
    recorder.record(pat.authorizationId, "10.0.0.8", firstUse);
    await recorder.flush();
    expect((await stored(pat.authorizationId)).lastUsedAt).toBe(new Date(firstUse).toISOString());

    await recorder.flush();
    const usage = await stored(pat.authorizationId);
    expect(usage.lastUsedAt).toBe(new Date(firstUse + 5000).toISOString());
    expect(JSON.parse(usage.lastUsedIps)).toEqual(["10.0.0.9", "10.0.0.8"]);
  });
});
