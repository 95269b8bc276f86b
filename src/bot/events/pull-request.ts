/**
 * A pull request opened, pushed to or reopened: note since when its head is the head (what a
 * command on a fork's pull request is pinned by), then plan the head commit ("Outpost plan").
 */
import type { GitHubApi } from "../../github/github-api.ts";
import type { BotContext } from "../bot-context.ts";
import { runPlanCheck } from "../plan/run-plan-check.ts";
import { stringField } from "../github-fields.ts";
import { noteHead, pullRequestInfo } from "../pull-requests.ts";
import { repositoryOf, type RepositoryPayload } from "./payload.ts";

export interface PullRequestEvent {
  readonly pull_request: unknown;
  readonly repository: RepositoryPayload;
}

export async function onPullRequest(
  context: BotContext,
  github: GitHubApi,
  event: PullRequestEvent,
): Promise<void> {
  const repository = repositoryOf(event.repository);
  const pull = pullRequestInfo(repository, event.pull_request);
  if (pull === undefined) return;
  await noteHead(
    context.store.pullHeads,
    repository,
    pull,
    stringField(event.pull_request, "updated_at"),
  );
  await runPlanCheck(context, github, {
    repository,
    headSha: pull.headSha,
    headRef: pull.headRef,
    ...(pull.fork === undefined ? {} : { fork: pull.fork }),
  });
}
