/** The `token_usage_days` table: one row per token per UTC day it was used (camelCase; the CamelCasePlugin maps to snake_case). */

/** A token's use on one UTC day, as batched flushes have written it. */
export interface TokenUsageDayTable {
  authorizationId: string;
  /** The UTC day, `YYYY-MM-DD` (sorts as it reads). */
  day: string;
  /** Admitted requests made with the token that day. */
  requests: number;
  /** JSON object: the scope each admitted request needed → how many; `none` for requests that needed none. */
  scopes: string;
  /** JSON array of distinct client addresses (bounded). */
  clientAddresses: string;
  /** JSON array of distinct user agents (bounded, each truncated). */
  userAgents: string;
  /** Incremented by every write: the compare-and-set that lets instances merge their counts without losing any. */
  revision: number;
}

/** A committed usage write, by the id its flush gave it: how a flush whose answer was lost learns it did commit. */
export interface UsageWriteReceiptTable {
  writeId: string;
  writtenAt: string;
}
