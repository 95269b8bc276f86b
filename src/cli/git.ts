/**
 * The git repository a config file is in: its root folder (jobs' `paths:` and the records
 * identity are relative to it), and the commit and ref of the working tree for `${{ git.* }}`.
 * The root is found by looking for `.git` in the folder and its parents, so that a folder
 * outside any repository costs no `git` process at all.
 */
import { execFile } from "node:child_process";
import { lstat } from "node:fs/promises";
import { dirname, join } from "node:path";
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

/** The top folder of the git repository holding `folder` (where `.git` is); undefined outside one. */
export async function repositoryRoot(folder: string): Promise<string | undefined> {
  for (let current = folder; ; current = dirname(current)) {
    try {
      // A folder in a repository, a file in a worktree or submodule.
      await lstat(join(current, ".git"));
      return current;
    } catch {
      if (dirname(current) === current) return undefined;
    }
  }
}

/** Undefined outside a git repository with a commit (then `${{ git.* }}` references are errors). */
export async function readGit(
  folder: string,
  overrides: { sha?: string | undefined; ref?: string | undefined },
): Promise<GitInfo | undefined> {
  const inRepository = (await repositoryRoot(folder)) !== undefined;
  const sha = overrides.sha ?? (inRepository ? await git(folder, "rev-parse", "HEAD") : undefined);
  if (sha === undefined) return undefined;
  const ref =
    overrides.ref ??
    (inRepository ? await git(folder, "symbolic-ref", "-q", "HEAD") : undefined) ??
    sha;
  return { sha, ref };
}
