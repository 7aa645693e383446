/**
 * The `patina` command line: `serve`, `migrate`, and the operator commands. Reads the same
 * configuration as the server, so operator commands work on the same store, even while the
 * server runs.
 */
import { Command, CommanderError } from "commander";
import { ConfigError, loadConfig, type PatinaConfig } from "../config/config.js";
import { registerAuditCommands } from "./audit.command.js";
import { registerBackupCommands } from "./backup.command.js";
import { CliError, EXIT_USAGE } from "./cli-error.js";
import { registerCredentialCommands } from "./credential.command.js";
import { registerNotifyCommands } from "./notify.command.js";
import { registerOrgCommands } from "./org.command.js";
import { registerPolicyCommands } from "./policy.command.js";
import { registerProjectCommands } from "./project.command.js";
import { registerRepoCommands } from "./repo.command.js";
import { registerScanCommand } from "./scan.command.js";
import { registerServeCommands } from "./serve.command.js";
import { registerTokenCommands } from "./token.command.js";
import { registerUserCommands } from "./user.command.js";

export { CliError } from "./cli-error.js";

/** Output streams, injectable for tests. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const defaultIo: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };

/** Loads the configuration once, on first use, so `--help` works without a valid environment. */
export type ConfigSource = () => PatinaConfig;

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let config: PatinaConfig | undefined;
  const getConfig: ConfigSource = () => {
    config ??= loadConfig(io.env);
    return config;
  };
  const program = new Command("patina")
    .description("Patina: personal access tokens in the Azure DevOps dialect")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Usage errors read like every other failure: one line, prefixed with the program name.
      outputError: (text, write) => write(text.replace(/^error: /, "patina: ")),
    });
  registerServeCommands(program, getConfig, io);
  registerUserCommands(program, getConfig, io);
  registerOrgCommands(program, getConfig, io);
  registerProjectCommands(program, getConfig, io);
  registerTokenCommands(program, getConfig, io);
  registerRepoCommands(program, getConfig, io);
  registerCredentialCommands(program, io);
  registerAuditCommands(program, getConfig, io);
  registerScanCommand(program, io);
  registerNotifyCommands(program, getConfig, io);
  registerPolicyCommands(program, getConfig, io);
  registerBackupCommands(program, getConfig, io);
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    // Commander has already printed its message; --help and --version exit 0, anything else is usage.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    if (error instanceof ConfigError || error instanceof CliError) {
      io.stderr.write(`patina: ${error.message}\n`);
      return error instanceof CliError ? error.exitCode : EXIT_USAGE;
    }
    throw error;
  }
}
