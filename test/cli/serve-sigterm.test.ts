/**
 * `patina serve` stopped with SIGTERM, as a process manager or Kubernetes does it: a real child
 * process (bin/patina.js → dist/) on a fresh store. The git transfer in flight when the signal
 * arrives is served to its end, a new connection is refused, the usage recorded before the
 * signal (not yet flushed: the flush interval is an hour) is in the database afterwards, and the
 * process exits 0.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/db/database.js";
import { backendChildren, openGitPost, pktLine, waitFor } from "../git/git-backends.js";
import { refusedSoon } from "../support/connections.js";
import { testDatabases } from "../support/databases.js";
import { freePort } from "../support/free-port.js";
import { type CliStore, createCliStore, runOk } from "./run-cli.js";

const BIN = fileURLToPath(new URL("../../bin/patina.js", import.meta.url));
const LS_REFS = `${pktLine("command=ls-refs\n")}0001${pktLine("peel\n")}0000`;

describe.each(testDatabases())("patina serve and SIGTERM on $name", (database) => {
  let cli: CliStore | undefined;
  let server: ChildProcess | undefined;

  afterEach(async () => {
    if (server?.exitCode === null) server.kill("SIGKILL");
    await cli?.drop();
  });

  it("finishes the transfer in flight, refuses new connections, keeps the usage and exits 0", async () => {
    const store = await createCliStore(database);
    cli = store;
    await runOk(store, ["user", "add", "alice", "--email", "alice@example.com"]);
    await runOk(store, ["org", "add", "acme", "--owner", "alice"]);
    await runOk(store, ["project", "add", "acme/web"]);
    await runOk(store, ["repo", "add", "acme/web/app"]);
    const minted = await runOk(store, [
      ...["token", "create", "--user", "alice", "--org", "acme", "--name", "git"],
      ...["--scope", "vso.code", "--days", "1"],
    ]);
    const token = minted.stdout.trim();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [BIN, "serve"], {
      env: {
        PATH: process.env.PATH ?? "",
        ...store.env,
        PATINA_HOST: "127.0.0.1",
        PATINA_PORT: String(port),
        PATINA_USAGE_FLUSH_INTERVAL_MS: "3600000",
        PATINA_JOBS: "off",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server = child;
    let output = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await waitFor(() => output.includes("Patina is listening"), "the server to listen", 30_000);

    // Three uses before the signal: two API calls and the transfer's own authentication.
    const headers = { authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}` };
    for (let i = 0; i < 2; i++) {
      expect((await fetch(`${base}/_apis/connectionData?api-version=7.1`, { headers })).status).toBe(200);
    }
    const transfer = openGitPost(base, "acme/web/_git/app/git-upload-pack", token, { "git-protocol": "version=2" });
    transfer.write(LS_REFS.slice(0, 10));
    const pid = child.pid ?? 0;
    await waitFor(() => backendChildren(pid).length === 1, "the transfer's git backend to start");

    child.kill("SIGTERM");
    expect(await refusedSoon(base)).toBe(true);
    transfer.end(LS_REFS.slice(10));
    const answer = await transfer.answer;
    expect(answer.status).toBe(200);
    expect(answer.body.endsWith("0000")).toBe(true);
    expect(await exited, output).toBe(0);

    const stored = await openStore({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
    try {
      const days = await stored.db.selectFrom("tokenUsageDays").select(["requests"]).execute();
      expect(days.reduce((sum, day) => sum + Number(day.requests), 0)).toBe(3);
      const tokens = await stored.db.selectFrom("tokens").select("lastUsedAt").execute();
      expect(tokens.map((row) => row.lastUsedAt !== null)).toEqual([true]);
    } finally {
      await stored.close();
    }
    expect(output).toContain("shutting down");
    expect(output).not.toContain(token);
  }, 60_000);
});
