/** A repository to try tokens on with the real git client (`git ls-remote`). */
import { CLI_ACTOR } from "../../src/audit/audit-log.js";
import { createRepositoryService } from "../../src/git/repository.service.js";
import { createGitSandbox, type GitResult } from "../git/git-client.js";
import type { LiveServer } from "./support.js";

export interface GitRemote {
  /** Runs `git ls-remote` of the repository with the token, as a git user with a clean setup would. */
  lsRemote(token: string): Promise<GitResult>;
  remove(): void;
}

/** Creates the repository `name` in an existing organization and project, and a git sandbox for it. */
export async function createGitRemote(
  live: LiveServer,
  where: { orgId: string; org: string; project: string; name: string },
): Promise<GitRemote> {
  const { store, clock, config } = live.t.app.services;
  const repositories = createRepositoryService({ db: store.db, clock, reposDir: config.reposDir });
  const created = await repositories.create(CLI_ACTOR, where.orgId, where.project, where.name);
  if (!created.ok) throw new Error(created.message);
  const sandbox = createGitSandbox();
  const url = `${live.baseUrl}/${where.org}/${where.project}/_git/${where.name}`;
  return {
    lsRemote: (token) =>
      sandbox.git([
        "-c",
        `http.extraHeader=Authorization: Basic ${Buffer.from(`:${token}`).toString("base64")}`,
        "ls-remote",
        url,
      ]),
    remove: () => sandbox.remove(),
  };
}
