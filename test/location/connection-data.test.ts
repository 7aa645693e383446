/** `GET /_apis/connectionData` and `GET /{org}/_apis/connectionData`: any valid token, no particular scope. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOrganizationByName } from "../../src/orgs/org.repository.js";
import { expectCredentialFailure } from "../support/credential-failure.js";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";

const PUBLIC_URL = "https://patina.example.com";

describe.each(testDatabases())("connectionData on $name", (database) => {
  let t: TestApp;
  let aliceId: string;
  let acmeId: string;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp(database, { PATINA_PUBLIC_URL: PUBLIC_URL });
    aliceId = await t.createUser("alice");
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "alice");
    acmeId = (await findOrganizationByName(t.app.services.store.db, "acme"))?.id ?? "";
    // A scope unrelated to the Location area: connectionData needs none in particular.
    token = (await t.mintToken("alice", { org: "acme", scope: "vso.work" })).token;
  });
  afterAll(async () => t?.close());

  it("names the token's owner and the organization it is asked on", async () => {
    const response = await call(t, "GET", "/acme/_apis/connectionData", { token, apiVersion: null });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.authenticatedUser).toMatchObject({
      id: aliceId,
      providerDisplayName: "alice",
      isActive: true,
      properties: { Account: { $type: "System.String", $value: "alice@example.com" } },
    });
    expect(body.authenticatedUser.descriptor).toMatch(/^Microsoft\.IdentityModel\.Claims\.ClaimsIdentity;.+\\alice$/);
    expect(body.authenticatedUser.subjectDescriptor).toMatch(/^patina\.[A-Za-z0-9_-]+$/);
    expect(body.authorizedUser).toEqual(body.authenticatedUser);
    expect(body.instanceId).toBe(acmeId);
    expect(body.deploymentId).toBe(t.app.services.instanceId);
    expect(body.deploymentType).toBe("hosted");
    expect(body.locationServiceData).toMatchObject({
      serviceOwner: "00025394-6065-48ca-87d9-7f5672854ef7",
      defaultAccessMappingMoniker: "PublicAccessMapping",
      accessMappings: [{ moniker: "PublicAccessMapping", accessPoint: PUBLIC_URL, virtualDirectory: "acme" }],
    });
    expect(body.locationServiceData.lastChangeId).toBeGreaterThan(0);
  });

  it("answers at the root with the deployment's own instance id", async () => {
    const response = await call(t, "GET", "/_apis/connectionData", { token, apiVersion: "7.1-preview.1" });
    expect(response.statusCode).toBe(200);
    expect(response.json().authenticatedUser.id).toBe(aliceId);
    expect(response.json().instanceId).toBe(t.app.services.instanceId);
    expect(response.json().locationServiceData.accessMappings[0].virtualDirectory).toBe("");
  });

  it("answers 401 with the Basic challenge without a token", async () => {
    const response = await call(t, "GET", "/acme/_apis/connectionData");
    expectCredentialFailure(response);
  });

  it("answers 401 for an organization the token does not target", async () => {
    const response = await call(t, "GET", "/beta/_apis/connectionData", { token });
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Basic realm="Patina"');
  });

  it("answers 401 once the token is revoked", async () => {
    const minted = await t.mintToken("alice", { org: "acme", scope: "vso.profile" });
    expect((await call(t, "GET", "/_apis/connectionData", { token: minted.token })).statusCode).toBe(200);
    await t.revokeToken("alice", minted.authorizationId);
    expect((await call(t, "GET", "/_apis/connectionData", { token: minted.token })).statusCode).toBe(401);
  });

  it("answers 400 for an unknown api-version, in the query or the Accept header", async () => {
    const query = await call(t, "GET", "/acme/_apis/connectionData", { token, apiVersion: "8.0" });
    expect(query.statusCode).toBe(400);
    expect(query.json()).toMatchObject({ typeKey: "VssVersionOutOfRangeException" });
    const accept = await call(t, "GET", "/acme/_apis/connectionData", {
      token,
      apiVersion: null,
      headers: { accept: "application/json;api-version=banana" },
    });
    expect(accept.statusCode).toBe(400);
    expect(accept.json()).toMatchObject({ typeKey: "VssInvalidApiVersionException" });
  });
});
