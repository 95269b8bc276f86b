import { version } from "../version.ts";
import { exitCodes, type CliIo, type Command } from "./command.ts";
import { createInterface } from "node:readline/promises";
import { OutpostApiError, OutpostError } from "../outpost/errors.ts";
import { errorOutput, jsonText, type ErrorOutput } from "../render/json.ts";
import { ApplyRefusedError } from "../plan/apply.ts";
import { CommandFailed, ConfigInvalid, UsageError } from "./cli-error.ts";
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
    return report(command, args, error, io);
  }
}

/**
 * Errors users can act on are one line, without a stack; anything else is a bug and shows it.
 * Under `--json` the same error is also a JSON document on standard output, with the same exit
 * code, so that a script reading standard output always gets JSON.
 */
function report(command: Command, args: readonly string[], error: unknown, io: CliIo): number {
  const json = wantsJson(args);
  const known = classify(error);
  if (known === undefined) {
    if (json) {
      const message = error instanceof Error ? error.message : String(error);
      io.stdout.write(`${jsonText(errorOutput("internal", message))}\n`);
    }
    throw error;
  }
  if (json) io.stdout.write(`${jsonText(known.output)}\n`);
  if (error instanceof UsageError) {
    io.stderr.write(`outpost ${command.name}: ${known.output.error.message}\n\n${command.usage}`);
    return exitCodes.usage;
  }
  io.stderr.write(`outpost ${command.name}: ${known.output.error.message}\n`);
  return exitCodes.failure;
}

/** `--json` among the options (before a `--`), even when they did not parse. */
function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).includes("--json");
}

function classify(error: unknown): { output: ErrorOutput } | undefined {
  if (error instanceof UsageError) return { output: errorOutput("usage", error.message) };
  if (error instanceof ConfigInvalid) {
    return { output: errorOutput(error.code, error.message, { problems: error.problems }) };
  }
  if (error instanceof CommandFailed) return { output: errorOutput(error.code, error.message) };
  if (error instanceof ApplyRefusedError) {
    return { output: errorOutput("replace_not_allowed", error.message) };
  }
  if (error instanceof OutpostApiError) {
    return {
      output: errorOutput("outpost_api", error.message, {
        status: error.status,
        apiCode: error.apiCode,
        requestId: error.requestId,
      }),
    };
  }
  if (error instanceof OutpostError)
    return { output: errorOutput("outpost_request", error.message) };
  return undefined;
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
