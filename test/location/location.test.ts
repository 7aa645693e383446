/**
 * Discovery: `OPTIONS /_apis/{area}` and `GET /_apis/resourceAreas`, at the root and under an
 * organization. Both answer anonymously from fixed data (see location.routes.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { basic, call, startTestApp, type TestApp } from "../support/test-app.js";

const PUBLIC_URL = "https://patina.example.com";
const CORE_AREA = "79134c72-4a58-4b42-976c-04e7115f32bf";
const PROFILE_AREA = "8ccfef3d-2b87-4e99-8ccb-66e343d2daa8";

describe.each(testDatabases())("location discovery on $name", (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database, { PATINA_PUBLIC_URL: PUBLIC_URL });
    await t.createUser("alice");
    await t.createOrg("acme", "alice");
  });
  afterAll(async () => t?.close());

  it("lists the Core area's locations with Azure DevOps' ids, templates and versions", async () => {
    const response = await call(t, "OPTIONS", "/acme/_apis/core", { apiVersion: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      count: 4,
      value: [
        {
          id: "603fe2ac-9723-48b9-88ad-09305aa6c6e1",
          area: "core",
          resourceName: "projects",
          routeTemplate: "_apis/{resource}/{*projectId}",
          resourceVersion: 4,
          minVersion: "1.0",
          maxVersion: "7.2",
          releasedVersion: "7.1",
        },
        {
          id: "d30a3dd1-f8ba-442a-b86a-bd0c0c383e59",
          area: "core",
          resourceName: "teams",
          routeTemplate: "_apis/projects/{projectId}/{resource}/{*teamId}",
          resourceVersion: 3,
          minVersion: "1.0",
          maxVersion: "7.2",
          releasedVersion: "7.1",
        },
        {
          id: "294c494c-2600-4d7e-b76c-3dd50c3c95be",
          area: "core",
          resourceName: "members",
          routeTemplate: "_apis/projects/{projectId}/teams/{teamId}/{resource}",
          resourceVersion: 2,
          minVersion: "1.0",
          maxVersion: "7.2",
          releasedVersion: "7.1",
        },
        {
          id: "7a4d9ee9-3433-4347-b47a-7a80f1cf307e",
          area: "core",
          resourceName: "teams",
          routeTemplate: "_apis/{resource}",
          resourceVersion: 3,
          minVersion: "1.0",
          maxVersion: "7.2",
          releasedVersion: "0.0",
        },
      ],
    });
  });

  it("matches the area case-insensitively, as the client sends 'Location' and 'Profile'", async () => {
    const location = await call(t, "OPTIONS", "/acme/_apis/Location", { apiVersion: null });
    expect(location.json().value.map((l: { id: string }) => l.id)).toEqual([
      "00d9565f-ed9c-4a06-9a50-00e7896ccab4",
      "e81700f7-3be2-46de-8624-2eb35882fcaa",
    ]);
    const profile = await call(t, "OPTIONS", "/_apis/Profile", { apiVersion: null });
    expect(profile.json().value).toMatchObject([
      { id: "f83735dc-483f-4238-a291-d45f6080a9af", routeTemplate: "_apis/{area}/{resource}/{id}", resourceVersion: 3 },
    ]);
  });

  it("lists every area's locations without an area, and none for an unknown area", async () => {
    const all = await call(t, "OPTIONS", "/_apis", { apiVersion: null });
    const areas = new Set(all.json().value.map((l: { area: string }) => l.area));
    expect([...areas].sort()).toEqual(["audit", "core", "git", "location", "profile", "tokenadmin", "tokens"]);
    expect(all.json().count).toBe(all.json().value.length);
    const git = all.json().value.find((l: { area: string }) => l.area === "git");
    expect(git).toMatchObject({ id: "225f7195-f9c7-4d14-ab28-a83f7ff77e1f", resourceName: "repositories" });
    expect((await call(t, "OPTIONS", "/acme/_apis/build", { apiVersion: null })).json()).toEqual({
      count: 0,
      value: [],
    });
  });

  it("answers OPTIONS without looking at credentials, even for an unknown organization", async () => {
    const withGarbage = await call(t, "OPTIONS", "/nosuchorg/_apis/core", { headers: basic("not-a-token") });
    expect(withGarbage.statusCode).toBe(200);
    expect(withGarbage.json().count).toBe(4);
  });

  it("rejects an unknown api-version on OPTIONS with the Azure DevOps error body", async () => {
    const response = await call(t, "OPTIONS", "/acme/_apis/core", { apiVersion: "99.0" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ $id: "1", typeKey: "VssVersionOutOfRangeException", eventId: 3000 });
  });

  it("points organization areas at the organization and Profile at the root", async () => {
    const response = await call(t, "GET", "/acme/_apis/resourceAreas", { apiVersion: "7.2-preview.1" });
    expect(response.statusCode).toBe(200);
    const byId = new Map(response.json().value.map((a: { id: string; locationUrl: string }) => [a.id, a.locationUrl]));
    expect(byId.get(CORE_AREA)).toBe(`${PUBLIC_URL}/acme/`);
    expect(byId.get("4e080c62-fa21-4fbc-8fef-2a10a2b38049")).toBe(`${PUBLIC_URL}/acme/`);
    expect(byId.get("55967393-20ef-45c6-a96c-b5d5d5986a9a")).toBe(`${PUBLIC_URL}/acme/`);
    expect(byId.get(PROFILE_AREA)).toBe(`${PUBLIC_URL}/`);
    expect(byId.get("af68438b-ed04-4407-9eb6-f1dbae3f922e")).toBe(`${PUBLIC_URL}/acme/`);
    expect(byId.get("94ff054d-5ee1-413d-9341-3f4a7827de2e")).toBe(`${PUBLIC_URL}/acme/`);
    expect(response.json().count).toBe(6);
  });

  it("gets one resource area, at the root or for a named organization", async () => {
    const root = await call(t, "GET", `/_apis/resourceAreas/${CORE_AREA}`);
    expect(root.json()).toEqual({ id: CORE_AREA, name: "core", locationUrl: `${PUBLIC_URL}/` });
    const named = await call(t, "GET", `/_apis/resourceAreas/${CORE_AREA.toUpperCase()}?organizationName=ACME`);
    expect(named.json().locationUrl).toBe(`${PUBLIC_URL}/acme/`);
    const underOrg = await call(t, "GET", `/acme/_apis/resourceAreas/${PROFILE_AREA}`);
    expect(underOrg.json().locationUrl).toBe(`${PUBLIC_URL}/`);
  });

  it("answers 404 with the Azure DevOps error body for an unknown resource area", async () => {
    const response = await call(t, "GET", "/_apis/resourceAreas/00000000-0000-0000-0000-000000000000");
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ $id: "1", typeKey: "VssResourceNotFoundException", errorCode: 0 });
  });

  it("describes the routes in the OpenAPI document", async () => {
    const paths = (await t.app.server.inject({ url: "/_apis/openapi.json" })).json().paths;
    expect(paths["/{org}/_apis/{area}"].options.tags).toEqual(["Location"]);
    expect(paths["/{org}/_apis/{area}"].options.security).toEqual([]);
    expect(paths["/_apis/resourceAreas"].get.summary).toMatch(/resource area/);
    expect(paths["/{org}/_apis/connectionData"].get.tags).toEqual(["Location"]);
    expect(paths["/{org}/_apis/projects"].get.tags).toEqual(["Core"]);
    expect(paths["/_apis/profile/profiles/{id}"].get.tags).toEqual(["Profile"]);
  });
});
