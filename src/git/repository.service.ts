/**
 * Git repositories of projects: create (database row, audit event and bare repository on disk,
 * all or nothing; see repository-creation.ts), list, find, rename and delete (see
 * repository-changes.ts). Used by the REST API, the smart HTTP routes and the CLI. Expected
 * failures come back as data.
 */
import type { Kysely } from "kysely";
import type { AuditActor } from "../audit/audit-log.js";
import type { Clock } from "../clock.js";
import type { Database } from "../db/schema.js";
import { isEchoable } from "../domain/text.js";
import { isUuid, newUuid } from "../ids.js";
import { findProject, type ProjectRow } from "../projects/project.repository.js";
import { projectNotFoundMessage } from "../projects/project-errors.js";
import { repositoryPath } from "./paths.js";
import {
  findRepositoryInOrg,
  findRepositoryInProject,
  listRepositoriesOfOrg,
  listRepositoriesOfProject,
  type RepositoryRow,
} from "./repository.repository.js";
import { deleteRepositoryRecord, renameRepositoryRecord } from "./repository-changes.js";
import { createRepositoryRecord } from "./repository-creation.js";
import { checkRepositoryName, isPlausibleRepositoryName } from "./repository-name.js";

/** The branch a new repository's HEAD points at. */
export const DEFAULT_BRANCH = "main";

/** A repository together with its project, which every view of it shows. */
export interface LocatedRepository {
  readonly repository: RepositoryRow;
  readonly project: ProjectRow;
}

/** Why a repository operation was refused; routes map each to a status. */
export type RepositoryError =
  | "projectNotFound"
  | "repositoryNotFound"
  | "repositoryIdRequired"
  | "invalidName"
  | "duplicateName"
  | "changedMeanwhile"
  | "unsupportedChange";
/** What a PATCH of a repository asks to change (Azure DevOps' `GitRepository` fields). */
export interface RepositoryChanges {
  readonly name?: string | undefined;
  readonly defaultBranch?: string | undefined;
  readonly isDisabled?: boolean | undefined;
}

/** An operation's value, or its refusal with a message for the client. */
export type RepositoryResult<T> = { ok: true; value: T } | { ok: false; error: RepositoryError; message: string };

const fail = (error: RepositoryError, message: string) => ({ ok: false as const, error, message });

function repositoryNotFound(repositoryIdOrName: string) {
  const named = isEchoable(repositoryIdOrName)
    ? `name or identifier ${repositoryIdOrName}`
    : "the name or identifier in the URL";
  return fail(
    "repositoryNotFound",
    `TF401019: The Git repository with ${named} does not exist or you do not have permissions for the operation you are attempting.`,
  );
}

