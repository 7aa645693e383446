/**
 * Microsoft's Node client (`azure-devops-node-api`) reading teams from a real Patina on a real
 * port: it finds the teams and members resources through OPTIONS /_apis/core by their location
 * ids, builds the URLs from Patina's route templates and negotiates the api-version, exactly as
 * against Azure DevOps; so this proves the location data as well as the routes and shapes.
 */
import { getPersonalAccessTokenHandler, WebApi } from "azure-devops-node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { freePort } from "../support/free-port.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("the official client's teams on $name", (database) => {
  let t: TestApp;
  let base: string;
  let aliceId: string;
  let bobId: string;
  let pat: string;
  const core = (token: string) => new WebApi(`${base}/acme`, getPersonalAccessTokenHandler(token)).getCoreApi();

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp(database, { PATINA_PUBLIC_URL: base });
    aliceId = await t.createUser("alice");
    bobId = await t.createUser("bob");
    await t.createOrg("acme", "alice");
    await t.addMember("acme", "bob", "contributor");
    await t.createProject("acme", "Apollo");
    await t.createProject("acme", "Zephyr");
    await t.app.server.listen({ port, host: "127.0.0.1" });
    pat = (await t.mintToken("bob", { org: "acme", scope: "vso.project" })).token;
  });
  afterAll(async () => t?.close());

  it("getTeams() right after getProjects() gives each project's default team", async () => {
    const api = await core(pat);
    const [apollo] = await api.getProjects();
    expect(apollo?.name).toBe("Apollo");
    const teams = await api.getTeams(apollo?.id ?? "");
    expect(teams).toHaveLength(1);
    expect(teams[0]).toMatchObject({
      name: "Apollo Team",
      description: "The default project team.",
      projectId: apollo?.id,
      projectName: "Apollo",
    });
    const project = await api.getProject("Apollo");
    expect(project.defaultTeam).toEqual({ id: teams[0]?.id, name: "Apollo Team", url: teams[0]?.url });
  });

  it("getTeam() finds the team by id and by name; an unknown one is null, as the client reads a 404", async () => {
    const api = await core(pat);
    const [team] = await api.getTeams("Apollo");
    expect((await api.getTeam("Apollo", team?.id ?? "")).name).toBe("Apollo Team");
    expect((await api.getTeam("Apollo", "apollo team")).id).toBe(team?.id);
    expect(await api.getTeam("Apollo", "Zephyr Team")).toBeNull();
  });

  it("getTeamMembersWithExtendedProperties() lists the organization's members, its admin as team admin", async () => {
    const api = await core(pat);
    const members = await api.getTeamMembersWithExtendedProperties("Apollo", "Apollo Team");
    expect(members.map((m) => [m.identity?.id, m.identity?.uniqueName, m.isTeamAdmin])).toEqual([
      [aliceId, "alice@example.com", true],
      [bobId, "bob@example.com", false],
    ]);
    const page = await api.getTeamMembersWithExtendedProperties("Apollo", "Apollo Team", 1, 1);
    expect(page.map((m) => m.identity?.id)).toEqual([bobId]);
  });

  it("getAllTeams() lists the organization's teams", async () => {
    const api = await core(pat);
    expect((await api.getAllTeams(true)).map((team) => team.name)).toEqual(["Apollo Team", "Zephyr Team"]);
  });
});
