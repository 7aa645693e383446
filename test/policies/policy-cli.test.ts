/**
 * `patina policy show | set` as real processes on SQLite and PostgreSQL: what an operator sees,
 * refusals as one line on stderr with exit code 1 (2 for a malformed setting), policies binding
 * the CLI's own token creation, and a running server honouring a CLI change within its bound.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PolicyView } from "../../src/policies/policy-view.js";
import type { PatTokenView } from "../../src/tokens/pat-view.js";
import { type LiveServer, startLiveServer } from "../cli/live-server.js";
import { type CliStore, createCliStore, runOk } from "../cli/run-cli.js";
import { testDatabases } from "../support/databases.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** The promised bound for a change made by another process (see docs/architecture.md). */
const BOUND_MS = 250;

describe.each(testDatabases())("patina policy on $name", (database) => {
  let cli: CliStore;
  let server: LiveServer;

  beforeAll(async () => {
    cli = await createCliStore(database);
    server = await startLiveServer(cli, { PATINA_TOKEN_CACHE_TTL_MS: "60000" });
    await runOk(cli, ["user", "add", "alice", "--email", "alice@example.com"]);
    await runOk(cli, ["user", "add", "bob", "--email", "bob@example.com"]);
    await runOk(cli, ["org", "add", "acme", "--owner", "alice"]);
    await runOk(cli, ["org", "member", "add", "acme", "bob", "--role", "contributor"]);
  });
  afterAll(async () => {
    await server?.close();
    await cli?.drop();
  });

  const showJson = async (org?: string): Promise<PolicyView> =>
    JSON.parse((await runOk(cli, ["policy", "show", ...(org ? ["--org", org] : []), "--json"])).stdout) as PolicyView;

  it("shows a level's values and the effective ones as a table, and as JSON", async () => {
    const shown = await runOk(cli, ["policy", "show"]);
    expect(shown.stdout.split("\n")[0]).toBe("Instance policy (never changed)");
    expect(shown.stdout).toMatch(/^autoRevokeLeakedPats\s+true\s+true$/m);
    expect(shown.stdout).not.toContain("patCreationAllowList");
    expect((await showJson("acme")).values).toMatchObject({ restrictPatCreation: false, patCreationAllowList: [] });
  });

  it("sets keys, audited as the CLI, and the server's lifecycle clamps to them", async () => {
    const set = await runOk(cli, ["policy", "set", "maxPatLifespanDays=30", "enforceMaxLifespanAtUse=false"]);
    expect(set.stdout).toMatch(/^Instance policy \(revision 1, \S+ by patina-cli\)$/m);
    expect(set.stdout).toMatch(/^maxPatLifespanDays\s+30\s+30$/m);
    await runOk(cli, ["policy", "set", "--org", "acme", "restrictPatCreation=true", "patCreationAllowList=alice,BOB"]);
    const acme = await showJson("acme");
    expect(acme).toMatchObject({ level: "organization", organization: "acme", revision: 1, updatedBy: "patina-cli" });
    expect(acme.values.patCreationAllowList).toEqual(["alice", "bob"]);
    expect(acme.effective.maxPatLifespanDays).toBe(30);

    const created = await runOk(cli, [
      "token",
      ...["create", "--user", "bob", "--org", "acme", "--name", "ci", "--scope", "vso.pats", "--days", "90"],
    ]);
    const listed = JSON.parse(
      (await runOk(cli, ["token", "list", "--user", "bob", "--json"])).stdout,
    ) as PatTokenView[];
    const lifespan = Date.parse(listed[0]?.validTo ?? "") - Date.parse(listed[0]?.validFrom ?? "");
    expect(lifespan, "clamped to 30 days").toBe(30 * DAY_MS);
    expect(created.stdout).toMatch(/^patina_\S+\n$/);
  });

  it("refuses bad settings with one line and changes nothing", async () => {
    const before = await showJson();
    const cases: [string[], number, string][] = [
      [
        ["maxPatLifespanDays=400"],
        1,
        "maxPatLifespanDays must be a whole number of days from 1 to 365, or null for no limit.",
      ],
      [["restrictGlobalPatCreation=maybe"], 1, "restrictGlobalPatCreation must be true or false."],
      [["noSuchKey=1"], 1, "Unknown instance policy key 'noSuchKey'."],
      [["restrictPatCreation=true"], 1, "Unknown instance policy key 'restrictPatCreation'."],
      [["maxPatLifespanDays"], 2, "Each setting is KEY=VALUE, e.g. maxPatLifespanDays=90."],
    ];
    for (const [args, code, message] of cases) {
      const result = await cli.run(["policy", "set", ...args]);
      expect(result.code, args.join(" ")).toBe(code);
      expect(result.stderr).toContain(`patina: ${message}`);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
    const unknownUser = await cli.run(["policy", "set", "--org", "acme", "patCreationAllowList=alice,nobody"]);
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toBe("patina: patCreationAllowList: no user 'nobody'.\n");
    const unknownOrg = await cli.run(["policy", "show", "--org", "nowhere"]);
    expect(unknownOrg.stderr).toBe("patina: No organization named 'nowhere'.\n");
    expect(await showJson()).toEqual(before);
  });

  it("makes the running server refuse a retired global token within the bound", async () => {
    const token = (
      await runOk(cli, [
        "token",
        ...["create", "--user", "alice", "--all-orgs", "--name", "global", "--scope", "vso.pats", "--days", "7"],
      ])
    ).stdout.trim();
    expect((await server.listPats(token)).status).toBe(200);
    const at = new Date(Date.now() - 1000).toISOString();
    await runOk(cli, ["policy", "set", `retireGlobalPatsAt=${at}`]);
    expect(await server.statusWithin(token, 403, BOUND_MS)).toBe(403);
    const body = (await (await server.listPats(token)).json()) as { message: string };
    expect(body.message).toContain(`Tokens for all organizations were retired on ${at}`);
  });
});
