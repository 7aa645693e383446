/**
 * The `repositories` table: one row per bare git repository. The row's ids, never its name,
 * locate the repository on disk (see paths.ts), so a name can hold nothing that reaches a path.
 */

/** `pending` while its `git init` runs (invisible, but its name is taken); `ready` once it exists on disk. */
export type RepositoryState = "pending" | "ready";

/** A git repository of a project, as the query layer sees it. */
export interface RepositoryTable {
  /** UUID; Azure DevOps clients see it as the repository id. */
  id: string;
  orgId: string;
  projectId: string;
  /** The name as given (case kept for display). */
  name: string;
  /** Lower-cased name: repository names are unique in a project regardless of case. */
  nameKey: string;
  /** Full ref name of the branch HEAD points at, e.g. `refs/heads/main`. */
  defaultBranch: string;
  isDisabled: number;
  state: RepositoryState;
  createdAt: string;
}
