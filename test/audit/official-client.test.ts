/**
 * Microsoft's Node client against the audit area. Its current release (17.x) ships no AuditApi,
 * so this builds the one its code generator makes for every area (as the Go and Python clients
 * have it: QueryLog 4e5fa14f-…, DownloadLog b7b98a76-…): a ClientApiBase that finds the area's
 * URL through resourceAreas (94ff054d-…), the location and api-version through OPTIONS, and
 * calls the URL the client's own VsoClient builds. So this proves the location data, not a
 * hard-coded path.
 */
import { getPersonalAccessTokenHandler, WebApi } from "azure-devops-node-api";
import { ClientApiBase } from "azure-devops-node-api/ClientApiBases.js";
import type { IRequestHandler } from "azure-devops-node-api/interfaces/common/VsoBaseInterfaces.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../support/databases.js";
import { freePort } from "../support/free-port.js";
import { type AuditFixture, startAuditApp } from "./audit-fixture.js";

const AUDIT_AREA_ID = "94ff054d-5ee1-413d-9341-3f4a7827de2e";
const QUERY_LOG_LOCATION = "4e5fa14f-7097-4b73-9c85-00abc7353c61";

interface AuditLogQueryResult {
  decoratedAuditLogEntries: { id: string; actionId: string }[];
  continuationToken: string | null;
  hasMore: boolean;
}

/** What `azure-devops-node-api`'s generator emits for the audit area's QueryLog. */
class AuditApi extends ClientApiBase {
  constructor(baseUrl: string, handlers: IRequestHandler[]) {
    super(baseUrl, handlers, "node-Audit-api");
  }
  async queryLog(batchSize?: number, continuationToken?: string): Promise<AuditLogQueryResult> {
    const queryValues = { batchSize, continuationToken };
    const verData = await this.vsoClient.getVersioningData(
      "7.1-preview.1",
      "audit",
      QUERY_LOG_LOCATION,
      {},
      queryValues,
    );
    const options = this.createRequestOptions("application/json", verData.apiVersion);
    const res = await this.rest.get<AuditLogQueryResult>(verData.requestUrl ?? "", options);
    return this.formatResponse(res.result, null, false) as AuditLogQueryResult;
  }
}

/** `WebApi.getAuditApi()` as the generator writes it: the area's URL from resourceAreas. */
async function getAuditApi(web: WebApi, token: string): Promise<AuditApi> {
  const areaUrl = await (
    web as unknown as { _getResourceAreaUrl(url: string, id: string): Promise<string> }
  )._getResourceAreaUrl(web.serverUrl, AUDIT_AREA_ID);
  return new AuditApi(areaUrl, [getPersonalAccessTokenHandler(token)]);
}

describe.each(testDatabases())("the official client's audit queryLog on $name", (database) => {
  let f: AuditFixture;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    f = await startAuditApp(database, { PATINA_PUBLIC_URL: base });
    await f.t.app.server.listen({ port, host: "127.0.0.1" });
  });
  afterAll(async () => f?.t.close());

  it("finds the audit area and pages the organization's log to the end", async () => {
    const web = new WebApi(`${base}/acme`, getPersonalAccessTokenHandler(f.adminToken));
    const audit = await getAuditApi(web, f.adminToken);
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await audit.queryLog(2, token);
      ids.push(...page.decoratedAuditLogEntries.map((e) => e.id));
      token = page.continuationToken ?? undefined;
    } while (token !== undefined);
    const all = await audit.queryLog(1000);
    expect(ids).toEqual(all.decoratedAuditLogEntries.map((e) => e.id));
    expect(all.decoratedAuditLogEntries.at(-1)?.actionId).toBe("Organization.CreateEvent");
  });

  it("is refused for a reader (403)", async () => {
    const web = new WebApi(`${base}/acme`, getPersonalAccessTokenHandler(f.readerToken));
    const audit = await getAuditApi(web, f.readerToken);
    const failure = await audit.queryLog().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((failure as { statusCode?: number }).statusCode).toBe(403);
  });
});
