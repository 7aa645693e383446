import type { Command } from "commander";
import { CLI_ACTOR } from "../audit/audit-log.js";
import type { CliIo, ConfigSource } from "./main.js";
import { unwrap, withServices } from "./operator.js";
import { readFirstLine } from "./read-line.js";

interface UserAddOptions {
  email: string;
  admin?: boolean;
  displayName?: string;
  passwordStdin?: boolean;
}

/** `patina user add | disable | enable`. */
export function registerUserCommands(program: Command, getConfig: ConfigSource, io: CliIo) {
  const user = program.command("user").description("Manage local user accounts");

  user
    .command("add")
    .description("Add a local user (without --password-stdin: a token-only account that cannot sign in)")
    .argument("<name>", "user name")
    .requiredOption("--email <email>", "email address")
    .option("--display-name <name>", "display name (default: the user name)")
    .option("--admin", "make the user an instance administrator")
    .option("--password-stdin", "read the password from the first line of stdin")
    .action(async (name: string, options: UserAddOptions) => {
      // Read before opening the store: a pipe that never ends should not hold a connection.
      const password = options.passwordStdin ? await readFirstLine(io.stdin) : undefined;
      const added = await withServices(getConfig, async (services) =>
        unwrap(
          await services.directory.addUser(CLI_ACTOR, {
            username: name,
            email: options.email,
            displayName: options.displayName,
            admin: options.admin === true,
            password,
          }),
        ),
      );
      const kind = options.admin ? "administrator" : "user";
      const login = password === undefined ? " (token-only: no password)" : "";
      io.stdout.write(`Added ${kind} '${added.username}'${login}.\n`);
    });

  for (const [command, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    user
      .command(command)
      .description(
        disabled
          ? "Disable a user: their tokens and sign-ins stop working (nothing is deleted)"
          : "Enable a disabled user again",
      )
      .argument("<name>", "user name")
      .action(async (name: string) => {
        await withServices(getConfig, async (services) =>
          unwrap(await services.directory.setDisabled(CLI_ACTOR, name, disabled)),
        );
        io.stdout.write(`${disabled ? "Disabled" : "Enabled"} user '${name.toLowerCase()}'.\n`);
      });
  }
}
