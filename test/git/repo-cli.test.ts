/**
 * `patina repo add ORG/PROJECT/REPO` as an operator runs it: a real process on a fresh store.
 * The repository lands in the store and on disk under ids, duplicates and bad input are refused
 * with one line and the usual exit codes.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliStore, createCliStore, runOk } from "../cli/run-cli.js";
import { testDatabases } from "../support/databases.js";

describe.each(testDatabases())("patina repo add on $name", (database) => {
  let cli: CliStore;
  beforeAll(async () => {
    cli = await createCliStore(database);
    await runOk(cli, ["user", "add", "alice", "--email", "alice@example.com"]);
    await runOk(cli, ["org", "add", "acme", "--owner", "alice"]);
    await runOk(cli, ["project", "add", "acme/web"]);
  });
  afterAll(async () => cli?.drop());

  it("creates an empty bare repository under the data directory, named by ids", async () => {
    const result = await runOk(cli, ["repo", "add", "acme/web/app"]);
    expect(result.stdout).toBe(
      "Created repository 'app'. Clone it with: git clone http://127.0.0.1:8080/acme/web/_git/app\n",
    );
    const root = path.join(cli.dataDir, "repos");
    const [orgDir] = fs.readdirSync(root);
    const [projectDir] = fs.readdirSync(path.join(root, orgDir ?? ""));
    const [repoDir] = fs.readdirSync(path.join(root, orgDir ?? "", projectDir ?? ""));
    expect(repoDir).toMatch(/^[0-9a-f-]{36}\.git$/);
    const dir = path.join(root, orgDir ?? "", projectDir ?? "", repoDir ?? "");
    expect(fs.readFileSync(path.join(dir, "HEAD"), "utf8").trim()).toBe("ref: refs/heads/main");
  });

  it("refuses a duplicate, an unknown project or organization, and a bad name with exit code 1", async () => {
    for (const [args, message] of [
      ["acme/web/APP", "already exists"],
      ["acme/nope/app", "project does not exist"],
      ["nope/web/app", "No organization named 'nope'"],
      ["acme/web/..", "not allowed"],
    ] as const) {
      const result = await cli.run(["repo", "add", args]);
      expect(result.code, args).toBe(1);
      expect(result.stderr, args).toContain(message);
    }
  });

  it("refuses a malformed path with exit code 2", async () => {
    for (const args of ["acme/web", "acme/web/app/extra", "acme//app"]) {
      const result = await cli.run(["repo", "add", args]);
      expect(result.code, args).toBe(2);
      expect(result.stderr).toContain("expected ORG/PROJECT/REPO");
    }
  });
});
