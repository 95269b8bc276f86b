/** What a command runs with: the bot, GitHub as the installation, and the pull request it was given on. */
import type { GitHubApi } from "../../github/github-api.ts";
import type { BotContext } from "../bot-context.ts";
import type { PullRequestInfo } from "../pull-requests.ts";
import type { RepositoryRef } from "../repository.ts";

export interface CommandEnvironment {
  readonly context: BotContext;
  readonly github: GitHubApi;
  readonly repository: RepositoryRef;
  readonly installationId: number;
  readonly pull: PullRequestInfo;
  /** The comment the command came in: what asked for what it does (one job run per comment). */
  readonly commentId: number;
  /** When the comment was written, on GitHub's clock: a fork's head is pinned to it. */
  readonly commentedAt: number;
  /** Asks the poller for a cycle soon: a new watch wants its check run. */
  readonly wake: () => void;
}
