/**
 * Writing what a poll observed to a resource's own check run (created on the first write), and,
 * once it ended, its end on the Deployment the action created; the watch's record follows each
 * write in the store. GitHub is written only when the rendered check run differs from the last
 * one written; the store's lease guard makes a replica that lost the watch stop before writing
 * its record. A write the budget defers leaves the record as it was: the next poll writes it.
 */
import type { GitHubApi } from "../../github/github-api.ts";
import { checkRunOutput } from "../../render/check-run.ts";
import type { Redact } from "../../render/redaction.ts";
import type { BotContext } from "../bot-context.ts";
import {
  createCheckRun,
  findCheckRun,
  updateCheckRun,
  type CheckRunWrite,
  type RequestedAction,
} from "../check-runs.ts";
import { outputDigest } from "../output-digest.ts";
import type { RepositoryRef } from "../repository.ts";
import type { Watch } from "../store/store.ts";
import { postDeploymentOutcome } from "./deployment-outcome.ts";
import { pollStateJson, type PollState } from "./poll-state.ts";
import type { Observation } from "./poll-watch.ts";

export const cancelAction: RequestedAction = {
  label: "Cancel job",
  description: "Cancel this run on Outpost",
  identifier: "cancel",
};

/** What GitHub shows as the check run's name. */
export function checkRunName(watch: Pick<Watch, "kind" | "outpostName">): string {
  return `Outpost ${watch.kind} ${watch.outpostName}`;
}

/** The check run's `external_id`, which leads a `check_run` event back to its watch. */
export function externalIdOf(watch: Pick<Watch, "id">): string {
  return `outpost-watch:${watch.id}`;
}

export function watchIdOf(externalId: string | null | undefined): number | undefined {
  const match = /^outpost-watch:(\d+)$/.exec(externalId ?? "");
  return match ? Number(match[1]) : undefined;
}

export interface WatchWriter {
  readonly context: BotContext;
  /** GitHub at the priority of this write. */
  readonly github: GitHubApi;
  readonly repository: RepositoryRef;
  readonly replicaId: string;
  readonly redact: Redact;
  /** Wall-clock end of this replica's lease on the watch: nothing is written to GitHub after it. */
  readonly leaseValidUntil: number;
}

/** The lease ran out before a write: another replica may hold the watch now. */
export class LeaseExpiredError extends Error {
  readonly code = "lease_expired";
  constructor(watchId: number) {
    super(`The lease on watch ${watchId} ran out before GitHub was written`);
    this.name = "LeaseExpiredError";
  }
}

function leaseHeld(writer: WatchWriter, watch: Watch): void {
  if (Date.now() >= writer.leaseValidUntil) throw new LeaseExpiredError(watch.id);
}

function checkRunWrite(watch: Watch, observation: Observation, redact: Redact): CheckRunWrite {
  const { view, outcome } = observation;
  const running = outcome.status !== "completed";
  return {
    status: outcome.status,
    ...(outcome.conclusion === undefined ? {} : { conclusion: outcome.conclusion }),
    output: checkRunOutput(view, redact),
    externalId: externalIdOf(watch),
    ...(view.kind === "job" ? { actions: running ? [cancelAction] : [] } : {}),
    ...(view.kind === "service" && view.endpoint !== undefined
      ? { detailsUrl: view.endpoint }
      : {}),
  };
}

/** Creates the watch's check run, or finds the one a replica created before it could record it. */
async function ensureCheckRun(writer: WatchWriter, watch: Watch, write: CheckRunWrite) {
  const { context, github, repository } = writer;
  const name = checkRunName(watch);
  const found = await findCheckRun(github, repository, watch.headSha, {
    name,
    appId: context.appId,
    externalId: externalIdOf(watch),
  });
  leaseHeld(writer, watch);
  if (found === undefined) return createCheckRun(github, repository, name, watch.headSha, write);
  await updateCheckRun(github, repository, found, write);
  return found;
}

/**
 * Writes the observation to the watch's check run and records it; true when GitHub was written.
 * An ended resource's state says `concluded`: only its Deployment remains (`finishWatch`).
 */
export async function writeCheckRun(
  writer: WatchWriter,
  watch: Watch,
  observation: Observation,
): Promise<boolean> {
  const { context, github, repository } = writer;
  const write = checkRunWrite(watch, observation, writer.redact);
  const digest = outputDigest({ name: checkRunName(watch), write });
  const unchanged = watch.checkRunId !== null && digest === watch.renderedDigest;
  let checkRunId = watch.checkRunId;
  if (!unchanged) {
    leaseHeld(writer, watch);
    if (checkRunId === null) checkRunId = await ensureCheckRun(writer, watch, write);
    else await updateCheckRun(github, repository, checkRunId, write);
  }
  const state: PollState = {
    ...observation.state,
    ...(observation.outcome.status === "completed" ? { concluded: true } : {}),
  };
  // `lastWriteAt` marks the last rendering, written or not: the next one (and the log read it
  // takes) waits for its interval either way.
  await context.store.updateWatch(
    watch.id,
    {
      checkRunId,
      status: observation.status,
      progress: observation.progress,
      pollState: pollStateJson(state),
      renderedDigest: digest,
      lastWriteAt: context.now(),
    },
    { expectedLeaseOwner: writer.replicaId },
  );
  return !unchanged;
}

/**
 * Posts the end of a concluded watch on its Deployment (unless a final status is there already)
 * and marks the watch done.
 */
export async function finishWatch(
  writer: WatchWriter,
  watch: Watch,
  state: PollState,
): Promise<void> {
  const { context, github, repository } = writer;
  const deployment = state.outcome?.deployment;
  if (deployment !== undefined) {
    leaseHeld(writer, watch);
    const view = state.view;
    await postDeploymentOutcome(github, repository, {
      deploymentId: watch.deploymentId,
      kind: watch.kind,
      ...deployment,
      ...(view?.kind === "service" &&
      view.endpoint !== undefined &&
      state.outcome?.conclusion === "success"
        ? { environmentUrl: view.endpoint }
        : {}),
    });
  }
  await context.store.completeWatch(watch.id, {}, { expectedLeaseOwner: writer.replicaId });
}
