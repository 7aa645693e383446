/**
 * 0013: an index for token administration, which lists an organization's tokens newest first
 * (`where org_id = ? order by created_at desc`) and revokes by organization and creation date
 * (revocation rules). Without it both scan every token of the instance.
 */
import type { Kysely, Migration } from "kysely";

/** Adds tokens(org_id, created_at). */
export function tokenAdminIndexSchema(): Migration {
  return { up: addTokenAdminIndex };
}

async function addTokenAdminIndex(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("tokens_org_created_idx").on("tokens").columns(["org_id", "created_at"]).execute();
}
