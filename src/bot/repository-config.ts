/**
 * outpost.yaml of a commit, read through GitHub's contents API (the bot has no checkout), with
 * the checks a file on disk gets: at most the size limit, valid UTF-8 — its problems are config
 * problems, annotated at their line like any other. The files of jobs' `paths:` are not read
 * here: the plan digests them from the commit's Git tree (src/files/git-tree-files.ts).
 */
import { decodeConfigFile, oversizedConfig, type ConfigText } from "../config/load.ts";
import type { GitHubApi } from "../github/github-api.ts";
import { githubFailure } from "../github/github-api.ts";
import { numberField, stringField } from "./github-fields.ts";
import type { RepositoryRef } from "./repository.ts";

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
