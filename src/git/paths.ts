/**
 * Where bare repositories live on disk: `<dataDir>/repos/<orgId>/<projectId>/<repoId>.git`.
 *
 * Threat model: a URL names a repository by organization, project and repository *names*, all
 * attacker-controlled text (`..`, `%2F`, absolute paths, NUL bytes, Unicode tricks). None of it
 * ever reaches a path: names are looked up in the database, and only the row's ids — UUIDs that
 * Patina generated — are joined into a path. As a second line of defence the joined path is
 * checked to be a UUID-shaped triple strictly inside the repositories root.
 */
import path from "node:path";
import { isUuid } from "../ids.js";

/** The folder of the data directory that holds every repository. */
export function repositoriesRoot(dataDir: string): string {
  return path.join(dataDir, "repos");
}

/** The ids that locate one repository. */
export interface RepositoryLocation {
  readonly orgId: string;
  readonly projectId: string;
  readonly id: string;
}

/**
 * The repository's path relative to the root, with forward slashes (`<org>/<project>/<id>.git`),
 * as `git http-backend` wants it in PATH_INFO. Throws on anything but UUIDs: that is a bug.
 */
export function repositoryRelativePath(location: RepositoryLocation): string {
  for (const id of [location.orgId, location.projectId, location.id]) {
    if (!isUuid(id)) throw new Error("a repository location holds something other than a UUID");
  }
  return `${location.orgId}/${location.projectId}/${location.id}.git`;
}

/** The repository's absolute path under the root. */
export function repositoryPath(root: string, location: RepositoryLocation): string {
  const resolvedRoot = path.resolve(root);
  const full = path.resolve(resolvedRoot, repositoryRelativePath(location));
  if (!full.startsWith(resolvedRoot + path.sep)) throw new Error("a repository path escapes the root");
  return full;
}
