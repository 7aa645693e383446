/**
 * `patina token create | list | revoke` as real processes on SQLite and PostgreSQL: the
 * create output is the token alone, lists never carry a secret, revocation shows in the list,
 * and refusals are one line on stderr with a non-zero exit code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PatTokenView } from "../../src/tokens/pat-view.js";
import { testDatabases } from "../support/databases.js";
import { type CliStore, createCliStore, runOk } from "./run-cli.js";

/** `patina_` + 43 base62 body + 6 base62 checksum. */
const TOKEN_FORMAT = /^patina_[0-9A-Za-z]{49}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(testDatabases())("patina token on $name", (database) => {
  let cli: CliStore;
  const minted: string[] = [];

  beforeAll(async () => {
    cli = await createCliStore(database);
    await runOk(
      cli,
      ["user", "add", "alice", "--email", "alice@example.com", "--admin", "--password-stdin"],
      "pw-12345\n",
    );
    await runOk(cli, ["user", "add", "bob", "--email", "bob@example.com"]);
    await runOk(cli, ["org", "add", "acme", "--owner", "alice"]);
    await runOk(cli, ["org", "add", "globex", "--owner", "bob"]);
  });
  afterAll(async () => cli?.drop());

  async function listJson(): Promise<PatTokenView[]> {
    const result = await runOk(cli, ["token", "list", "--user", "alice", "--json"]);
    return JSON.parse(result.stdout) as PatTokenView[];
  }

  it("creates an organization token and prints only the token", async () => {
    const before = Date.now();
    const result = await runOk(cli, [
      "token",
      "create",
      "--user",
      "alice",
      "--org",
      "acme",
      "--name",
      "ci",
      "--scope",
      "vso.code vso.project",
      "--days",
      "30",
    ]);
    expect(result.stdout).toMatch(/^patina_\S+\n$/);
    const token = result.stdout.slice(0, -1);
    expect(token).toMatch(TOKEN_FORMAT);
    expect(token).toHaveLength(56);
    expect(result.stderr).toBe("");
    minted.push(token);

    const [listed] = await listJson();
    expect(listed).toMatchObject({ displayName: "ci", scope: "vso.code vso.project", status: "active", token: null });
    expect(listed?.targetAccounts).toHaveLength(1);
    const lifespan = new Date(listed?.validTo ?? 0).getTime() - before;
    expect(lifespan).toBeGreaterThan(30 * DAY_MS - 60_000);
    expect(lifespan).toBeLessThanOrEqual(30 * DAY_MS + 60_000);
  });

  it("creates an all-organizations token", async () => {
    const result = await runOk(cli, [
      "token",
      "create",
      "--user",
      "alice",
      "--all-orgs",
      "--name",
      "all",
      "--scope",
      "app_token",
      "--days",
      "7",
    ]);
    const token = result.stdout.trim();
    expect(token).toMatch(TOKEN_FORMAT);
    minted.push(token);
    const all = (await listJson()).find((view) => view.displayName === "all");
    expect(all).toMatchObject({ scope: "app_token", targetAccounts: null, status: "active" });
  });

  it("lists tokens for people and as JSON, never with their values", async () => {
    const table = await runOk(cli, ["token", "list", "--user", "alice"]);
    const json = await runOk(cli, ["token", "list", "--user", "alice", "--json"]);
    expect(table.stdout).toMatch(/AUTHORIZATION ID\s+NAME\s+STATUS/);
    expect(table.stdout).toMatch(/\bci\s+active\s+acme\b/);
    expect(table.stdout).toMatch(/\ball\s+active\s+all orgs\b/);
    const views = JSON.parse(json.stdout) as PatTokenView[];
    expect(views.map((view) => view.displayName).sort()).toEqual(["all", "ci"]);
    for (const view of views) expect(view.token).toBeNull();
    for (const token of minted) {
      expect(table.stdout).not.toContain(token);
      expect(json.stdout).not.toContain(token);
    }
  });

  it("lists only the user's own tokens", async () => {
    const bob = await runOk(cli, ["token", "list", "--user", "bob", "--json"]);
    expect(JSON.parse(bob.stdout)).toEqual([]);
  });

  it("revokes a token, which then lists as revoked", async () => {
    const ci = (await listJson()).find((view) => view.displayName === "ci");
    const id = ci?.authorizationId ?? "";
    const result = await runOk(cli, ["token", "revoke", "--user", "alice", id]);
    expect(result.stdout).toContain(id);
    const after = (await listJson()).find((view) => view.authorizationId === id);
    expect(after?.status).toBe("revoked");
    const active = await runOk(cli, ["token", "list", "--user", "alice", "--status", "active", "--json"]);
    expect((JSON.parse(active.stdout) as PatTokenView[]).map((view) => view.displayName)).toEqual(["all"]);
  });

  it("does not let one user revoke another's token", async () => {
    const all = (await listJson()).find((view) => view.displayName === "all");
    const result = await cli.run(["token", "revoke", "--user", "bob", all?.authorizationId ?? ""]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^patina: No personal access token/);
  });

  it("creates a patina.introspect token for an instance administrator", async () => {
    const args = ["token", "create", "--user", "alice", "--org", "acme", "--name", "svc", "--days", "7"];
    const result = await runOk(cli, [...args, "--scope", "patina.introspect"]);
    expect(result.stdout).toMatch(/^patina_\S+\n$/);
  });

  const create = ["token", "create", "--name", "x", "--scope", "vso.code", "--days", "30"];
  it.each([
    ["an unknown user", [...create, "--user", "zed", "--org", "acme"], 1, /No user named 'zed'/],
    ["an unknown organization", [...create, "--user", "alice", "--org", "nowhere"], 1, /No organization named/],
    ["a non-member --org", [...create, "--user", "alice", "--org", "globex"], 1, /not a member of .*globex/],
    ["both --org and --all-orgs", [...create, "--user", "alice", "--org", "acme", "--all-orgs"], 2, /cannot be used/],
    ["neither --org nor --all-orgs", [...create, "--user", "alice"], 2, /--org ORG or --all-orgs/],
    ["--days 0", [...create, "--user", "alice", "--org", "acme", "--days", "0"], 2, /--days/],
    ["--days 366", [...create, "--user", "alice", "--org", "acme", "--days", "366"], 2, /1 to 365/],
    ["--days soon", [...create, "--user", "alice", "--org", "acme", "--days", "soon"], 2, /--days/],
    ["an unknown scope", [...create, "--user", "alice", "--org", "acme", "--scope", "vso.nope"], 1, /vso\.nope/],
    ["a blank name", [...create, "--user", "alice", "--org", "acme", "--name", " "], 1, /name/],
    [
      "patina.introspect for a non-administrator",
      [...create, "--user", "bob", "--org", "globex", "--scope", "patina.introspect"],
      1,
      /Only instance administrators may own tokens with the patina\.introspect scope/,
    ],
    ["revoking a malformed id", ["token", "revoke", "--user", "alice", "nope"], 1, /GUID/],
    ["listing an unknown user", ["token", "list", "--user", "zed"], 1, /No user named 'zed'/],
  ])("refuses %s", async (_case, args, code, message) => {
    const result = await cli.run(args);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^patina: [^\n]+\n$/);
    expect(result.stderr).toMatch(message);
  });

  it("never printed a minted token anywhere but its own create output", () => {
    const others = cli.history.filter((run) => !(run.args[1] === "create" && run.code === 0));
    expect(minted).toHaveLength(2);
    for (const run of others) {
      for (const token of minted) expect(`${run.stdout}${run.stderr}`).not.toContain(token);
    }
  });
});
