/** Request and response schemas of the audit API (Azure DevOps `audit` area and Patina's audit settings). */
import { Type } from "typebox";
import { MAX_BATCH_SIZE } from "./audit-reader.js";
import { MAX_RETENTION_DAYS } from "./audit-retention.js";

const Guid = Type.String();

export const DecoratedAuditLogEntrySchema = Type.Object(
  {
    id: Type.String(),
    correlationId: Guid,
    activityId: Guid,
    actorCUID: Guid,
    actorUserId: Guid,
    actorClientId: Guid,
    actorUPN: Type.String(),
    authenticationMechanism: Type.String(),
    timestamp: Type.String({ format: "date-time" }),
    scopeType: Type.String(),
    scopeDisplayName: Type.String(),
    scopeId: Guid,
    projectId: Guid,
    projectName: Type.String(),
    ipAddress: Type.String(),
    userAgent: Type.String(),
    actionId: Type.String(),
    data: Type.Record(Type.String(), Type.Unknown()),
    details: Type.String(),
    area: Type.String(),
    category: Type.String(),
    categoryDisplayName: Type.String(),
    actorDisplayName: Type.String(),
    actorImageUrl: Type.String(),
  },
  { $id: "DecoratedAuditLogEntry" },
);

export const AuditLogQueryResultSchema = Type.Object({
  decoratedAuditLogEntries: Type.Array(Type.Ref("DecoratedAuditLogEntry")),
  continuationToken: Type.Union([Type.String(), Type.Null()]),
  hasMore: Type.Boolean(),
});

export const AuditLogQuerySchema = Type.Object({
  startTime: Type.Optional(Type.String({ maxLength: 64 })),
  endTime: Type.Optional(Type.String({ maxLength: 64 })),
  batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_BATCH_SIZE })),
  continuationToken: Type.Optional(Type.String({ maxLength: 1024 })),
  actionId: Type.Optional(
    Type.String({
      maxLength: 128,
      pattern: "^[A-Za-z]+(\\.[A-Za-z]+)?$",
      description: "An event type (Token.PatRevokeEvent), or an area (Token) for all of its types",
    }),
  ),
  actor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 256, description: "The actor's username (actorUPN), ignoring case" }),
  ),
  skipAggregation: Type.Optional(Type.Boolean()),
  "api-version": Type.Optional(Type.String()),
});

export const DownloadLogQuerySchema = Type.Object({
  format: Type.Union([Type.Literal("json"), Type.Literal("csv")]),
  startTime: Type.Optional(Type.String({ maxLength: 64 })),
  endTime: Type.Optional(Type.String({ maxLength: 64 })),
  actionId: Type.Optional(
    Type.String({
      maxLength: 128,
      pattern: "^[A-Za-z]+(\\.[A-Za-z]+)?$",
      description: "An event type (Token.PatRevokeEvent), or an area (Token) for all of its types",
    }),
  ),
  actor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 256, description: "The actor's username (actorUPN), ignoring case" }),
  ),
  "api-version": Type.Optional(Type.String()),
});

export const AuditOrgParamsSchema = Type.Object({ org: Type.String({ maxLength: 64 }) });

export const AuditSettingsSchema = Type.Object({
  /** Days events are kept; null keeps them forever. */
  retentionDays: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_RETENTION_DAYS }), Type.Null()]),
});

export const AuditSettingsPatchSchema = Type.Object(
  { retentionDays: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_RETENTION_DAYS }), Type.Null()]) },
  { additionalProperties: false },
);
