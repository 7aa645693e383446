/**
 * Decides once per run whether the PostgreSQL half of the suite runs. It runs when a server
 * answers at PATINA_TEST_POSTGRES_URL (default: the local server, user postgres, database test).
 * Under CI (CI=true) an unreachable server fails the run instead of skipping it; elsewhere the
 * skip is announced plainly, with how to enable it.
 */
import pg from "pg";
import type { TestProject } from "vitest/node";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.PATINA_TEST_POSTGRES_URL || DEFAULT_URL;
  if (process.env.PATINA_TEST_POSTGRES === "off") {
    announceSkip("PATINA_TEST_POSTGRES=off");
    project.provide("postgresAdminUrl", null);
    return;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    project.provide("postgresAdminUrl", url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === "true") {
      throw new Error(`PostgreSQL is required under CI but ${redact(url)} is unreachable: ${reason}`);
    }
    announceSkip(`${redact(url)} is unreachable (${reason})`);
    project.provide("postgresAdminUrl", null);
  } finally {
    await client.end().catch(() => {});
  }
}

function announceSkip(why: string) {
  process.stderr.write(
    `\n*** PostgreSQL suite SKIPPED: ${why}.\n*** Only SQLite was tested. To test PostgreSQL too, run a server and set PATINA_TEST_POSTGRES_URL=postgres://user@host:5432/db (default ${DEFAULT_URL}).\n\n`,
  );
}

function redact(url: string): string {
  const parsed = new URL(url);
  parsed.password = parsed.password ? "***" : "";
  return parsed.toString();
}
