/**
 * The `patina` command line: `serve`, `migrate`, and the operator commands. Reads the same
 * configuration as the server, so operator commands work on the same store, even while the
 * server runs.
 */
import { Command, CommanderError } from "commander";
import { ConfigError, loadConfig, type PatinaConfig } from "../config/config.js";
import { registerServeCommands } from "./serve.command.js";

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
    });
  registerServeCommands(program, getConfig, io);
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError || error instanceof CliError) {
      io.stderr.write(`patina: ${error.message}\n`);
      return error instanceof CliError ? error.exitCode : 2;
    }
    throw error;
  }
}

/** An expected failure of a command: printed without a stack trace. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
