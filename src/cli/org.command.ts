import { type Command, Option } from "commander";
import { CLI_ACTOR } from "../audit/audit-log.js";
import { ORG_ROLES, type OrgRole } from "../domain/roles.js";
import type { CliIo, ConfigSource } from "./main.js";
import { unwrap, withServices } from "./operator.js";

/** `patina org add` and `patina org member add`. */
export function registerOrgCommands(program: Command, getConfig: ConfigSource, io: CliIo) {
  const org = program.command("org").description("Manage organizations and their members");

  org
    .command("add")
    .description("Add an organization; its owner becomes its first administrator")
    .argument("<org>", "organization name")
    .requiredOption("--owner <user>", "user who administers the organization")
    .action(async (name: string, options: { owner: string }) => {
      const added = await withServices(getConfig, async (services) =>
        unwrap(await services.directory.addOrganization(CLI_ACTOR, name, options.owner)),
      );
      io.stdout.write(`Added organization '${added.name}' (administrator: ${options.owner.toLowerCase()}).\n`);
    });

  const member = org.command("member").description("Manage the members of an organization");

  member
    .command("add")
    .description("Add a member to an organization, or change their role")
    .argument("<org>", "organization name")
    .argument("<user>", "user name")
    .addOption(new Option("--role <role>", "role in the organization").choices(ORG_ROLES).makeOptionMandatory())
    .action(async (orgName: string, username: string, options: { role: OrgRole }) => {
      await withServices(getConfig, async (services) =>
        unwrap(await services.directory.setMember(CLI_ACTOR, orgName, username, options.role)),
      );
      io.stdout.write(`'${username.toLowerCase()}' is ${options.role} in '${orgName.toLowerCase()}'.\n`);
    });
}
