/**
 * 0017: `sso_links`, which Patina user an OpenID Connect identity (issuer + `sub`) is. One
 * identity names one user (the primary key), and a user has at most one identity per issuer
 * (the unique index), so two first sign-ins racing for one account cannot both link it.
 */
import type { Kysely, Migration } from "kysely";

/** The sso_links table. */
export function ssoLinksSchema(): Migration {
  return { up: createSsoLinks };
}

async function createSsoLinks(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("sso_links")
    .addColumn("issuer", "varchar(512)", (c) => c.notNull())
    .addColumn("subject", "varchar(255)", (c) => c.notNull())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("last_sign_in_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("sso_links_pk", ["issuer", "subject"])
    .execute();
  await db.schema
    .createIndex("sso_links_user_issuer_idx")
    .on("sso_links")
    .columns(["user_id", "issuer"])
    .unique()
    .execute();
}
