/**
 * Microsoft's own Node client (`azure-devops-node-api`) against a real Patina on a real port:
 * it discovers everything through connectionData, resourceAreas and OPTIONS, exactly as it does
 * against Azure DevOps, so this proves the location data and the shapes, not just the routes.
 * The server must know its public URL before it starts (freePort), because resourceAreas hands
 * the client absolute URLs built from it and the client follows them.
 */
import { getPersonalAccessTokenHandler, WebApi } from "azure-devops-node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { freePort } from "../support/free-port.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

/** The HTTP status the client attached to the error it threw. */
async function statusOfFailure(promise: Promise<unknown>): Promise<number | undefined> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error, "the client call should have failed").toBeInstanceOf(Error);
  return (error as { statusCode?: number }).statusCode;
}

describe.each(testDatabases())("the official azure-devops-node-api client on $name", (database) => {
  let t: TestApp;
  let base: string;
  let aliceId: string;
  let pat: string;
  const client = (token: string, org = "acme") => new WebApi(`${base}/${org}`, getPersonalAccessTokenHandler(token));

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp(database, { PATINA_PUBLIC_URL: base });
    aliceId = await t.createUser("alice");
    await t.createUser("bob");
    await t.createOrg("acme", "alice");
    await t.createOrg("beta", "bob");
    await t.addMember("beta", "alice", "reader");
    await t.createProject("acme", "Zephyr");
    await t.createProject("acme", "Apollo");
    await t.createProject("beta", "Hidden");
    await t.app.server.listen({ port, host: "127.0.0.1" });
    pat = (await t.mintToken("alice", { org: "acme", scope: "vso.project vso.profile" })).token;
  });
  afterAll(async () => t?.close());

  it("connect() returns the token's owner", async () => {
    const connection = await client(pat).connect();
    expect(connection.authenticatedUser?.id).toBe(aliceId);
    expect(connection.authenticatedUser?.providerDisplayName).toBe("alice");
    expect(connection.authorizedUser?.id).toBe(aliceId);
    expect(connection.locationServiceData?.accessMappings?.[0]?.accessPoint).toBe(base);
  });

  it("getCoreApi().getProjects() lists the organization's projects, and only those", async () => {
    const core = await client(pat).getCoreApi();
    const projects = await core.getProjects();
    expect(projects.map((p) => p.name)).toEqual(["Apollo", "Zephyr"]);
    expect(projects[0]?.url).toBe(`${base}/acme/_apis/projects/${projects[0]?.id}`);
    // The client turns the wire's "private" into its enum and lastUpdateTime into a Date.
    expect(projects[0]?.visibility).toBe(0);
    expect(projects[0]?.lastUpdateTime).toBeInstanceOf(Date);
  });

  it("pages with $top and $skip, and gets one project by name", async () => {
    const core = await client(pat).getCoreApi();
    expect((await core.getProjects(undefined, 1, 1)).map((p) => p.name)).toEqual(["Zephyr"]);
    const apollo = await core.getProject("apollo", true);
    expect(apollo.name).toBe("Apollo");
    expect(apollo.capabilities?.versioncontrol?.sourceControlType).toBe("Git");
    // The client answers a 404 with null rather than an error.
    expect(await core.getProject("Hidden")).toBeNull();
  });

  it("getProfileApi().getProfile('me') returns the owner's profile", async () => {
    const profiles = await client(pat).getProfileApi();
    const profile = await profiles.getProfile("me");
    expect(profile.id).toBe(aliceId);
    // The wire carries displayName and emailAddress as Azure DevOps does; the client's type omits them.
    expect(profile).toMatchObject({ displayName: "alice", emailAddress: "alice@example.com" });
    const detailed = await profiles.getProfile("me", true);
    expect(detailed.coreAttributes.EmailAddress?.value).toBe("alice@example.com");
    expect(detailed.coreAttributes.DisplayName?.value).toBe("alice");
    expect(detailed.timeStamp).toBeInstanceOf(Date);
  });

  it("fails with 401 for a token that targets another organization", async () => {
    const betaPat = (await t.mintToken("alice", { org: "beta", scope: "vso.project" })).token;
    expect(await statusOfFailure(client(betaPat).connect())).toBe(401);
    const core = await client(betaPat).getCoreApi();
    expect(await statusOfFailure(core.getProjects())).toBe(401);
    // The same token works where it belongs.
    expect((await (await client(betaPat, "beta").getCoreApi()).getProjects()).map((p) => p.name)).toEqual(["Hidden"]);
  });

  it("fails with 401 once the token is revoked", async () => {
    const minted = await t.mintToken("alice", { org: "acme", scope: "vso.project" });
    const core = await client(minted.token).getCoreApi();
    expect(await core.getProjects()).toHaveLength(2);
    await t.revokeToken("alice", minted.authorizationId);
    expect(await statusOfFailure(core.getProjects())).toBe(401);
    expect(await statusOfFailure(client(minted.token).connect())).toBe(401);
  });

  it("fails with 403 for a token without vso.project", async () => {
    const profileOnly = (await t.mintToken("alice", { org: "acme", scope: "vso.profile" })).token;
    const core = await client(profileOnly).getCoreApi();
    expect(await statusOfFailure(core.getProjects())).toBe(403);
  });
});
