/**
 * A usage flush whose COMMIT reached PostgreSQL but whose answer was lost (the link died at that
 * moment): the flush fails, yet its counts are stored. The next flush must find the write's
 * receipt and not write the counts again: each request counted exactly once.
 */

import type { KyselyPlugin } from "kysely";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { UsageRecorder } from "../../src/tokens/usage-recorder.js";
import { testDatabases } from "../support/databases.js";
import { behindProxy, startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const postgres = testDatabases().find((d) => d.name === "postgres");
const ADMIN_URL = process.env.PATINA_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

describe.runIf(postgres)("a usage flush whose commit answer is lost", () => {
  let t: TestApp | undefined;
  let proxy: TcpProxy | undefined;

  afterEach(async () => {
    proxy?.restore();
    await t?.close();
    await proxy?.close();
  });

  it("is recognised by its receipt on the next flush, so nothing is counted twice", async () => {
    if (!postgres) throw new Error("unreachable");
    const server = new URL(ADMIN_URL);
    const link = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    proxy = link;
    const app = await startTestApp(behindProxy(postgres, link));
    t = app;
    await app.createUser("alice");
    await app.createOrg("acme", "alice");
    const pat = await app.mintToken("alice", { org: "acme", scope: "vso.code" });

    // Once the receipt's insert has been answered, answers stop: the COMMIT after it runs on the
    // server, and its answer never comes back.
    const insertsReceipt = new WeakSet<object>();
    const plugin: KyselyPlugin = {
      transformQuery(args) {
        if (args.node.kind === "InsertQueryNode" && JSON.stringify(args.node).includes("usage_write_receipts")) {
          insertsReceipt.add(args.queryId);
        }
        return args.node;
      },
      async transformResult(args) {
        if (insertsReceipt.has(args.queryId)) link.dropAnswers();
        return args.result;
      },
    };
    const recorder = new UsageRecorder(app.app.services.store.db.withPlugin(plugin));
    const now = app.clock.now().getTime();
    recorder.record(pat.authorizationId, "10.0.0.1", now, "vso.code");
    recorder.record(pat.authorizationId, "10.0.0.2", now, "vso.code");
    const flushing = recorder.flush();
    flushing.catch(() => {});

    // Seen from outside: the write committed.
    const databaseName = new URL(app.app.services.config.databaseUrl ?? "").pathname.slice(1);
    const outside = new URL(ADMIN_URL);
    outside.pathname = `/${databaseName}`;
    const observer = new pg.Client({ connectionString: outside.toString() });
    await observer.connect();
    const storedRequests = async () =>
      Number(
        (
          await observer.query<{ requests: string | null }>(
            "select sum(requests) as requests from token_usage_days where authorization_id = $1",
            [pat.authorizationId],
          )
        ).rows[0]?.requests ?? 0,
      );
    try {
      const deadline = Date.now() + 10_000;
      while ((await storedRequests()) === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(await storedRequests()).toBe(2);
      link.cut();
      await expect(flushing).rejects.toThrow();
      link.restore();

      await recorder.flush();
      await recorder.flush();
      expect(await storedRequests()).toBe(2);
      expect(recorder.unwrittenDays(pat.authorizationId)).toEqual([]);
    } finally {
      await observer.end();
    }
  });
});