/** Creates the repository service over one store and data directory. */
export function createRepositoryService(deps: { db: Kysely<Database>; clock: Clock; reposDir: string }) {
  const { db, clock } = deps;
  const root = deps.reposDir;

  const projectOf = async (orgId: string, idOrName: string): Promise<RepositoryResult<ProjectRow>> => {
    // Reject what no project can be called before asking the database (PostgreSQL refuses NUL bytes).
    const row = isPlausibleSegment(idOrName) ? await findProject(db, orgId, idOrName) : undefined;
    return row === undefined ? fail("projectNotFound", projectNotFoundMessage(idOrName)) : { ok: true, value: row };
  };

  /** One repository by id or name in a project, or by id anywhere in the organization. */
  const find = async (
    orgId: string,
    projectIdOrName: string | undefined,
    repositoryIdOrName: string,
  ): Promise<RepositoryResult<LocatedRepository>> => {
    const notFound = repositoryNotFound(repositoryIdOrName);
    if (!isPlausibleRepositoryName(repositoryIdOrName)) return notFound;
    if (projectIdOrName === undefined) {
      const row = await findRepositoryInOrg(db, orgId, repositoryIdOrName);
      const project = row && (await findProject(db, orgId, row.projectId));
      return row && project ? { ok: true, value: { repository: row, project } } : notFound;
    }
    const project = await projectOf(orgId, projectIdOrName);
    if (!project.ok) return project;
    const row = await findRepositoryInProject(db, project.value.id, repositoryIdOrName);
    return row ? { ok: true, value: { repository: row, project: project.value } } : notFound;
  };

  /**
   * A repository to change, named by its id only: a name may look like another repository's
   * id, and a delete must never have to guess which of the two was meant.
   */
  const findById = async (
    orgId: string,
    projectIdOrName: string | undefined,
    repositoryId: string,
  ): Promise<RepositoryResult<LocatedRepository>> => {
    if (!isUuid(repositoryId)) {
      return fail(
        "repositoryIdRequired",
        "A repository is changed or deleted by its id (a GUID). Get the repository by name to learn its id.",
      );
    }
    const inProject = projectIdOrName === undefined ? undefined : await projectOf(orgId, projectIdOrName);
    if (inProject !== undefined && !inProject.ok) return inProject;
    const row = await findRepositoryInOrg(db, orgId, repositoryId);
    const project = row && (inProject?.value ?? (await findProject(db, orgId, row.projectId)));
    // Someone else's project's repository is as unknown as one that does not exist.
    if (row === undefined || project === undefined || project.id !== row.projectId) {
      return repositoryNotFound(repositoryId);
    }
    return { ok: true, value: { repository: row, project } };
  };

  return {
    /** The folder every repository lives under. */
    root,

    /** The absolute path of a repository on disk. */
    pathOf(repository: RepositoryRow): string {
      return repositoryPath(root, repository);
    },

    /** Creates an empty repository in a project. */
    async create(
      actor: AuditActor,
      orgId: string,
      projectIdOrName: string,
      rawName: string,
    ): Promise<RepositoryResult<LocatedRepository>> {
      const project = await projectOf(orgId, projectIdOrName);
      if (!project.ok) return project;
      const name = checkRepositoryName(rawName);
      if (!name.ok) return fail("invalidName", name.message);
      const repository: RepositoryRow = {
        id: newUuid(),
        orgId,
        projectId: project.value.id,
        name: name.value,
        nameKey: name.value.toLowerCase(),
        defaultBranch: `refs/heads/${DEFAULT_BRANCH}`,
        isDisabled: 0,
        state: "ready",
        createdAt: clock.now().toISOString(),
      };
      if (!(await createRepositoryRecord({ db, clock, root }, actor, repository, DEFAULT_BRANCH))) {
        const named = isEchoable(name.value) ? `the name ${name.value}` : "this name";
        return fail("duplicateName", `TF400948: A Git repository with ${named} already exists in this project.`);
      }
      return { ok: true, value: { repository, project: project.value } };
    },

    /** The repositories of a project, or of every project of the organization. */
    async list(orgId: string, projectIdOrName: string | undefined): Promise<RepositoryResult<LocatedRepository[]>> {
      if (projectIdOrName === undefined) {
        const rows = await listRepositoriesOfOrg(db, orgId);
        const projects = new Map<string, ProjectRow | undefined>();
        for (const row of rows) {
          if (!projects.has(row.projectId)) projects.set(row.projectId, await findProject(db, orgId, row.projectId));
        }
        return { ok: true, value: rows.flatMap((row) => withProject(row, projects.get(row.projectId))) };
      }
      const project = await projectOf(orgId, projectIdOrName);
      if (!project.ok) return project;
      const rows = await listRepositoriesOfProject(db, project.value.id);
      return { ok: true, value: rows.map((repository) => ({ repository, project: project.value })) };
    },

    /** One repository by id or name in a project, or by id anywhere in the organization. */
    find,

    /** Deletes a repository (by id) for good: Patina has no recycle bin. */
    async remove(
      actor: AuditActor,
      orgId: string,
      projectIdOrName: string | undefined,
      repositoryId: string,
    ): Promise<RepositoryResult<LocatedRepository>> {
      const found = await findById(orgId, projectIdOrName, repositoryId);
      if (!found.ok) return found;
      if (!(await deleteRepositoryRecord({ db, clock, root }, actor, found.value.repository))) {
        return repositoryNotFound(repositoryId);
      }
      return found;
    },

    /**
     * Changes a repository (by id): Patina can rename one; renaming to its own name changes
     * nothing. Its default branch and disabled state are shown but cannot be changed, so a
     * request to change them is refused rather than silently ignored.
     */
    async update(
      actor: AuditActor,
      orgId: string,
      projectIdOrName: string | undefined,
      repositoryId: string,
      changes: RepositoryChanges,
    ): Promise<RepositoryResult<LocatedRepository>> {
      const found = await findById(orgId, projectIdOrName, repositoryId);
      if (!found.ok) return found;
      const { repository, project } = found.value;
      if (changes.defaultBranch !== undefined && changes.defaultBranch !== repository.defaultBranch) {
        return fail("unsupportedChange", "Patina does not support changing the default branch of a repository.");
      }
      if (changes.isDisabled !== undefined && changes.isDisabled !== (repository.isDisabled === 1)) {
        return fail("unsupportedChange", "Patina does not support disabling or enabling a repository.");
      }
      if (changes.name === undefined) return found;
      const name = checkRepositoryName(changes.name);
      if (!name.ok) return fail("invalidName", name.message);
      if (name.value === repository.name) return found;
      switch (await renameRepositoryRecord({ db, clock, root }, actor, repository, name.value)) {
        case "renamed": {
          const renamed = { ...repository, name: name.value, nameKey: name.value.toLowerCase() };
          return { ok: true, value: { repository: renamed, project } };
        }
        case "duplicateName":
          // Not repeated: the name is the caller's input.
          return fail("duplicateName", "TF400948: A Git repository with this name already exists in this project.");
        case "changedMeanwhile":
          return fail(
            "changedMeanwhile",
            "The repository was renamed by another request at the same time. Get it again and retry.",
          );
        case "gone":
          return repositoryNotFound(repositoryId);
      }
    },
  };
}

/** The repository service, as wired by createRepositoryService. */
export type RepositoryService = ReturnType<typeof createRepositoryService>;

function withProject(repository: RepositoryRow, project: ProjectRow | undefined): LocatedRepository[] {
  return project === undefined ? [] : [{ repository, project }];
}

/** Project ids and names are short and printable; anything else names nothing. */
function isPlausibleSegment(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects.
  return value.length > 0 && value.length <= 64 && !/[\u0000-\u001f\u007f]/.test(value);
}
