/**
 * Builds a real Patina (real store, real HTTP server object) for a test, with a manual clock
 * and captured logs, plus fixtures that go through the same services the CLI uses.
 */
import { type AppDeps, buildApp, type PatinaApp } from "../../src/app.js";
import { CLI_ACTOR } from "../../src/audit/audit-log.js";
import type { Clock } from "../../src/clock.js";
import { loadConfig } from "../../src/config/config.js";
import type { OrgRole } from "../../src/domain/roles.js";
import { findOrganizationByName } from "../../src/orgs/org.repository.js";
import { operatorContext } from "../../src/tokens/lifecycle-requests.js";
import { findUserByUsername } from "../../src/users/user.repository.js";
import type { TestDatabase } from "./databases.js";

/** A clock tests move by hand. Starts at the real time so dates look real. */
export class ManualClock implements Clock {
  current: Date;
  constructor(start: Date = new Date()) {
    this.current = new Date(Math.floor(start.getTime() / 1000) * 1000);
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface MintedToken {
  token: string;
  authorizationId: string;
}

export interface TestApp {
  readonly app: PatinaApp;
  readonly clock: ManualClock;
  /** Every log line written so far. */
  readonly logs: string[];
  readonly dataDir: string;
  createUser(username: string, options?: { admin?: boolean; password?: string }): Promise<string>;
  createOrg(name: string, owner: string): Promise<string>;
  addMember(org: string, username: string, role: OrgRole): Promise<void>;
  createProject(org: string, name: string): Promise<string>;
  mintToken(
    username: string,
    options: { org?: string; allOrgs?: boolean; scope: string; days?: number; name?: string },
  ): Promise<MintedToken>;
  revokeToken(username: string, authorizationId: string): Promise<void>;
  close(): Promise<void>;
}

/** Basic authentication the way curl -u :PAT sends it. */
export function basic(token: string, user = ""): { authorization: string } {
  return { authorization: `Basic ${Buffer.from(`${user}:${token}`).toString("base64")}` };
}

/** Starts a Patina on a fresh database, or as a second instance on another test app's database. */
export async function startTestApp(
  database: TestDatabase,
  env: Record<string, string> = {},
  sharedWith?: TestApp,
  /** Dependencies the composition root takes besides clock and logs (e.g. autoRevokeLeaked). */
  deps: Omit<AppDeps, "clock" | "logDestination"> = {},
): Promise<TestApp> {
  const created = sharedWith
    ? { dataDir: sharedWith.dataDir, databaseUrl: sharedWith.app.services.config.databaseUrl, drop: async () => {} }
    : await database.create();
  const clock = new ManualClock();
  const logs: string[] = [];
  const config = loadConfig({
    PATINA_DATA_DIR: created.dataDir,
    PATINA_DATABASE_URL: created.databaseUrl,
    PATINA_PORT: "0",
    PATINA_LOG_LEVEL: "debug",
    // Tests run scheduled jobs themselves (app.jobs.runDue / job.run with the test clock).
    PATINA_JOBS: "off",
    ...env,
  });
  const app = await buildApp(config, {
    ...deps,
    clock,
    logDestination: { write: (line: string) => void logs.push(line) },
  });
  const { directory, tokens, store } = app.services;
  const must = <T>(result: { ok: true; value: T } | { ok: false; message: string }): T => {
    if (!result.ok) throw new Error(result.message);
    return result.value;
  };
  return {
    app,
    clock,
    logs,
    dataDir: created.dataDir,
    async createUser(username, options = {}) {
      return must(await directory.addUser(CLI_ACTOR, { username, email: `${username}@example.com`, ...options })).id;
    },
    async createOrg(name, owner) {
      return must(await directory.addOrganization(CLI_ACTOR, name, owner)).id;
    },
    async addMember(org, username, role) {
      must(await directory.setMember(CLI_ACTOR, org, username, role));
    },
    async createProject(org, name) {
      return must(await directory.addProject(CLI_ACTOR, org, name)).id;
    },
    async mintToken(username, options) {
      const user = await findUserByUsername(store.db, username);
      if (!user) throw new Error(`no user ${username}`);
      const org = options.org ? await findOrganizationByName(store.db, options.org) : undefined;
      const result = await tokens.create(operatorContext(user, org?.id ?? null), {
        displayName: options.name ?? "test token",
        scope: options.scope,
        validTo: new Date(clock.now().getTime() + (options.days ?? 30) * DAY_MS).toISOString(),
        allOrgs: options.allOrgs,
      });
      if (!result.ok) throw new Error(result.message);
      return { token: result.value.token ?? "", authorizationId: result.value.authorizationId };
    },
    async revokeToken(username, authorizationId) {
      const user = await findUserByUsername(store.db, username);
      if (!user) throw new Error(`no user ${username}`);
      const result = await tokens.revoke(operatorContext(user, null), authorizationId);
      if (!result.ok) throw new Error(result.message);
    },
    async close() {
      await app.close();
      await created.drop();
    },
  };
}

/** Calls the API in-process the way a client would, with api-version 7.1 unless told otherwise. */
export async function call(
  t: TestApp,
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "OPTIONS",
  path: string,
  options: { token?: string; body?: unknown; apiVersion?: string | null; headers?: Record<string, string> } = {},
) {
  const version = options.apiVersion === undefined ? "7.1" : options.apiVersion;
  const url = version === null ? path : `${path}${path.includes("?") ? "&" : "?"}api-version=${version}`;
  return t.app.server.inject({
    method,
    url,
    headers: { ...(options.token ? basic(options.token) : {}), ...options.headers },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
}
