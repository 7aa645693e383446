/** Exit code for an operation the store or a service refused (unknown user, duplicate name…). */
export const EXIT_REFUSED = 1;
/** Exit code for a malformed command line or configuration. */
export const EXIT_USAGE = 2;

/** An expected failure of a command: printed as one line, without a stack trace. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number = EXIT_REFUSED,
  ) {
    super(message);
  }
}
