/**
 * SQLite held by another writer (a long CLI run, a backup tool holding the write lock): once the
 * busy timeout has passed, a request that needs to write gets 503 with Retry-After and the
 * catalog's sentence, never a 500; reads go on (WAL), and once the lock is released everything
 * works, with exactly the rows of what succeeded.
 */
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { ERROR_CATALOG } from "../../src/http/error-catalog.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";

const sqlite = testDatabases().find((d) => d.name === "sqlite");

describe.runIf(sqlite)("a busy SQLite database", () => {
  let t: TestApp;
  let holder: SqliteDatabase.Database | undefined;

  afterEach(async () => {
    holder?.close();
    await t?.close();
  });

  it("answers a write 503 while another process holds the write lock, and works after", async () => {
    if (!sqlite) throw new Error("unreachable");
    t = await startTestApp(sqlite);
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
    const pat = await t.mintToken("alice", { org: "acme", scope: "vso.pats_manage" });
    const create = (displayName: string) =>
      call(t, "POST", "/acme/_apis/tokens/pats", { token: pat.token, body: { displayName, scope: "vso.pats_manage" } });

    holder = new SqliteDatabase(path.join(t.dataDir, "patina.sqlite"));
    holder.exec("BEGIN IMMEDIATE");
    const refused = await create("made while locked");
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.headers["retry-after"]).toBe("5");
    expect(refused.json().message).toBe(ERROR_CATALOG.storeUnavailable.message);
    expect(refused.body).not.toMatch(/SQLITE|locked|busy|\.js\b/i);
    // Reads see the last committed state meanwhile (WAL): the probe and a read-only call answer.
    expect((await t.app.server.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
    expect((await call(t, "GET", "/_apis/connectionData", { token: pat.token })).statusCode).toBe(200);
    expect(t.logs.join("\n")).toContain('"storeError":"SQLITE_BUSY');

    holder.exec("ROLLBACK");
    const created = await create("made after");
    expect(created.statusCode, created.body).toBe(200);
    const db = t.app.services.store.db;
    const names = await db.selectFrom("tokens").select("displayName").execute();
    expect(names.map((row) => row.displayName).sort()).toEqual(["made after", "test token"]);
    const events = await db
      .selectFrom("auditEvents")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("eventType", "=", "Token.PatCreateEvent")
      .executeTakeFirstOrThrow();
    expect(Number(events.count)).toBe(2);
  });
});
