/**
 * `patina user disable|enable`: a disabled user's tokens stop working on a running server (through
 * the change feed, since the CLI is another process) and work again once enabled.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { type LiveServer, startLiveServer } from "./live-server.js";
import { type CliStore, createCliStore, runOk } from "./run-cli.js";

describe.each(testDatabases())("patina user disable/enable on $name", (database) => {
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

  /** The test's patience; the change feed brings the change in well under it. */
  const PATIENCE_MS = 2000;
  const statusWithin = (token: string, expected: number) => server.statusWithin(token, expected, PATIENCE_MS);

  it("stops and restores a user's tokens", async () => {
    await runOk(cli, ["user", "add", "dave", "--email", "dave@example.com"]);
    await runOk(cli, ["org", "add", "acme", "--owner", "dave"]);
    const created = await runOk(cli, [
      "token",
      "create",
      "--user",
      "dave",
      "--org",
      "acme",
      "--name",
      "t",
      "--scope",
      "vso.pats",
    ]);
    const token = created.stdout.trim();
    expect((await server.listPats(token)).status).toBe(200);

    const disabled = await runOk(cli, ["user", "disable", "dave"]);
    expect(disabled.stdout).toBe("Disabled user 'dave'.\n");
    expect(await statusWithin(token, 401)).toBe(401);

    await runOk(cli, ["user", "enable", "dave"]);
    expect(await statusWithin(token, 200)).toBe(200);
  });

  it("refuses an unknown user", async () => {
    const result = await cli.run(["user", "disable", "nobody"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("patina: No user named 'nobody'.\n");
  });
});
