/** How the bot answers a command: reactions on the comment, and a reply when there is more to say. */
import type { GitHubApi } from "../../github/github-api.ts";
import { clipText, maxBodyLength } from "../../render/github-limits.ts";
import type { RepositoryRef } from "../repository.ts";

export type Reaction = "eyes" | "rocket" | "confused";

export async function react(
  github: GitHubApi,
  repository: RepositoryRef,
  commentId: number,
  content: Reaction,
): Promise<void> {
  await github.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
    ...repository,
    comment_id: commentId,
    content,
  });
}

export async function reply(
  github: GitHubApi,
  repository: RepositoryRef,
  issueNumber: number,
  body: string,
): Promise<void> {
  await github.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...repository,
    issue_number: issueNumber,
    body: clipText(body, maxBodyLength),
  });
}
