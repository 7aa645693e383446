/**
 * 0012: daily usage per token (issue 8, "Usage and metrics"): requests, the scopes they needed,
 * distinct client addresses and user agents, per token per UTC day. Written by the batched
 * usage flush (never per request), pruned after 90 days by a scheduled job.
 */
import type { Kysely, Migration } from "kysely";

/** The token_usage_days table and its pruning index. */
export function tokenUsageDaysSchema(): Migration {
  return { up: createTokenUsageDays };
}

async function createTokenUsageDays(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("token_usage_days")
    .addColumn("authorization_id", "varchar(36)", (c) => c.notNull())
    .addColumn("day", "varchar(10)", (c) => c.notNull())
    .addColumn("requests", "integer", (c) => c.notNull())
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("client_addresses", "text", (c) => c.notNull())
    .addColumn("user_agents", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("token_usage_days_pk", ["authorization_id", "day"])
    .execute();
  // Pruning deletes by day across all tokens.
  await db.schema.createIndex("token_usage_days_day").on("token_usage_days").column("day").execute();
}
