/**
 * Pinned approvals: a command on a fork's pull request runs the head commit the pull request had
 * when the comment was written — the code the maintainer looked at — never one pushed after. The
 * bot knows since when a commit is the head from GitHub's own clock (see store/pull-heads.ts):
 * the `updated_at` of the `pull_request` event that made it the head, or the `Date` of an answer
 * that showed it. When that time is before the comment's `created_at`, the head was the head when
 * the comment was written, and it runs; otherwise (pushed after the comment, or a push the bot
 * cannot place in time) nothing runs and the reply asks for a new command. Pull request events
 * about the same pull request still waiting in the inbox are handled first (the comment's
 * delivery waits for them), so a push just before a comment is known when the comment is judged.
 */
import type { CommandEnvironment } from "./command-environment.ts";
import { failed, type CommandResult } from "./command-result.ts";

/** Undefined when the head is pinned to the comment (run it); otherwise the refusal. */
export async function pinnedHeadRefusal(
  environment: CommandEnvironment,
  line: string,
): Promise<CommandResult | undefined> {
  const { context, repository, pull } = environment;
  if (pull.fork === undefined) return undefined;
  const since = await context.store.pullHeads.since({
    ...repository,
    pullNumber: pull.number,
    headSha: pull.headSha,
  });
  if (since !== undefined && since < environment.commentedAt) return undefined;
  const head = `\`${pull.headSha.slice(0, 7)}\``;
  return failed(
    `Nothing was run: this pull request's head is ${head} now, and it was not the head when you wrote this comment (it was pushed after, or the bot cannot tell it came before). Commands on a fork's pull request run only the commit that was reviewed: review ${head}, then comment \`${line}\` again.`,
  );
}
