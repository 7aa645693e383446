/**
 * Changes made by another process (the `patina` CLI) are honoured by a running server within
 * 250 ms, whatever the token cache TTL: through the change log on SQLite, through NOTIFY on
 * PostgreSQL. The server runs with a 60 s cache so that the TTL cannot be what saves the test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { type LiveServer, startLiveServer } from "./live-server.js";
import { type CliStore, createCliStore, runOk } from "./run-cli.js";

/** The promised bound for a change made by another process. */
const BOUND_MS = 250;

describe.each(testDatabases())("changes made by the CLI while the server runs on $name", (database) => {
  let cli: CliStore;
  let server: LiveServer;

  beforeAll(async () => {
    cli = await createCliStore(database);
    server = await startLiveServer(cli, { PATINA_TOKEN_CACHE_TTL_MS: "60000" });
    await runOk(cli, ["user", "add", "alice", "--email", "alice@example.com"]);
    await runOk(cli, ["user", "add", "bob", "--email", "bob@example.com"]);
    await runOk(cli, ["org", "add", "acme", "--owner", "alice"]);
    await runOk(cli, ["org", "member", "add", "acme", "bob", "--role", "reader"]);
  });
  afterAll(async () => {
    await server?.close();
    await cli?.drop();
  });

  const status = async (token: string) => (await server.listPats(token)).status;
  const statusWithinBound = (token: string, expected: number) => server.statusWithin(token, expected, BOUND_MS);

  async function mint(user: string, name: string): Promise<string> {
    const created = await runOk(cli, [
      "token",
      "create",
      "--user",
      user,
      "--org",
      "acme",
      "--name",
      name,
      "--scope",
      "vso.pats",
    ]);
    return created.stdout.trim();
  }

  it("refuses a token revoked by the CLI within 250 ms", async () => {
    const token = await mint("alice", "revoked-by-cli");
    expect(await status(token)).toBe(200);
    expect(await status(token)).toBe(200); // cached now, for a minute
    const listed = await runOk(cli, ["token", "list", "--user", "alice", "--json"]);
    const id = (JSON.parse(listed.stdout) as { authorizationId: string; displayName: string }[]).find(
      (view) => view.displayName === "revoked-by-cli",
    )?.authorizationId;
    await runOk(cli, ["token", "revoke", "--user", "alice", id ?? ""]);
    expect(await statusWithinBound(token, 401)).toBe(401);
  });

  it("refuses a disabled user's token within 250 ms, and honours it again once enabled", async () => {
    const token = await mint("bob", "bob-disabled");
    expect(await status(token)).toBe(200);
    await runOk(cli, ["user", "disable", "bob"]);
    expect(await statusWithinBound(token, 401)).toBe(401);
    await runOk(cli, ["user", "enable", "bob"]);
    expect(await statusWithinBound(token, 200)).toBe(200);
  });
});
