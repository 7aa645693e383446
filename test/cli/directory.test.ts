/**
 * `patina user|org|project add` as an operator runs them: real processes on a fresh store,
 * SQLite and PostgreSQL. Checks what the operator sees (exit code, stdout, stderr) and that the
 * changes land in the store the server reads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/logger.js";
import { findMembershipsOfUser } from "../../src/orgs/org.repository.js";
import { verifyPassword } from "../../src/security/password.js";
import { createServices, type Services } from "../../src/services.js";
import { findUserByUsername } from "../../src/users/user.repository.js";
import { testDatabases } from "../support/databases.js";
import { type CliStore, createCliStore, runOk } from "./run-cli.js";

describe.each(testDatabases())("patina user/org/project on $name", (database) => {
  let cli: CliStore;
  beforeAll(async () => {
    cli = await createCliStore(database);
  });
  afterAll(async () => cli?.drop());

  /** Reads the store the way the server would, to check what the CLI wrote. */
  async function inStore<T>(read: (services: Services) => Promise<T>): Promise<T> {
    const services = await createServices(loadConfig(cli.env), { logger: createLogger("silent") });
    try {
      return await read(services);
    } finally {
      await services.store.close();
    }
  }

  it("adds an administrator with a password read from stdin", async () => {
    const result = await runOk(
      cli,
      ["user", "add", "alice", "--email", "alice@example.com", "--admin", "--password-stdin"],
      "secret-pass\nthis second line is not read\n",
    );
    expect(result.stdout).toContain("alice");
    expect(result.stderr).toBe("");
    const alice = await inStore((services) => findUserByUsername(services.store.db, "alice"));
    expect(alice?.isAdmin).toBe(1);
    expect(alice?.email).toBe("alice@example.com");
    expect(alice?.passwordHash).not.toBeNull();
    // The trailing newline is not part of the password.
    expect(await verifyPassword("secret-pass", alice?.passwordHash ?? "")).toBe(true);
  });

  it("adds a token-only user without a password", async () => {
    await runOk(cli, ["user", "add", "bob", "--email", "bob@example.com"]);
    const bob = await inStore((services) => findUserByUsername(services.store.db, "bob"));
    expect(bob?.passwordHash).toBeNull();
    expect(bob?.isAdmin).toBe(0);
  });

  it("adds an organization owned by a user, and members with roles", async () => {
    await runOk(cli, ["org", "add", "acme", "--owner", "alice"]);
    await runOk(cli, ["org", "member", "add", "acme", "bob", "--role", "reader"]);
    const roles = await inStore(async (services) => {
      const db = services.store.db;
      const [alice, bob] = [await findUserByUsername(db, "alice"), await findUserByUsername(db, "bob")];
      return {
        alice: await findMembershipsOfUser(db, alice?.id ?? ""),
        bob: await findMembershipsOfUser(db, bob?.id ?? ""),
      };
    });
    expect(roles.alice).toEqual([expect.objectContaining({ orgName: "acme", role: "admin" })]);
    expect(roles.bob).toEqual([expect.objectContaining({ orgName: "acme", role: "reader" })]);
  });

  it("changes the role of an existing member", async () => {
    await runOk(cli, ["org", "member", "add", "acme", "bob", "--role", "contributor"]);
    const bob = await inStore(async (services) => {
      const user = await findUserByUsername(services.store.db, "bob");
      return findMembershipsOfUser(services.store.db, user?.id ?? "");
    });
    expect(bob).toEqual([expect.objectContaining({ orgName: "acme", role: "contributor" })]);
  });

  it("adds a project to an organization", async () => {
    const result = await runOk(cli, ["project", "add", "acme/web"]);
    expect(result.stdout).toContain("web");
    const again = await cli.run(["project", "add", "acme/web"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^patina: .*already exists/);
  });

  it.each([
    ["a duplicate user", ["user", "add", "alice", "--email", "a2@example.com"], 1, /already exists/],
    ["an invalid user name", ["user", "add", "Not Valid!", "--email", "x@example.com"], 1, /user name/],
    ["a missing --email", ["user", "add", "carol"], 2, /--email/],
    ["a short password", ["user", "add", "dave", "--email", "d@example.com", "--password-stdin"], 1, /8 characters/],
    ["an unknown owner", ["org", "add", "globex", "--owner", "zed"], 1, /No user named 'zed'/],
    ["a duplicate organization", ["org", "add", "acme", "--owner", "alice"], 1, /already exists/],
    ["an unknown organization", ["org", "member", "add", "nowhere", "bob", "--role", "reader"], 1, /nowhere/],
    ["an unknown member", ["org", "member", "add", "acme", "zed", "--role", "reader"], 1, /zed/],
    ["a bad role", ["org", "member", "add", "acme", "bob", "--role", "owner"], 2, /reader, contributor, admin/],
    ["a project in an unknown organization", ["project", "add", "nowhere/web"], 1, /nowhere/],
    ["a project without an organization", ["project", "add", "web"], 2, /ORG\/PROJECT/],
  ])("refuses %s", async (_case, args, code, message) => {
    const result = await cli.run(args, "short\n");
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^patina: /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
