/** Project rows as Azure DevOps clients see them: `TeamProjectReference` and `TeamProject`. Pure. */
import type { ProjectRow } from "./project.repository.js";
import { type TeamUrls, toTeamRef, type WebApiTeamRef } from "./team-view.js";

/** Azure DevOps project visibility as it appears on the wire. */
export type ProjectVisibility = "private" | "organization" | "public";

/** Azure DevOps' `TeamProjectReference`. */
export interface TeamProjectReference {
  id: string;
  name: string;
  description: string;
  url: string;
  /** Patina creates projects synchronously, so every project it has is complete. */
  state: "wellFormed";
  revision: number;
  visibility: ProjectVisibility;
  lastUpdateTime: string;
}

/** Azure DevOps' `TeamProject`. */
export interface TeamProject extends TeamProjectReference {
  _links: { self: { href: string } };
  /** The project's one team (see team-view.ts). */
  defaultTeam: WebApiTeamRef;
  capabilities?: {
    versioncontrol: { sourceControlType: "Git"; gitEnabled: "True"; tfvcEnabled: "False" };
  };
}

const VISIBILITIES: readonly string[] = ["private", "organization", "public"];

function visibilityOf(value: string): ProjectVisibility {
  // The column only ever holds these; anything else is shown as the least exposed value.
  return VISIBILITIES.includes(value) ? (value as ProjectVisibility) : "private";
}

/** The URL of an organization's projects collection, e.g. `https://host/acme/_apis/projects`. */
export function projectsUrl(publicUrl: string, orgName: string): string {
  return `${publicUrl}/${encodeURIComponent(orgName)}/_apis/projects`;
}

/** A project as a list entry. */
export function toProjectReference(row: ProjectRow, collectionUrl: string): TeamProjectReference {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    url: `${collectionUrl}/${row.id}`,
    state: "wellFormed",
    revision: row.revision,
    visibility: visibilityOf(row.visibility),
    lastUpdateTime: row.lastUpdateTime,
  };
}

/** A project on its own, with links and, when asked, its capabilities (Patina projects hold git repositories). */
export function toTeamProject(row: ProjectRow, urls: TeamUrls, includeCapabilities: boolean): TeamProject {
  const reference = toProjectReference(row, projectsUrl(urls.publicUrl, urls.orgName));
  return {
    ...reference,
    _links: { self: { href: reference.url } },
    defaultTeam: toTeamRef(row, urls),
    ...(includeCapabilities
      ? { capabilities: { versioncontrol: { sourceControlType: "Git", gitEnabled: "True", tfvcEnabled: "False" } } }
      : {}),
  };
}
