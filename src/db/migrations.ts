/**
 * Schema migrations, written with Kysely's schema builder so the same code runs on SQLite and
 * PostgreSQL. One file per migration in migrations/, listed here in order. Append new ones;
 * never edit one that has shipped.
 */
import type { Kysely, Migration, MigrationProvider } from "kysely";
import { Migrator } from "kysely";
import type { DialectName } from "./database.js";
import { initialSchema } from "./migrations/0001-initial.js";
import { repositoriesSchema } from "./migrations/0002-repositories.js";
import { sessionsSchema } from "./migrations/0003-sessions.js";
import { changeLogSchema } from "./migrations/0004-change-log.js";
import { repositoryStateSchema } from "./migrations/0005-repository-state.js";
import { setupCodesSchema } from "./migrations/0006-setup-codes.js";
import { tokenRevisionSchema } from "./migrations/0007-token-revision.js";
import { sqliteTokenLookupSchema } from "./migrations/0008-sqlite-token-lookup.js";
import { policiesSchema } from "./migrations/0009-policies.js";
import { auditChainSchema } from "./migrations/0010-audit-chain.js";
import { noticesSchema } from "./migrations/0011-notices.js";
import { tokenUsageDaysSchema } from "./migrations/0012-token-usage-days.js";
import { tokenAdminIndexSchema } from "./migrations/0013-token-admin-index.js";
import { tokenExpiryRecordedSchema } from "./migrations/0014-token-expiry-recorded.js";
import { tokenNameSortKeySchema } from "./migrations/0015-token-name-sort-key.js";
import { ssoLinksSchema } from "./migrations/0017-sso-links.js";
import { secondFactorsSchema } from "./migrations/0018-second-factors.js";
import { passkeysSchema } from "./migrations/0019-passkeys.js";
import { usageWriteReceiptsSchema } from "./migrations/0021-usage-write-receipts.js";

/** All migrations for a dialect, in order. Names sort lexically. */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    "0001_initial": initialSchema(dialect),
    "0002_repositories": repositoriesSchema(),
    "0003_sessions": sessionsSchema(),
    "0004_change_log": changeLogSchema(dialect),
    "0005_repository_state": repositoryStateSchema(),
    "0006_setup_codes": setupCodesSchema(),
    "0007_token_revision": tokenRevisionSchema(),
    "0008_sqlite_token_lookup": sqliteTokenLookupSchema(dialect),
    "0009_policies": policiesSchema(),
    "0010_audit_chain": auditChainSchema(),
    "0011_notices": noticesSchema(),
    "0012_token_usage_days": tokenUsageDaysSchema(),
    "0013_token_admin_index": tokenAdminIndexSchema(),
    "0014_token_expiry_recorded": tokenExpiryRecordedSchema(),
    "0015_token_name_sort_key": tokenNameSortKeySchema(dialect),
    "0017_sso_links": ssoLinksSchema(),
    "0018_second_factors": secondFactorsSchema(),
    "0019_passkeys": passkeysSchema(),
    "0021_usage_write_receipts": usageWriteReceiptsSchema(),
  };
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(dialect) };
  const { error, results } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
