/** What a command may touch: its output streams, its working directory and its environment. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** One `outpost <name>` command. `run` returns the exit code: 0 success, 1 failure, 2 usage error. */
export interface Command {
  readonly name: string;
  /** One line for `outpost --help`. */
  readonly summary: string;
  /** The command's `--help` text. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

export const exitCodes = { ok: 0, failure: 1, usage: 2 } as const;
