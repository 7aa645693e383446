/**
 * The change log on its own: other processes' changes are delivered in order and a process's
 * own are skipped, old rows are pruned, sequence numbers are never reused after pruning, and a
 * burst too large to apply one by one clears the caches instead.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ChangeEvent } from "../../src/db/change-events.js";
import { type ChangeLogTiming, pollChangeLog, recordInChangeLog } from "../../src/db/sqlite-change-log.js";
import { createLogger } from "../../src/logger.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const FAST: ChangeLogTiming = { pollIntervalMs: 10, keepMs: 60_000, pruneEveryPolls: 1 };
const until = async (condition: () => boolean | Promise<boolean>) => {
  const deadline = Date.now() + 3000;
  while (!(await condition()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
};

describe.each(testDatabases())("the change log on $name", (database) => {
  let t: TestApp;
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
    await t?.close();
  });

  async function subscribe() {
    const changes: ChangeEvent[] = [];
    let resyncs = 0;
    const listener = { changed: (event: ChangeEvent) => void changes.push(event), resync: () => void resyncs++ };
    stop = await pollChangeLog(t.app.services.store.db, "me", listener, createLogger("silent"), FAST);
    return { changes, resyncs: () => resyncs };
  }
  const record = (event: ChangeEvent, origin: string) =>
    recordInChangeLog(t.app.services.store.db, JSON.stringify(event), origin);
  const rows = () => t.app.services.store.db.selectFrom("changeLog").select("seq").orderBy("seq").execute();

  it("delivers other processes' changes in order, skips its own, and clears on start", async () => {
    t = await startTestApp(database);
    await record({ kind: "all" }, "other"); // before the subscription: covered by the clear on start
    const seen = await subscribe();
    expect(seen.resyncs()).toBe(1);
    await record({ kind: "token", authorizationId: "a1" }, "other");
    await record({ kind: "user", userId: "u1" }, "me");
    await record({ kind: "membership", userId: "u2" }, "other");
    expect(await until(() => seen.changes.length === 2)).toBe(true);
    expect(seen.changes).toEqual([
      { kind: "token", authorizationId: "a1" },
      { kind: "membership", userId: "u2" },
    ]);
  });

  it("prunes rows older than the keep window, and never reuses a sequence number", async () => {
    t = await startTestApp(database);
    const db = t.app.services.store.db;
    await db
      .insertInto("changeLog")
      .values({ event: '{"kind":"all"}', origin: "other", createdAt: "2000-01-01T00:00:00.000Z" })
      .execute();
    const [old] = await rows();
    await subscribe();
    expect(await until(async () => (await rows()).length === 0)).toBe(true);
    await record({ kind: "all" }, "other");
    const [next] = await rows();
    expect(next?.seq).toBeGreaterThan(old?.seq ?? Number.POSITIVE_INFINITY);
  });

  it("clears instead of applying a burst of more changes than one poll takes", async () => {
    t = await startTestApp(database);
    const seen = await subscribe();
    await t.app.services.store.db
      .insertInto("changeLog")
      .values(
        Array.from({ length: 600 }, (_, i) => ({
          event: JSON.stringify({ kind: "token", authorizationId: `a${i}` }),
          origin: "other",
          createdAt: new Date().toISOString(),
        })),
      )
      .execute();
    expect(await until(() => seen.resyncs() === 2)).toBe(true);
    await record({ kind: "token", authorizationId: "after" }, "other");
    expect(
      await until(() => seen.changes.some((event) => event.kind === "token" && event.authorizationId === "after")),
    ).toBe(true);
  });
});
