/**
 * The `outpost` command line run in-process, as a user's terminal would see it: exit code and
 * everything written to stdout and stderr. An error `run()` lets escape (a bug: the real entry
 * point prints its stack) is returned as exit code 1 with the stack on stderr, exactly what the
 * user would get, so that tests can assert that it never happens.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { run } from "../../src/cli/main.ts";
import type { OutpostClientOptions } from "../../src/outpost/client.ts";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether `run()` threw instead of returning an exit code. */
  readonly crashed: boolean;
}

export async function outpost(
  argv: readonly string[],
  options: {
    readonly cwd: string;
    readonly env: Readonly<Record<string, string>>;
    /** Options for the command's Outpost clients, e.g. retries that do not wait. */
    readonly outpostClient?: Partial<OutpostClientOptions>;
  },
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: options.cwd,
    env: options.env,
    ...(options.outpostClient === undefined ? {} : { outpostClient: options.outpostClient }),
  };
  try {
    const code = await run(argv, io);
    return { code, stdout, stderr, crashed: false };
  } catch (error) {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { code: 1, stdout, stderr: `${stderr}outpost: ${stack}\n`, crashed: true };
  }
}

/** A temporary directory holding `files`, removed after the test. */
export async function projectDir(
  t: TestContext,
  files: Readonly<Record<string, string>>,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "outpost-reliability-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** Whether text shows a JavaScript stack trace (`    at fn (file:line:col)`). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+(\(|\s)(file:|node:|\/).*:\d+(:\d+)?\)?$/m.test(text);
}
