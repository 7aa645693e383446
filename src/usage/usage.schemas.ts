/** Request and response schemas of the token usage API, for validation and OpenAPI. */
import { Type } from "typebox";
import { USAGE_RETENTION_DAYS } from "../domain/usage-days.js";

/** Days shown when the request names none. */
export const DEFAULT_USAGE_DAYS = 30;

export const UsageQuerySchema = Type.Object({
  authorizationId: Type.String({ maxLength: 64 }),
  days: Type.Optional(
    Type.Integer({ minimum: 1, maximum: USAGE_RETENTION_DAYS, description: "Days ending today (UTC); default 30" }),
  ),
  "api-version": Type.Optional(Type.String()),
});

const UsageDaySchema = Type.Object({
  date: Type.String({ description: "The UTC day, YYYY-MM-DD" }),
  requests: Type.Integer(),
  scopes: Type.Record(Type.String(), Type.Integer(), {
    description: "The scope each request needed → how many; `none` for requests that needed no particular scope",
  }),
  distinctClientAddresses: Type.Integer({ description: "Distinct client addresses (at most 20 are kept per day)" }),
  clientAddresses: Type.Array(Type.String()),
  userAgents: Type.Array(Type.String(), {
    description: "Distinct user agents (at most 10, each cut to 200 characters)",
  }),
});

export const TokenUsageSchema = Type.Object({
  authorizationId: Type.String(),
  days: Type.Integer(),
  scopesGranted: Type.Array(Type.String()),
  scopesUsed: Type.Array(Type.String(), { description: "Scopes requests needed in the period" }),
  suggestedScope: Type.Union([Type.String(), Type.Null()], {
    description: "The narrowest scope string that would have allowed every request; null when none needed a scope",
  }),
  series: Type.Array(UsageDaySchema, { description: "Every day of the period, oldest first, zeros included" }),
});
