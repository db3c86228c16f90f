/** An error meant for the person at the terminal: printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Process exit code: 1 = a policy or check failed, 2 = invalid input or usage. */
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}
