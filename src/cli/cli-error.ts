/** An error the user can fix from the command line; printed without a stack, exit code 2. */
export class UsageError extends Error {
  readonly code = "usage";
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The command ran and failed in a way already explained to the user; exit code 1. */
export class CommandFailed extends Error {
  readonly code = "failed";
  constructor(message: string) {
    super(message);
    this.name = "CommandFailed";
  }
}
