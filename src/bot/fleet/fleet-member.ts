/**
 * A member of a fleet has no check run of its own: what a poll sees of it is recorded in the
 * store (its view and outcome, read back by the fleet's check run and the sticky comment),
 * on the same terms as a check run write — its end at once, a state change after the minimum
 * interval, progress on the schedule. A member that had a check run before the fleet grew past
 * the threshold gets that check run closed, once, pointing to the fleet's.
 */
import type { GitHubApi } from "../../github/github-api.ts";
import { fleetCheckRunName } from "../../render/fleet-check-run.ts";
import type { BotContext } from "../bot-context.ts";
import { updateCheckRun } from "../check-runs.ts";
import type { Watch } from "../store/store.ts";
import { pollStateJson, type PollState } from "../tracking/poll-state.ts";
import type { Observation } from "../tracking/poll-watch.ts";
import { externalIdOf } from "../tracking/write-watch.ts";

/** Records what a poll observed of a fleet member; no GitHub request. */
export async function recordMember(
  context: BotContext,
  watch: Watch,
  observation: Observation,
): Promise<void> {
  const state: PollState = {
    ...observation.state,
    ...(observation.outcome.status === "completed" ? { concluded: true } : {}),
  };
  await context.store.updateWatch(
    watch.id,
    {
      status: observation.status,
      progress: observation.progress,
      pollState: pollStateJson(state),
      lastWriteAt: context.now(),
    },
    { expectedLeaseOwner: context.replicaId },
  );
}

/** Closes the member's own check run, as followed in the fleet's from now on. */
export async function handOff(
  context: BotContext,
  github: GitHubApi,
  watch: Watch,
  state: PollState,
  members: number,
): Promise<void> {
  if (watch.checkRunId === null) return;
  const fleet = fleetCheckRunName(watch.kind);
  await updateCheckRun(github, { owner: watch.owner, repo: watch.repo }, watch.checkRunId, {
    status: "completed",
    conclusion: "neutral",
    output: {
      title: `Followed in “${fleet}” from now on`,
      summary: `This commit has ${members.toLocaleString("en-US")} Outpost ${watch.kind}s, more than the operator's threshold for check runs of their own: the check run **${fleet}** follows them all together, this one included.`,
    },
    externalId: externalIdOf(watch),
    ...(watch.kind === "job" ? { actions: [] } : {}),
  });
  await context.store.updateWatch(
    watch.id,
    { pollState: pollStateJson({ ...state, handedOff: true }) },
    { expectedLeaseOwner: context.replicaId },
  );
}
