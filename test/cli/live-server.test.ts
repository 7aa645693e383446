/**
 * Operator commands against a running server: the CLI and the server share one store (same
 * configuration), a CLI-minted token works over real HTTP, and a CLI revocation reaches the
 * server's token cache within its bound (the change feed: NOTIFY on PostgreSQL, the polled change
 * log on SQLite).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { type LiveServer, startLiveServer } from "./live-server.js";
import { type CliStore, createCliStore, runOk } from "./run-cli.js";

/** How long a revocation may take to reach the server (issue 7 asks 250 ms on SQLite; this is the test's patience). */
const REVOCATION_BOUND_MS = 1500;

describe.each(testDatabases())("CLI while the server runs on $name", (database) => {
  let cli: CliStore;
  let server: LiveServer;

  beforeAll(async () => {
    cli = await createCliStore(database);
    server = await startLiveServer(cli);
  });
  afterAll(async () => {
    await server?.close();
    await cli?.drop();
  });

  const listPats = (token: string) => server.listPats(token);

  it("serves a CLI-minted token, and stops honouring it soon after a CLI revoke", async () => {
    await runOk(cli, ["user", "add", "alice", "--email", "alice@example.com"]);
    await runOk(cli, ["org", "add", "acme", "--owner", "alice"]);
    const created = await runOk(cli, [
      "token",
      "create",
      "--user",
      "alice",
      "--org",
      "acme",
      "--name",
      "live",
      "--scope",
      "vso.pats",
      "--days",
      "1",
    ]);
    const token = created.stdout.trim();

    const before = await listPats(token);
    expect(before.status).toBe(200);
    const body = (await before.json()) as { patTokens: { authorizationId: string; displayName: string }[] };
    const live = body.patTokens.find((view) => view.displayName === "live");
    expect(live).toBeDefined();
    expect(JSON.stringify(body)).not.toContain(token);

    // Cached now: the revocation has to reach a server that has just verified this token.
    expect((await listPats(token)).status).toBe(200);
    await runOk(cli, ["token", "revoke", "--user", "alice", live?.authorizationId ?? ""]);
    expect(await server.statusWithin(token, 401, REVOCATION_BOUND_MS)).toBe(401);
  });
});
