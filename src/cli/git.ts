/** The commit and ref of the working tree, for `${{ git.* }}` references. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { GitInfo } from "../config/interpolate.ts";

const run = promisify(execFile);

async function git(cwd: string, ...args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run("git", args, { cwd });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Undefined outside a git repository with a commit (then `${{ git.* }}` references are errors). */
export async function readGit(
  cwd: string,
  overrides: { sha?: string | undefined; ref?: string | undefined },
): Promise<GitInfo | undefined> {
  const sha = overrides.sha ?? (await git(cwd, "rev-parse", "HEAD"));
  if (sha === undefined) return undefined;
  const ref = overrides.ref ?? (await git(cwd, "symbolic-ref", "-q", "HEAD")) ?? sha;
  return { sha, ref };
}

/** The top folder of the git repository holding `cwd`; undefined outside one. */
export function repositoryRoot(cwd: string): Promise<string | undefined> {
  return git(cwd, "rev-parse", "--show-toplevel");
}
