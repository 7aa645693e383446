/** Messages for projects and teams that are not there, shared by the Core and Git areas. */
import { isEchoable } from "../domain/text.js";

/**
 * Azure DevOps' TF200016 for a project id or name that names nothing here. The name is
 * repeated only when short and plain (see domain/text.ts): a token pasted into the URL never is.
 */
export function projectNotFoundMessage(idOrName: string): string {
  return !isEchoable(idOrName)
    ? "TF200016: The project named in the URL does not exist. Verify that the name of the project is correct and that the project exists in this organization."
    : `TF200016: The following project does not exist: ${idOrName}. Verify that the name of the project is correct and that the project exists in this organization.`;
}

/** The 404 message for a team a project does not have; the name is repeated only when short and plain. */
export function teamNotFoundMessage(idOrName: string): string {
  return !isEchoable(idOrName)
    ? "The team named in the URL does not exist in this project. Each project has one team, named after the project with ' Team' appended."
    : `The team ${idOrName} does not exist in this project. Each project has one team, named after the project with ' Team' appended.`;
}
