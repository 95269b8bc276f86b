import { version } from "../version.ts";
import { exitCodes, type CliIo, type Command } from "./command.ts";
import { createInterface } from "node:readline/promises";
import { OutpostError } from "../outpost/errors.ts";
import { ApplyRefusedError } from "../plan/apply.ts";
import { CommandFailed, UsageError } from "./cli-error.ts";
import { commands } from "./command-table.ts";
import { watchInterruption } from "./interruption.ts";

function help(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const rows = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `Usage: outpost <command> [options]

Commands:
${rows.join("\n")}

Run \`outpost <command> --help\` for a command's options.
`;
}

/** Runs `outpost` with `argv` (without the node and script paths) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(help());
    return name === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${version}\n`);
    return exitCodes.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr.write(`outpost: unknown command "${name}"\n\n${help()}`);
    return exitCodes.usage;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    return report(command, error, io);
  }
}

/** Errors users can act on are one line, without a stack; anything else is a bug and shows it. */
function report(command: Command, error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`outpost ${command.name}: ${error.message}\n\n${command.usage}`);
    return exitCodes.usage;
  }
  if (
    error instanceof CommandFailed ||
    error instanceof OutpostError ||
    error instanceof ApplyRefusedError
  ) {
    io.stderr.write(`outpost ${command.name}: ${error.message}\n`);
    return exitCodes.failure;
  }
  throw error;
}

/** `outpost` as a process (bin/outpost.js): the terminal's streams, Ctrl-C, the exit code. */
export async function main(): Promise<void> {
  const interactive = process.stdin.isTTY && process.stdout.isTTY;
  const interruption = watchInterruption(process);
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    ...(process.stdout.isTTY ? { terminal: process.stdout } : {}),
    claimInterrupts: () => interruption.claim(),
    ...(interactive
      ? {
          ask: async (question: string) => {
            const prompt = createInterface({ input: process.stdin, output: process.stdout });
            try {
              return await prompt.question(question);
            } catch (error) {
              // Ctrl-C at the prompt: no answer.
              if (error instanceof Error && error.name === "AbortError") return undefined;
              throw error;
            } finally {
              prompt.close();
            }
          },
        }
      : {}),
  };
  try {
    process.exitCode = await run(process.argv.slice(2), io);
  } catch (error) {
    process.stderr.write(
      `outpost: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = exitCodes.failure;
  }
}
