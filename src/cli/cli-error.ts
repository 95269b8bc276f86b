import type { Problem } from "../config/problems.ts";
import type { ErrorCode } from "../render/json.ts";
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
  /** What `--json` calls it (docs/json/error.schema.json). */
  readonly code: Exclude<ErrorCode, "usage" | "internal">;
  constructor(message: string, code: CommandFailed["code"] = "failed") {
    super(message);
    this.name = "CommandFailed";
    this.code = code;
  }
}

/** outpost.yaml has errors: nothing was sent to Outpost. Exit code 1. */
export class ConfigInvalid extends CommandFailed {
  readonly problems: readonly Problem[];
  constructor(message: string, problems: readonly Problem[]) {
    super(message, "config_invalid");
    this.name = "ConfigInvalid";
    this.problems = problems;
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
