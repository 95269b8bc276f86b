/** The pull request a commit belongs to, and what the bot needs to know of one. */
import type { GitHubApi } from "../github/github-api.ts";
import { arrayField, numberField, stringField } from "./github-fields.ts";
import { fullName, type RepositoryRef } from "./repository.ts";
import type { PullHeads } from "./store/pull-heads.ts";

export interface PullRequestInfo {
  readonly number: number;
  readonly headSha: string;
  readonly headRef: string;
  /** `owner/name` of the fork it comes from; undefined when it comes from the repository itself. */
  readonly fork?: string;
}

/** Reads a pull request as GitHub answers it (REST or webhook payload). */
export function pullRequestInfo(
  repository: RepositoryRef,
  data: unknown,
): PullRequestInfo | undefined {
  const number = numberField(data, "number");
  const headSha = stringField(data, "head", "sha");
  const headRef = stringField(data, "head", "ref");
  if (number === undefined || headSha === undefined || headRef === undefined) return undefined;
  const headRepository = stringField(data, "head", "repo", "full_name");
  const own = fullName(repository).toLowerCase();
  // A deleted fork leaves no head repository: it still is not the base repository's code.
  const fork =
    headRepository === undefined
      ? "(deleted fork)"
      : headRepository.toLowerCase() === own
        ? undefined
        : headRepository;
  return { number, headSha, headRef, ...(fork === undefined ? {} : { fork }) };
}

/**
 * The pull request as GitHub answers it now. Its head is noted as seen at the answer's `Date`
 * (GitHub's clock) when the bot knew nothing of it: see store/pull-heads.ts.
 */
export async function getPullRequest(
  github: GitHubApi,
  heads: PullHeads,
  repository: RepositoryRef,
  number: number,
): Promise<PullRequestInfo | undefined> {
  const response = await github.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    ...repository,
    pull_number: number,
  });
  const pull = pullRequestInfo(repository, response.data);
  const date = Date.parse(String(response.headers["date"] ?? ""));
  if (pull !== undefined && Number.isFinite(date)) {
    await heads.seenAsHead({ ...repository, pullNumber: number, headSha: pull.headSha }, date);
  }
  return pull;
}

/** Records that a `pull_request` event made its head the head, at its `updated_at`. */
export async function noteHead(
  heads: PullHeads,
  repository: RepositoryRef,
  pull: PullRequestInfo,
  updatedAt: string | undefined,
): Promise<void> {
  const at = Date.parse(updatedAt ?? "");
  if (!Number.isFinite(at)) return;
  await heads.becameHead({ ...repository, pullNumber: pull.number, headSha: pull.headSha }, at);
}

/**
 * The pull request a commit is the head of (an open one first), or the one it was merged from:
 * where the sticky comment about the commit's resources goes.
 */
export async function pullRequestOfCommit(
  github: GitHubApi,
  repository: RepositoryRef,
  sha: string,
): Promise<number | undefined> {
  const response = await github.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
    ...repository,
    commit_sha: sha,
    per_page: 10,
  });
  const pulls = arrayField(response.data);
  const head = pulls.find(
    (pull) => stringField(pull, "head", "sha") === sha && stringField(pull, "state") === "open",
  );
  return numberField(head ?? pulls[0], "number");
}
