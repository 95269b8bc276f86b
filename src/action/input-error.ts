/**
 * A workflow input (or the run's environment) that cannot be used. Its message names the input
 * and the fix, and never holds the input's value: values may be secrets.
 */
export class InputError extends Error {
  readonly code = "invalid_input";
  /** The input's name as written in the workflow (`timeout`), or the variable's (`GITHUB_SHA`). */
  readonly input: string;

  constructor(input: string, message: string) {
    super(message);
    this.name = "InputError";
    this.input = input;
  }
}
