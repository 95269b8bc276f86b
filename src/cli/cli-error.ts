import type { Redact } from "../render/redaction.ts";

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

/**
 * Masks the secrets in an error's message and stack before anything prints it (an API's error
 * message may quote a credential or an env value); the error keeps its type. Returns it.
 */
export function redactError(error: unknown, redact: Redact): unknown {
  if (error instanceof Error) {
    error.message = redact(error.message);
    if (error.stack !== undefined) error.stack = redact(error.stack);
  }
  return error;
}
