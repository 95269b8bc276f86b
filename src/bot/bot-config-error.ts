/**
 * The bot cannot start as configured: a missing environment variable, an operator config that
 * does not validate. The message lists every problem, naming variables and keys, never values.
 */
export class BotConfigError extends Error {
  readonly code = "bot_config_invalid";
  readonly problems: readonly string[];

  constructor(what: string, problems: readonly string[]) {
    super(`${what}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "BotConfigError";
    this.problems = problems;
  }
}
