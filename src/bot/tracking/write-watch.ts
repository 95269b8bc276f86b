/**
 * Writes what a poll observed: the check run (created on the first write), the Deployment's end
 * state, and the watch's record in the store. GitHub is written only when the rendered check run
 * differs from the last one written; the store's lease guard makes a replica that lost the watch
 * stop before writing its record.
 */
import type { GitHubApi } from "../../github/github-api.ts";
import { checkRunOutput } from "../../render/check-run.ts";
import type { Redact } from "../../render/redaction.ts";
import type { ResourceView } from "../../render/resource-view.ts";
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
import type { Outcome } from "./outcome.ts";
import { pollStateJson, type PollState } from "./poll-state.ts";

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

export interface Observation {
  readonly view: ResourceView;
  readonly outcome: Outcome;
  readonly state: PollState;
  /** The Outpost status, for the store. */
  readonly status: string;
  readonly progress: string | null;
}

export interface WatchWriter {
  readonly context: BotContext;
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

/** Writes the observation; true when GitHub was written. */
export async function writeWatch(
  writer: WatchWriter,
  watch: Watch,
  observation: Observation,
): Promise<boolean> {
  const { context, github, repository } = writer;
  const write = checkRunWrite(watch, observation, writer.redact);
  const digest = outputDigest({ name: checkRunName(watch), write });
  const { outcome } = observation;
  const guard = { expectedLeaseOwner: writer.replicaId };
  const unchanged = watch.checkRunId !== null && digest === watch.renderedDigest;
  const leaseHeld = () => {
    if (Date.now() >= writer.leaseValidUntil) throw new LeaseExpiredError(watch.id);
  };
  let checkRunId = watch.checkRunId;
  if (!unchanged) {
    leaseHeld();
    if (checkRunId === null) {
      const name = checkRunName(watch);
      const externalId = externalIdOf(watch);
      checkRunId =
        (await findCheckRun(github, repository, watch.headSha, {
          name,
          appId: context.appId,
          externalId,
        })) ?? null;
      if (checkRunId === null) {
        leaseHeld();
        checkRunId = await createCheckRun(github, repository, name, watch.headSha, write);
      } else {
        await updateCheckRun(github, repository, checkRunId, write);
      }
    } else {
      await updateCheckRun(github, repository, checkRunId, write);
    }
  }
  // `lastWriteAt` marks the last rendering, written or not: the next one (and the log read it
  // takes) waits for the minimum interval either way.
  const patch = {
    checkRunId,
    status: observation.status,
    progress: observation.progress,
    pollState: pollStateJson(observation.state),
    renderedDigest: digest,
    lastWriteAt: context.now(),
  };
  if (outcome.deployment !== undefined) {
    leaseHeld();
    const view = observation.view;
    await postDeploymentOutcome(github, repository, {
      deploymentId: watch.deploymentId,
      kind: watch.kind,
      ...outcome.deployment,
      ...(view.kind === "service" && view.endpoint !== undefined && outcome.conclusion === "success"
        ? { environmentUrl: view.endpoint }
        : {}),
    });
    await context.store.completeWatch(watch.id, patch, guard);
  } else {
    await context.store.updateWatch(watch.id, patch, guard);
  }
  return !unchanged;
}
