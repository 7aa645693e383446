/** Repository rows as Azure DevOps clients see them: `GitRepository`. Pure. */
import type { ProjectRow } from "../projects/project.repository.js";
import { projectsUrl, type TeamProjectReference, toProjectReference } from "../projects/project-view.js";
import type { LocatedRepository } from "./repository.service.js";

/** Azure DevOps' `GitRepository` (without `sshUrl`: Patina serves git over HTTPS only). */
export interface GitRepository {
  id: string;
  name: string;
  url: string;
  project: TeamProjectReference;
  defaultBranch: string;
  size: number;
  remoteUrl: string;
  webUrl: string;
  isDisabled: boolean;
  isInMaintenance: boolean;
  /** Always false: Patina creates no forks. */
  isFork: boolean;
  /** Every URL git may clone the repository from, when asked with `includeAllUrls`: Patina has one. */
  validRemoteUrls?: string[];
  _links?: { self: { href: string }; project: { href: string }; web: { href: string } };
}

/** Where to reach an organization, e.g. `https://host/acme`. */
export interface OrgUrls {
  readonly publicUrl: string;
  readonly orgName: string;
}

/** The clone URL of a repository: `https://host/{org}/{project}/_git/{repo}`, as users paste it into git. */
export function cloneUrl(urls: OrgUrls, project: ProjectRow, name: string): string {
  return `${urls.publicUrl}/${encodeURIComponent(urls.orgName)}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(name)}`;
}

/** What a read asked to include beyond the plain repository. */
export interface RepositoryViewOptions {
  readonly includeLinks: boolean;
  readonly includeAllUrls: boolean;
}

/** A repository as the REST API shows it; `size` is measured by the caller. */
export function toGitRepository(
  located: LocatedRepository,
  urls: OrgUrls,
  size: number,
  options: RepositoryViewOptions,
): GitRepository {
  const { repository, project } = located;
  const org = encodeURIComponent(urls.orgName);
  // Azure DevOps builds the API URL with the project id, so it survives a project rename.
  const url = `${urls.publicUrl}/${org}/${project.id}/_apis/git/repositories/${repository.id}`;
  const projectReference = toProjectReference(project, projectsUrl(urls.publicUrl, urls.orgName));
  const remoteUrl = cloneUrl(urls, project, repository.name);
  return {
    id: repository.id,
    name: repository.name,
    url,
    project: projectReference,
    defaultBranch: repository.defaultBranch,
    size,
    remoteUrl,
    webUrl: remoteUrl,
    isDisabled: repository.isDisabled === 1,
    isInMaintenance: false,
    isFork: false,
    ...(options.includeAllUrls ? { validRemoteUrls: [remoteUrl] } : {}),
    ...(options.includeLinks
      ? { _links: { self: { href: url }, project: { href: projectReference.url }, web: { href: remoteUrl } } }
      : {}),
  };
}
