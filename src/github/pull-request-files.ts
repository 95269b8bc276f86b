/**
 * The files a pull request changes, as GitHub lists them (`GET /pulls/{n}/files`, 100 a page):
 * each file's path and, for a rename, its old path too. GitHub lists at most 3000 files; a pull
 * request at that cap changes an unknown number more, so the answer is then "not known".
 */
import { githubFailure, type GitHubApi } from "./github-api.ts";

const pageSize = 100;
/** The most files GitHub lists for a pull request. */
export const listedFilesCap = 3000;

export class PullRequestFilesError extends Error {
  override readonly name = "PullRequestFilesError";
}

function text(value: unknown, name: string): string | undefined {
  const field =
    typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)[name]
      : undefined;
  return typeof field === "string" && field !== "" ? field : undefined;
}

/** The changed paths, or undefined when GitHub cannot list them all. */
export async function pullRequestFiles(
  github: GitHubApi,
  repository: { readonly owner: string; readonly repo: string },
  pull: number,
): Promise<string[] | undefined> {
  const files = new Set<string>();
  let listed = 0;
  for (let page = 1; listed < listedFilesCap; page++) {
    let response;
    try {
      response = await github.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
        ...repository,
        pull_number: pull,
        per_page: pageSize,
        page,
      });
    } catch (error) {
      const failure = githubFailure(error);
      const answer =
        failure === undefined
          ? error instanceof Error
            ? error.message
            : String(error)
          : `GitHub answered ${failure.status} "${failure.message}"`;
      throw new PullRequestFilesError(
        `Could not list the files pull request #${pull} changes, which \`preview.paths\` needs: ${answer}. The workflow needs \`pull-requests: read\`.`,
        { cause: error },
      );
    }
    const items: unknown[] = Array.isArray(response.data) ? response.data : [];
    for (const item of items) {
      for (const name of ["filename", "previous_filename"]) {
        const path = text(item, name);
        if (path !== undefined) files.add(path);
      }
    }
    listed += items.length;
    if (items.length < pageSize) return [...files];
  }
  return undefined;
}
