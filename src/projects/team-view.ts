/**
 * A project's default team as Azure DevOps clients see it: `WebApiTeam`, `WebApiTeamRef` and
 * `TeamMember`. Patina has no teams of its own; every project has exactly one, named the way
 * Azure DevOps names a project's default team, whose members are the organization's members
 * (Patina has no per-project membership) and whose administrators are the organization's
 * administrators. Its id is derived from the project id, so nothing is stored. Pure.
 */
import { uuidV5 } from "../ids.js";
import { subjectDescriptorOf } from "../location/connection-data.js";
import type { MemberRow } from "../orgs/org.repository.js";
import type { ProjectRow } from "./project.repository.js";

/** The namespace of default-team ids; fixed forever, or every team id would change. */
const DEFAULT_TEAM_NAMESPACE = "c2fb71f3-b5e8-4e6e-b707-44051d09d4c2";
/** Azure DevOps' description of a project's default team. */
export const DEFAULT_TEAM_DESCRIPTION = "The default project team.";

/** Azure DevOps' `WebApiTeamRef`, as a project's `defaultTeam` carries it. */
export interface WebApiTeamRef {
  id: string;
  name: string;
  url: string;
}

/** Azure DevOps' `WebApiTeam` (without `identity`: Patina has no identity service). */
export interface WebApiTeam extends WebApiTeamRef {
  description: string;
  identityUrl: string;
  projectName: string;
  projectId: string;
}

/** Azure DevOps' `IdentityRef` of a user (without `url`: there is no identities API to point at). */
export interface IdentityRef {
  id: string;
  displayName: string;
  uniqueName: string;
  descriptor: string;
  inactive: boolean;
}

/** Azure DevOps' `TeamMember`. */
export interface TeamMember {
  identity: IdentityRef;
  isTeamAdmin: boolean;
}

/** Where the team's URLs point: the instance's public URL and the organization's name. */
export interface TeamUrls {
  readonly publicUrl: string;
  readonly orgName: string;
}

/** The id of a project's default team (a version 5 UUID of the project id). */
export function defaultTeamId(projectId: string): string {
  return uuidV5(DEFAULT_TEAM_NAMESPACE, projectId.toLowerCase());
}

/** The name of a project's default team, as Azure DevOps names it. */
export function defaultTeamName(projectName: string): string {
  return `${projectName} Team`;
}

/** True when `idOrName` names the project's default team (by id, or by name in any case). */
export function namesDefaultTeam(project: ProjectRow, idOrName: string): boolean {
  const wanted = idOrName.toLowerCase();
  return wanted === defaultTeamId(project.id) || wanted === defaultTeamName(project.name).toLowerCase();
}

function orgUrl(urls: TeamUrls): string {
  return `${urls.publicUrl}/${encodeURIComponent(urls.orgName)}`;
}

/** The project's default team as a reference (`defaultTeam` of a project). */
export function toTeamRef(project: ProjectRow, urls: TeamUrls): WebApiTeamRef {
  const id = defaultTeamId(project.id);
  return {
    id,
    name: defaultTeamName(project.name),
    url: `${orgUrl(urls)}/_apis/projects/${project.id}/teams/${id}`,
  };
}

/** The project's default team. */
export function toWebApiTeam(project: ProjectRow, urls: TeamUrls): WebApiTeam {
  const ref = toTeamRef(project, urls);
  return {
    ...ref,
    description: DEFAULT_TEAM_DESCRIPTION,
    // Azure DevOps' form; Patina serves no identities API, so clients can only show it.
    identityUrl: `${orgUrl(urls)}/_apis/Identities/${ref.id}`,
    projectName: project.name,
    projectId: project.id,
  };
}

/** An organization member as a member of the default team; organization administrators administer it. */
export function toTeamMember(member: MemberRow): TeamMember {
  return {
    identity: {
      id: member.userId,
      displayName: member.displayName,
      uniqueName: member.email,
      descriptor: subjectDescriptorOf(member.userId),
      inactive: member.isDisabled !== 0,
    },
    isTeamAdmin: member.role === "admin",
  };
}
