/** 0019: passkeys (WebAuthn credentials of local accounts) and their single-use ceremony challenges. */
import type { Kysely, Migration } from "kysely";

/** The passkeys and webauthn_challenges tables. */
export function passkeysSchema(): Migration {
  return { up: createPasskeyTables };
}

async function createPasskeyTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("passkeys")
    .addColumn("id", "varchar(40)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // base64url of at most 1023 bytes (WebAuthn's limit on a credential id).
    .addColumn("credential_id", "varchar(1400)", (c) => c.notNull().unique())
    .addColumn("public_key", "text", (c) => c.notNull())
    // The signature counter is unsigned 32-bit: bigint, as PostgreSQL's integer is signed.
    .addColumn("counter", "bigint", (c) => c.notNull())
    .addColumn("transports", "varchar(256)", (c) => c.notNull())
    .addColumn("device_type", "varchar(16)", (c) => c.notNull())
    .addColumn("backed_up", "integer", (c) => c.notNull())
    .addColumn("name", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("last_used_at", "varchar(32)")
    .execute();
  await db.schema.createIndex("passkeys_user_idx").on("passkeys").column("user_id").execute();
  await db.schema
    .createTable("webauthn_challenges")
    .addColumn("challenge_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("purpose", "varchar(16)", (c) => c.notNull())
    // The user the ceremony is for; null for a usernameless sign-in.
    .addColumn("user_id", "varchar(36)", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webauthn_challenges_expires_idx")
    .on("webauthn_challenges")
    .column("expires_at")
    .execute();
}
