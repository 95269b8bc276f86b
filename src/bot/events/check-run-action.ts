/**
 * The "Cancel job" button of a job's check run (`check_run.requested_action`): cancels the run the
 * check run follows, for people with write access. GitHub shows the button to them only; the
 * permission is checked all the same, since a webhook says who pressed it, not that they may.
 */
import type { GitHubApi } from "../../github/github-api.ts";
import type { BotContext } from "../bot-context.ts";
import { cancelWatchedRun } from "../commands/cancel-job.ts";
import { canWrite } from "../commands/permission.ts";
import { watchIdOf } from "../tracking/write-watch.ts";
import { cancelAction } from "../tracking/write-watch.ts";
import { repositoryOf, type RepositoryPayload } from "./payload.ts";

export interface RequestedActionEvent {
  readonly requested_action?: { readonly identifier?: string | undefined } | null | undefined;
  readonly check_run: { readonly id: number; readonly external_id: string | null };
  readonly repository: RepositoryPayload;
  readonly sender: { readonly login: string };
}

export type ActionHandling = "cancelled" | "ignored" | "refused" | "failed";

export async function onRequestedAction(
  context: BotContext,
  github: GitHubApi,
  event: RequestedActionEvent,
  wake: () => void,
): Promise<ActionHandling> {
  if (event.requested_action?.identifier !== cancelAction.identifier) return "ignored";
  const repository = repositoryOf(event.repository);
  const id = watchIdOf(event.check_run.external_id);
  const watch = id === undefined ? undefined : await context.store.getWatch(id);
  const same =
    watch !== undefined &&
    watch.checkRunId === event.check_run.id &&
    watch.owner.toLowerCase() === repository.owner.toLowerCase() &&
    watch.repo.toLowerCase() === repository.repo.toLowerCase();
  if (!same || watch.kind !== "job" || watch.state === "done") return "ignored";
  if (!(await canWrite(github, repository, event.sender.login))) return "refused";
  const result = await cancelWatchedRun(context, watch);
  if (!result.ok) {
    context.log.warn(
      { watch: watch.id, message: result.message },
      "cancel from a check run failed",
    );
    return "failed";
  }
  wake();
  return "cancelled";
}
