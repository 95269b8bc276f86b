/**
 * Cancelling a followed job run: `/outpost cancel <job>` on a pull request, or the "Cancel job"
 * button of its check run. The poller reports the end on its next cycle, which is asked for now.
 */
import { OutpostApiError } from "../../outpost/errors.ts";
import type { BotContext } from "../bot-context.ts";
import { failureMessage } from "../failure-message.ts";
import type { Watch } from "../store/store.ts";
import { readPollState } from "../tracking/poll-state.ts";
import type { CommandEnvironment } from "./command-environment.ts";
import { failed, type CommandResult } from "./command-result.ts";

/** Cancels the watch's run on Outpost. */
export async function cancelWatchedRun(context: BotContext, watch: Watch): Promise<CommandResult> {
  const access = context.access.for(watch.owner, watch.namespace);
  if (!access.granted) return failed(access.reason);
  try {
    await access.client.cancelJob(watch.namespace, watch.outpostName);
    return { ok: true, message: `Cancelled run \`${watch.outpostName}\`.` };
  } catch (error) {
    if (error instanceof OutpostApiError && error.status === 409) {
      return failed(`Run \`${watch.outpostName}\` has already ended; there is nothing to cancel.`);
    }
    return failed(
      access.redact(`Cancelling \`${watch.outpostName}\` failed: ${failureMessage(error)}`),
    );
  }
}

/** The newest run of the job (its key in outpost.yaml, or its run name) followed on the pull request. */
export async function followedRun(
  environment: CommandEnvironment,
  name: string,
  kind: "job" | "service" = "job",
): Promise<Watch | undefined> {
  const watches = await environment.context.store.listWatches({
    ...environment.repository,
    pullRequest: environment.pull.number,
  });
  return watches.findLast(
    (watch) =>
      watch.kind === kind &&
      (watch.outpostName === name || readPollState(watch.pollState)?.key === name),
  );
}

export async function cancelJob(
  environment: CommandEnvironment,
  name: string,
): Promise<CommandResult> {
  const watch = await followedRun(environment, name);
  if (watch === undefined) {
    return failed(`No run of \`${name}\` is followed on this pull request.`);
  }
  if (watch.state === "done") {
    return failed(`Run \`${watch.outpostName}\` has already ended (${watch.status ?? "done"}).`);
  }
  const result = await cancelWatchedRun(environment.context, watch);
  if (result.ok) environment.wake();
  return result;
}
