/**
 * What every operator command shares: opening the same store as the server for one command,
 * and turning the services' expected refusals into one-line CLI errors. Commands never write
 * SQL; they go through the directory and lifecycle services and the repositories' lookups.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { createLogger } from "../logger.js";
import { findOrganizationByName, type OrganizationRow } from "../orgs/org.repository.js";
import { createServices, type Services } from "../services.js";
import { findUserByUsername, type UserRow } from "../users/user.repository.js";
import { CliError } from "./cli-error.js";
import type { ConfigSource } from "./main.js";

/** Opens the services for one command and closes the store afterwards, whatever happens. */
export async function withServices<T>(getConfig: ConfigSource, run: (services: Services) => Promise<T>): Promise<T> {
  const config = getConfig();
  let services: Services;
  try {
    services = await createServices(config, { logger: createLogger("silent") });
  } catch (error) {
    // An unreachable database or unreadable data directory is the operator's to fix, not a bug:
    // say what failed without a stack trace. Driver messages carry no passwords.
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot open the store: ${reason}`);
  }
  try {
    return await run(services);
  } finally {
    await services.store.close();
  }
}

/** The value of a service result, or the refusal as a CliError (exit code 1). */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new CliError(result.message);
  return result.value;
}

/** The named user, or a refusal. */
export async function requireUser(db: Kysely<Database>, username: string): Promise<UserRow> {
  const user = await findUserByUsername(db, username);
  if (user === undefined) throw new CliError(`No user named '${username}'.`);
  return user;
}

/** The named organization, or a refusal. */
export async function requireOrganization(db: Kysely<Database>, name: string): Promise<OrganizationRow> {
  const org = await findOrganizationByName(db, name);
  if (org === undefined) throw new CliError(`No organization named '${name}'.`);
  return org;
}
