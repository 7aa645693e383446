/**
 * `patina token list --org` and `patina token revoke --all` as real processes on SQLite and
 * PostgreSQL: an organization's tokens with their owners and filters, revoking all of a user's
 * tokens (in one organization, or everywhere), audited with the CLI actor; `token list --user`
 * keeps working; usage errors exit 2 with one line on stderr.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "../../src/audit/audit.repository.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/logger.js";
import { createServices, type Services } from "../../src/services.js";
import type { AdminTokenView } from "../../src/tokenadmin/token-admin.views.js";
import type { PatTokenView } from "../../src/tokens/pat-view.js";
import { testDatabases } from "../support/databases.js";
import { type CliStore, createCliStore, runOk } from "./run-cli.js";

describe.each(testDatabases())("patina token administration on $name", (database) => {
  let cli: CliStore;
  const minted: string[] = [];

  const create = async (user: string, target: string[], name: string, scope: string, days = "30") => {
    const result = await runOk(cli, [
      "token",
      "create",
      "--user",
      user,
      ...target,
      "--name",
      name,
      "--scope",
      scope,
      "--days",
      days,
    ]);
    minted.push(result.stdout.trim());
  };
  const orgList = async (...args: string[]) =>
    JSON.parse((await runOk(cli, ["token", "list", "--org", "acme", "--json", ...args])).stdout) as AdminTokenView[];
  const names = (tokens: { displayName: string }[]) => tokens.map((token) => token.displayName).sort();

  async function inStore<T>(read: (services: Services) => Promise<T>): Promise<T> {
    const services = await createServices(loadConfig(cli.env), { logger: createLogger("silent") });
    try {
      return await read(services);
    } finally {
      await services.store.close();
    }
  }

  beforeAll(async () => {
    cli = await createCliStore(database);
    await runOk(cli, ["user", "add", "alice", "--email", "alice@example.com"]);
    await runOk(cli, ["user", "add", "bob", "--email", "bob@example.com"]);
    await runOk(cli, ["org", "add", "acme", "--owner", "alice"]);
    await runOk(cli, ["org", "add", "beta", "--owner", "alice"]);
    await runOk(cli, ["org", "member", "add", "acme", "bob", "--role", "reader"]);
    await runOk(cli, ["org", "member", "add", "beta", "bob", "--role", "reader"]);
    await create("bob", ["--org", "acme"], "acme ci", "vso.code");
    await create("bob", ["--org", "beta"], "beta ci", "vso.code");
    await create("bob", ["--all-orgs"], "everywhere", "vso.work", "5");
    await create("alice", ["--org", "acme"], "admin", "vso.tokenadministration", "90");
  });
  afterAll(async () => cli?.drop());

  it("lists an organization's tokens with their owners, and filters them", async () => {
    const table = await runOk(cli, ["token", "list", "--org", "acme"]);
    expect(table.stdout.split("\n")[0]).toMatch(/^AUTHORIZATION ID\s+OWNER\s+NAME\s+STATUS/);
    expect(table.stdout).toContain("everywhere");
    expect(table.stdout).not.toContain("beta ci");
    expect(names(await orgList())).toEqual(["acme ci", "admin", "everywhere"]);
    const bobs = await orgList("--user", "bob");
    expect(names(bobs)).toEqual(["acme ci", "everywhere"]);
    expect(bobs.every((token) => token.owner.username === "bob" && token.token === null)).toBe(true);
    expect(names(await orgList("--expiring-within", "7"))).toEqual(["everywhere"]);
    expect(await orgList("--status", "revoked")).toEqual([]);
    for (const history of cli.history)
      for (const token of minted) if (!history.args.includes("create")) expect(history.stdout).not.toContain(token);
  });

  it("revokes all of a user's tokens in one organization, audited with the CLI actor", async () => {
    const result = await runOk(cli, ["token", "revoke", "--all", "--user", "bob", "--org", "acme"]);
    expect(result.stdout).toBe("Revoked 2 tokens of 'bob' in organization 'acme'.\n");
    expect(names(await orgList("--status", "revoked"))).toEqual(["acme ci", "everywhere"]);
    const mine = JSON.parse((await runOk(cli, ["token", "list", "--user", "bob", "--json"])).stdout) as PatTokenView[];
    expect(mine.find((token) => token.displayName === "beta ci")?.status).toBe("active");
    const everywhere = mine.find((token) => token.displayName === "everywhere");
    const events = await inStore((services) =>
      listAuditEvents(services.store.db, { authorizationId: everywhere?.authorizationId }),
    );
    const revocation = events.find((event) => event.eventType === "Token.PatAdminRevokeEvent");
    expect(revocation).toMatchObject({ actorName: "patina-cli", tokenDisplayName: "everywhere" });
    expect(JSON.parse(revocation?.details ?? "{}")).toMatchObject({
      reason: "adminRevokeAll",
      actingCredential: "operator",
    });
  });

  it("revokes the rest of a user's tokens everywhere without --org", async () => {
    expect((await runOk(cli, ["token", "revoke", "--all", "--user", "bob"])).stdout).toBe(
      "Revoked 1 token of 'bob'.\n",
    );
    const mine = JSON.parse((await runOk(cli, ["token", "list", "--user", "bob", "--json"])).stdout) as PatTokenView[];
    expect(mine.every((token) => token.status === "revoked")).toBe(true);
    expect(names(await orgList())).toEqual(["admin"]);
  });

  it("refuses usage errors with exit code 2 and unknown names with 1, one line on stderr", async () => {
    const usage = [
      ["token", "list"],
      ["token", "list", "--org", "acme", "--status", "bogus"],
      ["token", "list", "--org", "acme", "--expiring-within", "-1"],
      ["token", "list", "--org", "acme", "--expiring-within", "soon"],
      ["token", "list", "--user", "bob", "--expiring-within", "3"],
      ["token", "revoke", "--user", "bob"],
      ["token", "revoke", "--all", "--user", "bob", "00000000-0000-4000-8000-000000000000"],
    ];
    for (const args of usage) {
      const result = await cli.run(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    for (const args of [
      ["token", "list", "--org", "nowhere"],
      ["token", "list", "--org", "acme", "--user", "nobody"],
      ["token", "revoke", "--all", "--user", "nobody"],
    ]) {
      const result = await cli.run(args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
