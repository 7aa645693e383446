/**
 * How the CLI fails when the command line or the configuration is wrong: usage errors exit 2,
 * an unreachable store exits 1, and each says so in one `patina: …` line without a stack trace.
 * None of these needs a database, so they run once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("patina usage and configuration errors", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patina-cli-usage-"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("prints help to stdout and exits 0, even with a bad configuration", async () => {
    const result = await runCli(["token", "create", "--help"], { PATINA_PORT: "not-a-port" });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--all-orgs");
    expect(result.stderr).toBe("");
  });

  it.each([
    ["no command", []],
    ["an unknown command", ["tokens", "list"]],
    ["an unknown option", ["token", "list", "--user", "alice", "--yaml"]],
    ["a missing required option", ["token", "revoke", "00000000-0000-0000-0000-000000000000"]],
  ])("exits 2 for %s", async (_case, args) => {
    const result = await runCli(args, { PATINA_DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("names the variable of a bad configuration value and exits 2", async () => {
    const result = await runCli(["token", "list", "--user", "alice"], {
      PATINA_DATA_DIR: dataDir,
      PATINA_DATABASE_URL: "mysql://localhost/patina",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^patina: PATINA_DATABASE_URL [^\n]+\n$/);
  });

  it("reports an unreachable database in one line, without its password", async () => {
    const result = await runCli(["user", "add", "alice", "--email", "alice@example.com"], {
      PATINA_DATA_DIR: dataDir,
      PATINA_DATABASE_URL: "postgres://patina:hunter2-secret@127.0.0.1:1/patina",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^patina: cannot open the store: [^\n]+\n$/);
    expect(result.stderr).not.toContain("hunter2-secret");
  });
});
