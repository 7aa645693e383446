/** 0001: users, organizations, memberships, projects, tokens, token secrets, audit events, settings. */
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../database.js";

/** The first schema. */
export function initialSchema(dialect: DialectName): Migration {
  return { up: (db) => createInitialSchema(db, dialect) };
}

async function createInitialSchema(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("username", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("display_name", "varchar(256)", (c) => c.notNull())
    .addColumn("email", "varchar(320)", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("is_admin", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("organizations")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("name", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("org_members")
    .addColumn("org_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "varchar(16)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("org_members_pk", ["org_id", "user_id"])
    .execute();
  await db.schema.createIndex("org_members_user_idx").on("org_members").column("user_id").execute();
  await db.schema
    .createTable("projects")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("org_id", "varchar(36)", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "varchar(64)", (c) => c.notNull())
    .addColumn("name_key", "varchar(64)", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("visibility", "varchar(16)", (c) => c.notNull().defaultTo("private"))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("last_update_time", "varchar(32)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addUniqueConstraint("projects_org_name_key", ["org_id", "name_key"])
    .execute();
  await db.schema
    .createTable("tokens")
    .addColumn("authorization_id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("display_name", "varchar(256)", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("all_orgs", "integer", (c) => c.notNull())
    .addColumn("org_id", "varchar(36)", (c) => c.references("organizations.id").onDelete("cascade"))
    .addColumn("valid_from", "varchar(32)", (c) => c.notNull())
    .addColumn("valid_to", "varchar(32)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addColumn("revoked_at", "varchar(32)")
    .addColumn("revoked_by", "varchar(36)")
    .addColumn("secret_hint", "varchar(64)", (c) => c.notNull())
    .addColumn("last_used_at", "varchar(32)")
    .addColumn("last_used_ips", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
  await db.schema.createIndex("tokens_user_idx").on("tokens").columns(["user_id", "valid_to"]).execute();
  await db.schema
    .createTable("token_secrets")
    .addColumn("secret_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("authorization_id", "varchar(36)", (c) =>
      c.notNull().references("tokens.authorization_id").onDelete("cascade"),
    )
    .addColumn("expires_at", "varchar(32)")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("token_secrets_authorization_idx")
    .on("token_secrets")
    .column("authorization_id")
    .execute();
  await db.schema
    .createTable("audit_events")
    .addColumn("seq", "integer", (c) =>
      dialect === "postgres" ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn("id", "varchar(40)", (c) => c.notNull().unique())
    .addColumn("event_type", "varchar(64)", (c) => c.notNull())
    .addColumn("timestamp", "varchar(32)", (c) => c.notNull())
    .addColumn("actor_user_id", "varchar(36)")
    .addColumn("actor_name", "varchar(256)")
    .addColumn("client_ip", "varchar(64)")
    .addColumn("user_agent", "varchar(512)")
    .addColumn("org_id", "varchar(36)")
    .addColumn("authorization_id", "varchar(36)")
    .addColumn("token_display_name", "varchar(256)")
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .execute();
  await db.schema
    .createIndex("audit_events_org_time_idx")
    .on("audit_events")
    .columns(["org_id", "timestamp"])
    .execute();
  await db.schema
    .createTable("settings")
    .addColumn("key", "varchar(64)", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}
