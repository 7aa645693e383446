/**
 * `patina user disable|enable`: a disabled user's tokens stop working on a running server (through
 * the change feed, since the CLI is another process) and work again once enabled.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type PatinaApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import { testDatabases } from "../support/databases.js";
import { type CliStore, createCliStore, runOk } from "./run-cli.js";

describe.each(testDatabases())("patina user disable/enable on $name", (database) => {
  let cli: CliStore;
  let app: PatinaApp;
  let base: string;

  beforeAll(async () => {
    cli = await createCliStore(database);
    app = await buildApp(loadConfig({ ...cli.env, PATINA_PORT: "0", PATINA_LOG_LEVEL: "silent" }));
    base = await app.server.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app?.close();
    await cli?.drop();
  });

  const status = async (token: string) =>
    (
      await fetch(`${base}/acme/_apis/tokens/pats?api-version=7.1`, {
        headers: { authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}` },
      })
    ).status;

  /** Polls until the status is the expected one or the bound (cache TTL plus margin) passes. */
  async function statusWithin(token: string, expected: number): Promise<number> {
    const start = Date.now();
    let seen = await status(token);
    while (seen !== expected && Date.now() - start < 2000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await status(token);
    }
    return seen;
  }

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
    expect(await status(token)).toBe(200);

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
