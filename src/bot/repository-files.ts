/**
 * Files of a repository at a commit, read through GitHub's API (the bot has no checkout):
 * outpost.yaml itself — with the checks a file on disk gets: at most the size limit, valid
 * UTF-8, its problems annotated at their line like any other — and the files a job's `paths:`
 * globs match, written to a temporary folder so the plan engine digests them exactly as the
 * action digests its checkout.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, matchesGlob } from "node:path";
import { decodeConfigFile, oversizedConfig, type ConfigText } from "../config/load.ts";
import type { GitHubApi } from "../github/github-api.ts";
import { githubFailure } from "../github/github-api.ts";
import { arrayField, field, numberField, stringField } from "./github-fields.ts";
import type { RepositoryRef } from "./repository.ts";

/** More files than this under a job's `paths:` are not fetched one by one. */
export const maxInputFiles = 300;

export class RepositoryFilesError extends Error {
  readonly code = "repository_files_unavailable";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RepositoryFilesError";
  }
}

/** A file's bytes at `ref`, or undefined when there is no such file (or a folder of that name). */
export async function readRepositoryBytes(
  github: GitHubApi,
  repository: RepositoryRef,
  path: string,
  ref: string,
): Promise<Buffer | undefined> {
  try {
    const response = await github.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...repository,
      path,
      ref,
    });
    const content = stringField(response.data, "content");
    if (stringField(response.data, "type") !== "file" || content === undefined) return undefined;
    if (stringField(response.data, "encoding") !== "base64") {
      throw new RepositoryFilesError(
        `${path} is too large for the bot to read through GitHub's API`,
      );
    }
    return Buffer.from(content, "base64");
  } catch (error) {
    if (githubFailure(error)?.status === 404) return undefined;
    throw error;
  }
}

/** The config file at `ref` as the loader takes it; undefined when there is no such file. */
export async function readRepositoryConfig(
  github: GitHubApi,
  repository: RepositoryRef,
  path: string,
  ref: string,
): Promise<ConfigText | undefined> {
  let data: unknown;
  try {
    data = (
      await github.request("GET /repos/{owner}/{repo}/contents/{path}", {
        ...repository,
        path,
        ref,
      })
    ).data;
  } catch (error) {
    if (githubFailure(error)?.status === 404) return undefined;
    throw error;
  }
  // A folder (a list), a link pointing out of the repository, a submodule: no config file.
  if (stringField(data, "type") !== "file") return undefined;
  const content = stringField(data, "content");
  const encoding = stringField(data, "encoding");
  // GitHub inlines files up to 1 MB; a larger one is over the limit (or within 48 KiB of it).
  if (encoding === "none") return oversizedConfig(path, numberField(data, "size"));
  if (encoding !== "base64" || content === undefined) {
    throw new Error(`GitHub answered the contents of ${path} in an unknown form (${encoding})`);
  }
  return decodeConfigFile(path, Buffer.from(content, "base64"));
}

export interface InputSnapshot extends AsyncDisposable {
  /** A folder holding the matching files at their paths. */
  readonly root: string;
}

/** The files at `sha` matching any of `patterns`, in a temporary folder (removed on dispose). */
export async function snapshotFiles(
  github: GitHubApi,
  repository: RepositoryRef,
  sha: string,
  patterns: readonly string[],
): Promise<InputSnapshot> {
  const root = await mkdtemp(join(tmpdir(), "outpost-bot-inputs-"));
  const dispose = () => rm(root, { recursive: true, force: true });
  try {
    if (patterns.length > 0) {
      const tree = await github.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
        ...repository,
        tree_sha: sha,
        recursive: "1",
      });
      if (field(tree.data, "truncated") === true) {
        throw new RepositoryFilesError(
          `${repository.owner}/${repository.repo} has too many files for GitHub to list at once; jobs' \`paths:\` cannot be digested`,
        );
      }
      const files = arrayField(tree.data, "tree")
        .filter((entry) => stringField(entry, "type") === "blob")
        .map((entry) => stringField(entry, "path") ?? "")
        .filter((path) => path !== "" && patterns.some((pattern) => matchesGlob(path, pattern)));
      if (files.length > maxInputFiles) {
        throw new RepositoryFilesError(
          `jobs' \`paths:\` match ${files.length} files, more than the ${maxInputFiles} the bot reads`,
        );
      }
      for (const path of files) {
        const bytes = await readRepositoryBytes(github, repository, path, sha);
        if (bytes === undefined) continue;
        const target = join(root, path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, bytes);
      }
    }
    return { root, [Symbol.asyncDispose]: dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
