import type { OutpostClientOptions } from "../outpost/client.ts";

/** What a command may touch: its output streams, its working directory and its environment. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The terminal, when standard output is one: live progress is drawn there. */
  readonly terminal?: NodeJS.WriteStream;
  /**
   * Takes over Ctrl-C and SIGTERM for a graceful stop: the signal aborts (its reason `SIGINT` or
   * `SIGTERM`) instead of the process ending. Commands that do not call it end at once.
   */
  readonly claimInterrupts?: () => AbortSignal;
  /** Asks the person at the terminal, when there is one; undefined when they pressed Ctrl-C. */
  readonly ask?: (question: string) => Promise<string | undefined>;
  /** For tests: options for every Outpost client a command makes (e.g. waits that do not wait). */
  readonly outpostClient?: Partial<OutpostClientOptions>;
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

/**
 * 0 success; 1 failure (config errors, a failed apply, an API error); 2 usage error; 3 `plan
 * --exit-code` found changes; 130 stopped by Ctrl-C (SIGINT), 143 by SIGTERM.
 */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  changes: 3,
  interrupted: 130,
  terminated: 143,
} as const;
