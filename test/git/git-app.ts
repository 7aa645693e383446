/**
 * A Patina on a real port for the git tests, with an organization `acme` (project `web`,
 * repository `app`), a second organization `beta` (project `other`, repository `secret`) and
 * users in every role: alice (admin), carol (contributor), rita (reader).
 */
import { CLI_ACTOR } from "../../src/audit/audit-log.js";
import { createRepositoryService, type RepositoryService } from "../../src/git/repository.service.js";
import type { TestDatabase } from "../support/databases.js";
import { freePort } from "../support/free-port.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

/** The running app and what the git tests need to reach it. */
export interface GitApp {
  readonly t: TestApp;
  /** `http://127.0.0.1:PORT` */
  readonly base: string;
  readonly repositories: RepositoryService;
  /** The clone URL of a repository, with `anything:TOKEN@` when a token is given. */
  url(path: string, token?: string): string;
}

/** Starts the app (with extra settings), listens on a free port and creates the organizations, users and repositories. */
export async function startGitApp(database: TestDatabase, env: Record<string, string> = {}): Promise<GitApp> {
  // The public URL must be known before the server starts: the REST API builds clone URLs and
  // resource areas from it, and the official client follows them.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await startTestApp(database, { PATINA_PUBLIC_URL: base, ...env });
  for (const user of ["alice", "carol", "rita", "bob"]) await t.createUser(user);
  const acmeId = await t.createOrg("acme", "alice");
  const betaId = await t.createOrg("beta", "bob");
  await t.addMember("acme", "carol", "contributor");
  await t.addMember("acme", "rita", "reader");
  await t.addMember("beta", "alice", "admin");
  await t.createProject("acme", "web");
  await t.createProject("beta", "other");
  const { store, clock, config } = t.app.services;
  const repositories = createRepositoryService({ db: store.db, clock, reposDir: config.reposDir });
  for (const [orgId, project, name] of [
    [acmeId, "web", "app"],
    [betaId, "other", "secret"],
  ] as const) {
    const created = await repositories.create(CLI_ACTOR, orgId, project, name);
    if (!created.ok) throw new Error(created.message);
  }
  await t.app.server.listen({ port, host: "127.0.0.1" });
  return {
    t,
    base,
    repositories,
    url(path, token) {
      const url = new URL(`${base}/${path.replace(/^\//, "")}`);
      if (token !== undefined) {
        url.username = "anything";
        url.password = token;
      }
      return url.toString();
    },
  };
}
