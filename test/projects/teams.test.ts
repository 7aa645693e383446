/**
 * The Core area's teams: every project has one default team, "{project} Team", listed, got by
 * id or name, with the organization's members (its admins as team admins); vso.project and
 * role reader, like projects; another organization's project reads as one that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subjectDescriptorOf } from "../../src/location/connection-data.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";

const PUBLIC_URL = "https://patina.example.com";
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(testDatabases())("teams on $name", (database) => {
  let t: TestApp;
  let token: string;
  let aliceId: string;
  let bobId: string;
  let apolloId: string;
  let zephyrId: string;
  let hiddenId: string;
  let apolloTeam: { id: string; url: string };

  beforeAll(async () => {
    t = await startTestApp(database, { PATINA_PUBLIC_URL: PUBLIC_URL });
    aliceId = await t.createUser("alice");
    bobId = await t.createUser("bob");
    await t.createUser("carol");
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "carol");
    await t.addMember("acme", "bob", "reader");
    apolloId = await t.createProject("acme", "Apollo");
    zephyrId = await t.createProject("acme", "Zephyr");
    hiddenId = await t.createProject("beta", "Hidden");
    token = (await t.mintToken("bob", { org: "acme", scope: "vso.project" })).token;
    const listed = await call(t, "GET", `/acme/_apis/projects/${apolloId}/teams`, { token });
    apolloTeam = listed.json().value[0];
  });
  afterAll(async () => t?.close());

  it("lists a project's one team, its default team, as a WebApiTeam", async () => {
    const response = await call(t, "GET", "/acme/_apis/projects/apollo/teams", { token });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.count).toBe(1);
    expect(apolloTeam.id).toMatch(UUID_V5);
    expect(body.value).toEqual([
      {
        id: apolloTeam.id,
        name: "Apollo Team",
        url: `${PUBLIC_URL}/acme/_apis/projects/${apolloId}/teams/${apolloTeam.id}`,
        description: "The default project team.",
        identityUrl: `${PUBLIC_URL}/acme/_apis/Identities/${apolloTeam.id}`,
        projectName: "Apollo",
        projectId: apolloId,
      },
    ]);
    const zephyr = await call(t, "GET", `/acme/_apis/projects/${zephyrId}/teams`, { token });
    expect(zephyr.json().value[0].id).not.toBe(apolloTeam.id);
    expect((await call(t, "GET", "/acme/_apis/projects/apollo/teams?$skip=1", { token })).json()).toEqual({
      count: 0,
      value: [],
    });
  });

  it("keeps a team's id across restarts: it is derived from the project id, not stored", async () => {
    const again = await startTestApp(database, { PATINA_PUBLIC_URL: PUBLIC_URL }, t);
    try {
      const response = await call(again, "GET", `/acme/_apis/projects/${apolloId}/teams`, { token });
      expect(response.json().value[0].id).toBe(apolloTeam.id);
    } finally {
      await again.app.close();
    }
  });

  it("gets the team by id, or by name in any case, and names it as the project's defaultTeam", async () => {
    const byId = await call(t, "GET", `/acme/_apis/projects/${apolloId}/teams/${apolloTeam.id}`, { token });
    expect(byId.statusCode, byId.body).toBe(200);
    expect(byId.json()).toMatchObject({ id: apolloTeam.id, name: "Apollo Team", projectId: apolloId });
    const byName = await call(t, "GET", "/acme/_apis/projects/Apollo/teams/aPOLLO%20team", { token });
    expect(byName.statusCode, byName.body).toBe(200);
    expect(byName.json()).toEqual(byId.json());
    const project = await call(t, "GET", "/acme/_apis/projects/Apollo", { token });
    expect(project.json().defaultTeam).toEqual({ id: apolloTeam.id, name: "Apollo Team", url: apolloTeam.url });
  });

  it("lists the organization's members as the team's, its admins as team admins", async () => {
    const response = await call(t, "GET", `/acme/_apis/projects/Apollo/teams/${apolloTeam.id}/members`, { token });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      count: 2,
      value: [
        {
          identity: {
            id: aliceId,
            displayName: "alice",
            uniqueName: "alice@example.com",
            descriptor: subjectDescriptorOf(aliceId),
            inactive: false,
          },
          isTeamAdmin: true,
        },
        {
          identity: {
            id: bobId,
            displayName: "bob",
            uniqueName: "bob@example.com",
            descriptor: subjectDescriptorOf(bobId),
            inactive: false,
          },
          isTeamAdmin: false,
        },
      ],
    });
    const second = await call(t, "GET", "/acme/_apis/projects/Apollo/teams/Apollo%20Team/members?$top=1&$skip=1", {
      token,
    });
    expect(second.json().value.map((m: { identity: { id: string } }) => m.identity.id)).toEqual([bobId]);
  });

  it("lists every project's team of the organization at /_apis/teams, by project name", async () => {
    const response = await call(t, "GET", "/acme/_apis/teams?$mine=true", { token, apiVersion: "7.1-preview.3" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().value.map((team: { name: string }) => team.name)).toEqual(["Apollo Team", "Zephyr Team"]);
    const paged = await call(t, "GET", "/acme/_apis/teams?$top=1&$skip=1", { token, apiVersion: "7.1-preview.3" });
    expect(paged.json()).toMatchObject({ count: 1, value: [{ name: "Zephyr Team", projectId: zephyrId }] });
  });

  it("answers 404 projectNotFound for an unknown project and another organization's, as a project GET does", async () => {
    for (const project of ["Nope", hiddenId, "Hidden"]) {
      for (const path of [
        `/acme/_apis/projects/${project}/teams`,
        `/acme/_apis/projects/${project}/teams/Hidden%20Team`,
        `/acme/_apis/projects/${project}/teams/Hidden%20Team/members`,
      ]) {
        const response = await call(t, "GET", path, { token });
        expect(response.statusCode, path).toBe(404);
        expect(response.json()).toMatchObject({
          $id: "1",
          typeKey: "ProjectDoesNotExistWithNameException",
          message: expect.stringContaining(`TF200016: The following project does not exist: ${project}`),
        });
      }
    }
  });

  it("answers 404 for a team the project does not have, another project's team included", async () => {
    const zephyrTeam = (await call(t, "GET", `/acme/_apis/projects/${zephyrId}/teams`, { token })).json().value[0];
    for (const team of ["Nope", "Zephyr%20Team", zephyrTeam.id]) {
      for (const suffix of ["", "/members"]) {
        const response = await call(t, "GET", `/acme/_apis/projects/Apollo/teams/${team}${suffix}`, { token });
        expect(response.statusCode, team).toBe(404);
        expect(response.json()).toMatchObject({
          $id: "1",
          innerException: null,
          typeKey: "VssResourceNotFoundException",
          message: expect.stringContaining("does not exist in this project"),
        });
      }
    }
  });

  it("answers 400 in the Azure DevOps error body for a bad $top or $skip", async () => {
    // A $top above the maximum is capped, as Azure DevOps does (see the habits tests).
    for (const query of ["$top=0", "$skip=-1", "$top=x"]) {
      const response = await call(t, "GET", `/acme/_apis/projects/Apollo/teams?${query}`, { token });
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toMatchObject({ $id: "1", innerException: null, eventId: 3000 });
    }
  });

  it("answers 403 for a token without vso.project, and 401 in an organization the token does not target", async () => {
    const codeOnly = (await t.mintToken("bob", { org: "acme", scope: "vso.profile vso.code" })).token;
    const paths = [
      "/acme/_apis/teams",
      "/acme/_apis/projects/Apollo/teams",
      "/acme/_apis/projects/Apollo/teams/Apollo%20Team",
      "/acme/_apis/projects/Apollo/teams/Apollo%20Team/members",
    ];
    for (const path of paths) {
      const response = await call(t, "GET", path, { token: codeOnly });
      expect(response.statusCode, path).toBe(403);
      expect(response.json()).toMatchObject({ typeKey: "UnauthorizedRequestException" });
      const otherOrg = await call(t, "GET", path.replace("/acme/", "/beta/"), { token });
      expect(otherOrg.statusCode, path).toBe(401);
    }
  });
});
