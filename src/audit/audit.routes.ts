/**
 * The audit area (Azure DevOps' `audit`): `GET /{org}/_apis/audit/auditlog` (pages, newest
 * first) and `GET /{org}/_apis/audit/downloadlog?format=json|csv`, both filtered by time window,
 * event type or area (`actionId`) and actor if asked, for an organization's
 * administrators with `vso.auditlog`; the same at `/_apis/audit/…` for instance administrators,
 * over the events that belong to no organization (sign-ins, users, instance settings). And
 * Patina's audit settings (`/_apis/patina/auditsettings`: the retention) for instance
 * administrators. Audit data is never cached (no-store).
 */
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { ApiError } from "../http/error-catalog.js";
import { membershipOf, principalOf, requestActor } from "../http/principal.js";
import type { RouteDeps } from "../http/route-deps.js";
import {
  AuditLogQueryResultSchema,
  AuditLogQuerySchema,
  AuditOrgParamsSchema,
  AuditSettingsPatchSchema,
  AuditSettingsSchema,
  DecoratedAuditLogEntrySchema,
  DownloadLogQuerySchema,
} from "./audit.schemas.js";
import { exportChunks } from "./audit-export.js";
import { type AuditQuery, DEFAULT_BATCH_SIZE, type ReadScope } from "./audit-reader.js";
import { readRetentionDays, setRetentionDays } from "./audit-retention.js";
import { parseAuditTime } from "./audit-time.js";

const TAGS = ["Audit"];
const CONFIG = { noStore: true };
const LOG_READ = "vso.auditlog";
/** Changing what the log keeps is managing it, not reading it. */
const LOG_MANAGE = "vso.auditstreams_manage";

type LogQuery = Static<typeof AuditLogQuerySchema>;
type DownloadQuery = Static<typeof DownloadLogQuerySchema>;
type OrgParams = Static<typeof AuditOrgParamsSchema>;

/** Registers the audit routes. */
export function registerAuditRoutes(app: FastifyInstance, deps: RouteDeps) {
  const { services } = deps;
  const orgGuard = deps.guard({ org: true, scope: LOG_READ, minRole: "admin" });
  const instanceGuard = deps.guard({ instanceAdmin: true, scope: LOG_READ });
  app.addSchema(DecoratedAuditLogEntrySchema);

  const orgScope = (request: FastifyRequest): ReadScope => {
    const membership = membershipOf(request);
    return {
      orgId: membership.orgId,
      entryScope: { type: "organization", id: membership.orgId, displayName: membership.orgName },
    };
  };
  const instanceScope = (): ReadScope => ({
    orgId: null,
    entryScope: { type: "deployment", id: services.instanceId, displayName: "Patina" },
  });

  const queryLog = async (scope: ReadScope, query: LogQuery) => {
    const window = timeWindow(query);
    const page = await services.audit.page(
      scope,
      window,
      query.batchSize ?? DEFAULT_BATCH_SIZE,
      query.continuationToken,
    );
    if (page === undefined) throw new ApiError("badRequest", "The continuationToken is not valid for this query.");
    return page;
  };
  const downloadLog = (reply: FastifyReply, scope: ReadScope, query: DownloadQuery, name: string) => {
    const window = timeWindow(query);
    const csv = query.format === "csv";
    reply
      .type(csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8")
      .header("Content-Disposition", `attachment; filename="${name}-audit-log.${query.format}"`);
    return reply.send(Readable.from(exportChunks(services.audit.all(scope, window), query.format)));
  };

  const logSchema = (summary: string, params?: typeof AuditOrgParamsSchema) => ({
    tags: TAGS,
    summary,
    ...(params === undefined ? {} : { params }),
    querystring: AuditLogQuerySchema,
    response: { 200: AuditLogQueryResultSchema },
  });
  const downloadSchema = (summary: string, params?: typeof AuditOrgParamsSchema) => ({
    tags: TAGS,
    summary,
    ...(params === undefined ? {} : { params }),
    querystring: DownloadLogQuerySchema,
  });

  app.get<{ Params: OrgParams; Querystring: LogQuery }>(
    "/:org/_apis/audit/auditlog",
    {
      onRequest: orgGuard,
      config: CONFIG,
      schema: logSchema("Query the organization's audit log", AuditOrgParamsSchema),
    },
    (request) => queryLog(orgScope(request), request.query),
  );
  app.get<{ Querystring: LogQuery }>(
    "/_apis/audit/auditlog",
    { onRequest: instanceGuard, config: CONFIG, schema: logSchema("Query the instance's audit log") },
    (request) => queryLog(instanceScope(), request.query),
  );
  app.get<{ Params: OrgParams; Querystring: DownloadQuery }>(
    "/:org/_apis/audit/downloadlog",
    {
      onRequest: orgGuard,
      config: CONFIG,
      schema: downloadSchema("Download the organization's audit log", AuditOrgParamsSchema),
    },
    (request, reply) => downloadLog(reply, orgScope(request), request.query, membershipOf(request).orgName),
  );
  app.get<{ Querystring: DownloadQuery }>(
    "/_apis/audit/downloadlog",
    { onRequest: instanceGuard, config: CONFIG, schema: downloadSchema("Download the instance's audit log") },
    (request, reply) => downloadLog(reply, instanceScope(), request.query, "instance"),
  );

  app.get(
    "/_apis/patina/auditsettings",
    {
      onRequest: instanceGuard,
      config: CONFIG,
      schema: { tags: TAGS, summary: "Get the audit log's settings", response: { 200: AuditSettingsSchema } },
    },
    async () => ({ retentionDays: await readRetentionDays(services.store.db) }),
  );
  app.patch<{ Body: Static<typeof AuditSettingsPatchSchema> }>(
    "/_apis/patina/auditsettings",
    {
      onRequest: deps.guard({ instanceAdmin: true, scope: LOG_MANAGE }),
      config: CONFIG,
      schema: {
        tags: TAGS,
        summary: "Change the audit log's retention (audited)",
        body: AuditSettingsPatchSchema,
        response: { 200: AuditSettingsSchema },
      },
    },
    async (request) => {
      const actor = requestActor(request, principalOf(request));
      const changed = await setRetentionDays(
        services.store.db,
        actor,
        request.body.retentionDays,
        services.clock.now(),
      );
      return { retentionDays: changed.after };
    },
  );
}

/** The window and filters of a query, normalized; a bad date or an end before the start is a 400. */
function timeWindow(query: { startTime?: string; endTime?: string; actionId?: string; actor?: string }): AuditQuery {
  const startTime = query.startTime === undefined ? undefined : parseAuditTime(query.startTime);
  if (query.startTime !== undefined && startTime === undefined) throw badTime("startTime");
  const endTime = query.endTime === undefined ? undefined : parseAuditTime(query.endTime);
  if (query.endTime !== undefined && endTime === undefined) throw badTime("endTime");
  if (startTime !== undefined && endTime !== undefined && endTime < startTime) {
    throw new ApiError("badRequest", "endTime must not be before startTime.");
  }
  const actor = query.actor?.trim();
  if (actor === "") throw new ApiError("badRequest", "actor must name a user.");
  return { startTime, endTime, actionId: query.actionId, actor };
}

function badTime(name: string): ApiError {
  return new ApiError("badRequest", `${name} must be an ISO 8601 date or date-time (such as 2026-12-01T00:00:00Z).`);
}
