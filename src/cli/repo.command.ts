import type { Command } from "commander";
import { CLI_ACTOR } from "../audit/audit-log.js";
import { createRepositoryService } from "../git/repository.service.js";
import { cloneUrl } from "../git/repository-view.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";
import type { CliIo, ConfigSource } from "./main.js";
import { requireOrganization, withServices } from "./operator.js";

/** `patina repo add ORG/PROJECT/REPO`. */
export function registerRepoCommands(program: Command, getConfig: ConfigSource, io: CliIo) {
  const repo = program.command("repo").description("Manage git repositories");

  repo
    .command("add")
    .description("Create an empty git repository in a project")
    .argument("<org/project/repo>", "organization, project and repository name, e.g. acme/web/app")
    .action(async (path: string) => {
      const { orgName, projectName, repoName } = splitRepositoryPath(path);
      const created = await withServices(getConfig, async (services) => {
        const org = await requireOrganization(services.store.db, orgName);
        const repositories = createRepositoryService({
          db: services.store.db,
          clock: services.clock,
          reposDir: services.config.reposDir,
        });
        const result = await repositories.create(CLI_ACTOR, org.id, projectName, repoName);
        if (!result.ok) throw new CliError(result.message);
        const { project, repository } = result.value;
        return {
          name: repository.name,
          url: cloneUrl({ publicUrl: services.config.publicUrl, orgName: org.name }, project, repository.name),
        };
      });
      io.stdout.write(`Created repository '${created.name}'. Clone it with: git clone ${created.url}\n`);
    });
}

/** Splits `ORG/PROJECT/REPO`; anything else is a usage error. */
function splitRepositoryPath(path: string): { orgName: string; projectName: string; repoName: string } {
  const parts = path.split("/");
  const [orgName, projectName, repoName] = parts;
  if (parts.length !== 3 || !orgName || !projectName || !repoName) {
    throw new CliError(`expected ORG/PROJECT/REPO (e.g. acme/web/app), got '${path}'.`, EXIT_USAGE);
  }
  return { orgName, projectName, repoName };
}
