/**
 * Microsoft's `azure-devops-node-api` finds the tokenadmin area the way its generated clients do:
 * the area's URL from resourceAreas (by Microsoft's area id), then each resource's route template
 * and version from `OPTIONS /_apis/TokenAdmin` by Microsoft's location ids, then the call. The
 * package ships no TokenAdmin client, so this one is written the way its generated clients are
 * (the Python client's ids and versions), on the official VsoClient and RestClient.
 */
import { getPersonalAccessTokenHandler, WebApi } from "azure-devops-node-api";
import { ClientApiBase } from "azure-devops-node-api/ClientApiBases.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { freePort } from "../support/free-port.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { type AdminFixture, createAdminFixture, statusWith } from "./fixture.js";

const AREA_ID = "af68438b-ed04-4407-9eb6-f1dbae3f922e";
const PERSONAL_ACCESS_TOKENS = "af68438b-ed04-4407-9eb6-f1dbae3f922e";
const REVOCATIONS = "a9c08b2c-5466-4e22-8626-1ff304ffdf0f";
const REVOCATION_RULES = "ee4afb16-e7ab-4ed8-9d4b-4ef3e78f97e4";
const VERSION = "7.1-preview.1";

/** A TokenAdmin client as Microsoft's generator writes them. */
class TokenAdminApi extends ClientApiBase {
  async listPersonalAccessTokens(subjectDescriptor: string, pageSize?: number, continuationToken?: string) {
    const data = await this.vsoClient.getVersioningData(
      VERSION,
      "TokenAdmin",
      PERSONAL_ACCESS_TOKENS,
      { subjectDescriptor },
      {
        pageSize,
        continuationToken,
      },
    );
    const response = await this.rest.get<{
      value: { authorizationId: string; isValid: boolean }[];
      continuationToken: string | null;
    }>(data.requestUrl ?? "", this.createRequestOptions("application/json", data.apiVersion));
    return response.result;
  }

  async revokeAuthorizations(authorizationIds: string[]) {
    const data = await this.vsoClient.getVersioningData(VERSION, "TokenAdmin", REVOCATIONS, {});
    const body = authorizationIds.map((authorizationId) => ({ authorizationId }));
    return (
      await this.rest.create(
        data.requestUrl ?? "",
        body,
        this.createRequestOptions("application/json", data.apiVersion),
      )
    ).statusCode;
  }

  async createRevocationRule(scopes: string, createdBefore?: string) {
    const data = await this.vsoClient.getVersioningData(VERSION, "TokenAdmin", REVOCATION_RULES, {});
    const options = this.createRequestOptions("application/json", data.apiVersion);
    return (await this.rest.create(data.requestUrl ?? "", { scopes, createdBefore }, options)).statusCode;
  }
}

describe.each(testDatabases())("the official client on the tokenadmin area on $name", (database) => {
  let t: TestApp;
  let f: AdminFixture;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp(database, { PATINA_PUBLIC_URL: base });
    f = await createAdminFixture(t);
    await t.app.server.listen({ port, host: "127.0.0.1" });
  });
  afterAll(async () => t?.close());

  async function tokenAdmin(token: string): Promise<TokenAdminApi> {
    const web = new WebApi(`${base}/acme`, getPersonalAccessTokenHandler(token));
    const area = await (await web.getLocationsApi()).getResourceArea(AREA_ID);
    expect(area.locationUrl).toBe(`${base}/acme/`);
    return new TokenAdminApi(area.locationUrl ?? "", [getPersonalAccessTokenHandler(token)]);
  }

  it("lists, revokes and applies a revocation rule through Microsoft's location lookup", async () => {
    const bob = await new WebApi(`${base}/acme`, getPersonalAccessTokenHandler(f.bobAcme.token)).connect();
    const descriptor = bob.authenticatedUser?.subjectDescriptor ?? "";
    const api = await tokenAdmin(f.aliceAdmin);
    const first = await api.listPersonalAccessTokens(descriptor, 1);
    expect(first?.value).toHaveLength(1);
    const rest = await api.listPersonalAccessTokens(descriptor, 10, first?.continuationToken ?? undefined);
    const ids = [...(first?.value ?? []), ...(rest?.value ?? [])].map((token) => token.authorizationId).sort();
    expect(ids).toEqual([f.bobAcme.authorizationId, f.bobGlobal.authorizationId].sort());

    expect(await api.revokeAuthorizations([f.bobAcme.authorizationId])).toBe(204);
    expect(await statusWith(t, f.bobAcme.token)).toBe(401);
    expect(await api.createRevocationRule("vso.work")).toBe(201);
    expect(await statusWith(t, f.bobGlobal.token)).toBe(401);
    const after = await api.listPersonalAccessTokens(descriptor);
    expect(after?.value.every((token) => !token.isValid)).toBe(true);
  });
});
