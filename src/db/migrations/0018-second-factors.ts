/**
 * 0018: second factors (SPEC section 11a). Sessions remember how and when their user last proved
 * who they are (step-up reads `authenticated_at`); TOTP secrets (sealed), recovery codes (hashed)
 * and pending sign-ins (a correct password waiting for its second factor) get their tables.
 */
import { type Kysely, type Migration, sql } from "kysely";

/** The second-factor tables and the session columns. */
export function secondFactorsSchema(): Migration {
  return { up: createSecondFactorTables };
}

async function createSecondFactorTables(db: Kysely<unknown>): Promise<void> {
  // Nullable only because SQLite cannot add a NOT NULL column without a default; every row is
  // filled here and every insert sets both.
  await db.schema.alterTable("sessions").addColumn("authenticated_at", "varchar(32)").execute();
  await db.schema.alterTable("sessions").addColumn("sign_in_method", "varchar(32)").execute();
  await sql`update sessions set authenticated_at = created_at, sign_in_method = 'password'`.execute(db);
  await db.schema
    .createTable("user_totp")
    .addColumn("user_id", "varchar(36)", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("sealed_secret", "varchar(512)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("confirmed_at", "varchar(32)")
    .addColumn("last_used_step", "integer")
    .execute();
  await db.schema
    .createTable("recovery_codes")
    .addColumn("code_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("used_at", "varchar(32)")
    .execute();
  await db.schema.createIndex("recovery_codes_user_idx").on("recovery_codes").column("user_id").execute();
  await db.schema
    .createTable("pending_sign_ins")
    .addColumn("id_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("pending_sign_ins_expires_idx").on("pending_sign_ins").column("expires_at").execute();
}
