/**
 * Commands in pull request comments. A comment with `/outpost …` lines gets an 👀 at once; then
 * the author's permission is checked (write access, or a polite refusal), the commands run, and
 * 🚀 or 😕 says how it went, with one reply when there is something to say. Comments by bots
 * (the bot's own included) are never read as commands.
 */
import type { GitHubApi } from "../../github/github-api.ts";
import type { BotContext } from "../bot-context.ts";
import { cancelJob } from "../commands/cancel-job.ts";
import { react, reply } from "../commands/comment-replies.ts";
import type { CommandEnvironment } from "../commands/command-environment.ts";
import { failed, type CommandResult } from "../commands/command-result.ts";
import {
  maxCommands,
  parseCommands,
  usage,
  type Command,
  type ParsedCommand,
} from "../commands/parse-commands.ts";
import { canWrite } from "../commands/permission.ts";
import { redeployService } from "../commands/redeploy-service.ts";
import { runJob } from "../commands/run-job.ts";
import { showLogs } from "../commands/show-logs.ts";
import { failureMessage } from "../failure-message.ts";
import type { DeliveryJournal } from "../inbox/delivery-worker.ts";
import type { JsonValue } from "../store/store.ts";
import { runPlanCheck } from "../plan/run-plan-check.ts";
import { getPullRequest } from "../pull-requests.ts";
import { repositoryOf, type InstallationPayload, type RepositoryPayload } from "./payload.ts";

export interface IssueCommentEvent {
  readonly issue: { readonly number: number; readonly pull_request?: unknown };
  readonly comment: {
    readonly id: number;
    readonly body: string;
    /** When it was written (GitHub's clock): a fork's head is pinned to it. */
    readonly created_at: string;
    readonly user: { readonly login: string; readonly type?: string | undefined } | null;
  };
  readonly repository: RepositoryPayload;
  readonly installation?: InstallationPayload | undefined;
}

async function execute(environment: CommandEnvironment, command: Command): Promise<CommandResult> {
  switch (command.verb) {
    case "plan": {
      const { pull, repository } = environment;
      const result = await runPlanCheck(environment.context, environment.github, {
        repository,
        headSha: pull.headSha,
        headRef: pull.headRef,
        ...(pull.fork === undefined ? {} : { fork: pull.fork }),
      });
      return result === undefined
        ? failed(`The head commit \`${pull.headSha.slice(0, 7)}\` has no outpost.yaml to plan.`)
        : { ok: true };
    }
    case "run":
      return runJob(environment, command.name);
    case "cancel":
      return cancelJob(environment, command.name);
    case "redeploy":
      return redeployService(environment, command.name);
    case "logs":
      return showLogs(environment, command.name);
  }
}

function describe(parsed: ParsedCommand, result: CommandResult): string | undefined {
  if (result.message === undefined) return undefined;
  return `> ${parsed.line}\n\n${result.message}`;
}

export interface CommentHandling {
  /** Asks the poller for a cycle soon. */
  readonly wake: () => void;
  /** The delivery being handled. */
  readonly deliveryId: string;
  /** Which commands of the comment ran already, kept across attempts of the delivery. */
  readonly journal: DeliveryJournal;
}

/** A `run` command waits for the pull request's own events: what its head is must be known. */
export class PushesPendingError extends Error {
  readonly code = "pull_request_events_pending";
  constructor(subject: string) {
    super(`${subject} has pull_request events still to be handled; the command waits for them`);
    this.name = "PushesPendingError";
  }
}

/** What the journal keeps: the results of the commands that ran, by their index; the reply. */
interface CommentJournal {
  readonly results: Readonly<Record<string, { readonly ok: boolean; readonly message?: string }>>;
  readonly replied: boolean;
}

function readJournal(value: JsonValue | null): CommentJournal {
  const fields =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Readonly<Record<string, JsonValue>>)
      : {};
  const results = fields["results"];
  return {
    results:
      typeof results === "object" && results !== null && !Array.isArray(results)
        ? (results as CommentJournal["results"])
        : {},
    replied: fields["replied"] === true,
  };
}

export async function onIssueComment(
  context: BotContext,
  github: GitHubApi,
  event: IssueCommentEvent,
  handling: CommentHandling,
): Promise<void> {
  const { wake } = handling;
  const author = event.comment.user;
  if (event.issue.pull_request === undefined || author === null || author.type === "Bot") return;
  const commands = parseCommands(event.comment.body);
  if (commands.length === 0) return;
  const repository = repositoryOf(event.repository);
  const number = event.issue.number;
  if (commands.some((parsed) => parsed.ok && parsed.command.verb === "run")) {
    const subject = `${repository.owner}/${repository.repo}#${number}`.toLowerCase();
    if ((await context.store.inbox.unfinished(subject, "pull_request", handling.deliveryId)) > 0) {
      throw new PushesPendingError(subject);
    }
  }
  const journal = readJournal(handling.journal.notes);
  const results: Record<string, { ok: boolean; message?: string }> = { ...journal.results };
  if (Object.keys(results).length === 0) await react(github, repository, event.comment.id, "eyes");
  if (!(await canWrite(github, repository, author.login))) {
    await reply(
      github,
      repository,
      number,
      `Thanks, @${author.login}! Outpost commands run only for people with write access to this repository, so this one was not run. A maintainer can run it for you.`,
    );
    await react(github, repository, event.comment.id, "confused");
    return;
  }
  const pull = await getPullRequest(github, context.store.pullHeads, repository, number);
  if (pull === undefined || event.installation === undefined) return;
  const environment: CommandEnvironment = {
    context,
    github,
    repository,
    installationId: event.installation.id,
    pull,
    commentId: event.comment.id,
    commentedAt: Date.parse(event.comment.created_at),
    wake,
  };
  const messages: string[] = [];
  let ok = true;
  for (const [index, parsed] of commands.entries()) {
    let result: CommandResult;
    const done = results[String(index)];
    if (done !== undefined) result = done;
    else if (index >= maxCommands) result = failed(`Only ${maxCommands} commands run per comment.`);
    else if (!parsed.ok) result = failed(`${parsed.problem}. Commands:\n\n${usage}`);
    else {
      try {
        result = await execute(environment, parsed.command);
      } catch (error) {
        context.log.error({ command: parsed.line, error: failureMessage(error) }, "command failed");
        result = failed(`That did not work: ${failureMessage(error)}`);
      }
      // Ran: an attempt after a crash does not run it again.
      results[String(index)] = result;
      await handling.journal.write({ results });
    }
    ok &&= result.ok;
    const message = describe(parsed, result);
    if (message !== undefined) messages.push(message);
  }
  if (messages.length > 0 && !journal.replied) {
    await reply(github, repository, number, `@${author.login}\n\n${messages.join("\n\n---\n\n")}`);
    await handling.journal.write({ results, replied: true });
  }
  await react(github, repository, event.comment.id, ok ? "rocket" : "confused");
}
