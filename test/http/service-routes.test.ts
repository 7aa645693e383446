import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("health, OpenAPI and unknown routes on $name", (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database);
  });
  afterAll(async () => t?.close());

  it("answers the probes without authentication", async () => {
    expect((await t.app.server.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    const ready = await t.app.server.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", database: database.name });
  });

  it("serves an OpenAPI 3.1 document describing the lifecycle API", async () => {
    const response = await t.app.server.inject({ url: "/_apis/openapi.json" });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe("3.1.0");
    const pats = document.paths["/{org}/_apis/tokens/pats"];
    expect(Object.keys(pats).sort()).toEqual(expect.arrayContaining(["delete", "get", "post", "put"]));
    expect(pats.post.requestBody.content["application/json"].schema.properties).toHaveProperty("displayName");
    expect(document.paths).toHaveProperty(["/{org}/_apis/tokens/pats/regenerate"]);
    expect(document.components.securitySchemes).toHaveProperty("basicPat");
  });

  it("serves a browsable reference page", async () => {
    const response = await t.app.server.inject({ url: "/_apis/docs" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/html");
  });

  it("answers unknown routes with a 404 in the Azure DevOps error body", async () => {
    const response = await t.app.server.inject({ url: "/nowhere/at/all" });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ $id: "1", typeKey: "VssResourceNotFoundException" });
  });
});
