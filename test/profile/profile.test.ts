/** `GET /_apis/profile/profiles/me`: the caller's own profile, with vso.profile. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { call, startTestApp, type TestApp } from "../support/test-app.js";

describe.each(testDatabases())("profile on $name", (database) => {
  let t: TestApp;
  let aliceId: string;
  let bobId: string;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp(database);
    aliceId = await t.createUser("alice");
    bobId = await t.createUser("bob");
    await t.createOrg("acme", "alice");
    token = (await t.mintToken("alice", { org: "acme", scope: "vso.profile" })).token;
  });
  afterAll(async () => t?.close());

  it("returns the caller's profile in the Azure DevOps shape", async () => {
    const response = await call(t, "GET", "/_apis/profile/profiles/me", { token, apiVersion: "7.1-preview.3" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      displayName: "alice",
      publicAlias: aliceId,
      emailAddress: "alice@example.com",
      coreRevision: 1,
      timeStamp: t.clock.now().toISOString(),
      id: aliceId,
      revision: 1,
    });
  });

  it("adds the core attributes when details are asked for", async () => {
    const response = await call(t, "GET", "/_apis/profile/profiles/me?details=true", { token });
    expect(response.json().coreAttributes).toEqual({
      DisplayName: expect.objectContaining({
        value: "alice",
        descriptor: { attributeName: "DisplayName", containerName: "Core" },
      }),
      EmailAddress: expect.objectContaining({ value: "alice@example.com", revision: 1 }),
      PublicAlias: expect.objectContaining({ value: aliceId }),
    });
  });

  it("accepts the caller's own id, and hides everyone else's behind a 404", async () => {
    expect((await call(t, "GET", `/_apis/profile/profiles/${aliceId}`, { token })).json().id).toBe(aliceId);
    const other = await call(t, "GET", `/_apis/profile/profiles/${bobId}`, { token });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ $id: "1", typeKey: "VssResourceNotFoundException" });
  });

  it("answers 403 without vso.profile and 401 without a token", async () => {
    const projectOnly = (await t.mintToken("alice", { org: "acme", scope: "vso.project" })).token;
    const forbidden = await call(t, "GET", "/_apis/profile/profiles/me", { token: projectOnly });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ typeKey: "UnauthorizedRequestException" });
    const anonymous = await call(t, "GET", "/_apis/profile/profiles/me");
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers["www-authenticate"]).toBe('Basic realm="Patina"');
  });
});
