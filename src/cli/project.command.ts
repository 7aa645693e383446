import type { Command } from "commander";
import { CLI_ACTOR } from "../audit/audit-log.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";
import type { CliIo, ConfigSource } from "./main.js";
import { unwrap, withServices } from "./operator.js";

/** `patina project add ORG/PROJECT`. */
export function registerProjectCommands(program: Command, getConfig: ConfigSource, io: CliIo) {
  const project = program.command("project").description("Manage projects");

  project
    .command("add")
    .description("Add a project to an organization")
    .argument("<org/project>", "organization and project name, e.g. acme/web")
    .option("--description <text>", "project description", "")
    .action(async (path: string, options: { description: string }) => {
      const { orgName, projectName } = splitProjectPath(path);
      const added = await withServices(getConfig, async (services) =>
        unwrap(await services.directory.addProject(CLI_ACTOR, orgName, projectName, options.description)),
      );
      io.stdout.write(`Added project '${added.name}' to '${orgName.toLowerCase()}'.\n`);
    });
}

/** Splits `ORG/PROJECT`; anything else is a usage error. */
function splitProjectPath(path: string): { orgName: string; projectName: string } {
  const parts = path.split("/");
  const [orgName, projectName] = parts;
  if (parts.length !== 2 || !orgName || !projectName) {
    throw new CliError(`expected ORG/PROJECT (e.g. acme/web), got '${path}'.`, EXIT_USAGE);
  }
  return { orgName, projectName };
}
