/**
 * One token as the details page reads it: the token (`GET /{org}/_apis/tokens/pats?authorizationId=`)
 * and its daily usage (`GET /{org}/_apis/tokens/pats/usage`, Patina's addition).
 */

import type { Static } from "typebox";
// The shape is the route's own response schema (types only), so the two cannot drift.
import type { TokenUsageSchema } from "../../../src/usage/usage.schemas.ts";
import { request } from "./http.ts";
import type { PatToken } from "./tokens.ts";

/** The usage API's answer. */
export type TokenUsage = Static<typeof TokenUsageSchema>;
/** One UTC day of it. */
export type UsageDay = TokenUsage["series"][number];

/** The days the details page charts. */
export const USAGE_DAYS = 30;

const base = (org: string) => `/${encodeURIComponent(org)}/_apis/tokens/pats`;

/** One of the user's tokens, through the API of `org`; rejects with a 404 ApiError when unknown there. */
export async function getToken(org: string, authorizationId: string): Promise<PatToken> {
  const url = `${base(org)}?authorizationId=${encodeURIComponent(authorizationId)}`;
  return (await request<{ patToken: PatToken }>("GET", url)).patToken;
}

/** A token's usage over the `days` ending today (UTC), every day included, oldest first. */
export function getTokenUsage(org: string, authorizationId: string, days = USAGE_DAYS): Promise<TokenUsage> {
  const query = new URLSearchParams({ authorizationId, days: String(days) });
  return request<TokenUsage>("GET", `${base(org)}/usage?${query}`);
}
