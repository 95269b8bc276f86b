/**
 * What an Outpost Deployment and its statuses mean, written and read in one place so the action,
 * the bot and the next plan agree.
 *
 * - A service: environment `outpost/<namespace>/<service>`, task `outpost:service`. A job:
 *   environment `outpost/<namespace>/jobs/<job>` (transient: each run stands alone), task
 *   `outpost:job`.
 * - Its record's life: `queued` when the apply is about to send the write; `in_progress` once
 *   Outpost acknowledged it, its description starting `Accepted by Outpost as <id>`; then, for a
 *   service, `success` with the endpoint as `environment_url` when it is ready (GitHub then marks
 *   the environment's earlier deployments `inactive` and shows "View deployment") or `failure`
 *   with the reason; for a job, the run's end (`success`, `failure`, `error`), posted by the action
 *   when it watched the run (`wait-for-jobs`) or else by the bot. A write refused: `failure`;
 *   never sent (the run was stopped first): `error`; its answer lost: `pending` (it may have
 *   arrived: the record stays begun). A service's wait cut short: `error`.
 * - A pruned service: its last applied Deployment gets `inactive`.
 *
 * Reading back (version 2): a Deployment counts as written when its statuses hold `in_progress`
 * or `success`; one that holds only `queued` was begun and may or may not have reached Outpost;
 * `inactive` as its newest status means the service was forgotten. So the bot must not post
 * `inactive` on a job's Deployment. Version-1 Deployments (before records were begun ahead of
 * their writes) posted `in_progress` before a service's write: for them only `success` counts.
 */
import type { ObservedService, RecordState, ResourceKind } from "./applied-record.ts";
import type { JobStatus } from "../outpost/types.ts";
import { defaultEnvironment } from "./identity.ts";
import { previewedService, previewPull } from "./preview-identity.ts";

export const serviceTask = "outpost:service";
export const jobTask = "outpost:job";

export function taskOf(kind: ResourceKind): string {
  return kind === "service" ? serviceTask : jobTask;
}

/**
 * The GitHub environment of a resource, as users see it in the repository's Environments: for a
 * file without environments one per resource; for an environment of outpost.yaml the GitHub
 * environment of that name (`production`), so that its protection rules, reviewers and history
 * are that environment's; for a pull request's preview, `preview/pr-<number>/<service>`.
 */
export function environmentName(
  kind: ResourceKind,
  namespace: string,
  key: string,
  environment: string = defaultEnvironment,
): string {
  const pull = previewPull(environment);
  if (pull !== undefined) return `${environment}/${previewedService(key, pull)}`;
  if (environment !== defaultEnvironment) return environment;
  return kind === "service" ? `outpost/${namespace}/${key}` : `outpost/${namespace}/jobs/${key}`;
}

/**
 * Whether a ready service's Deployment may mark the older ones of its GitHub environment
 * inactive: only when the environment is the service's own. In a shared one (`production`) it
 * would mark the other resources' records inactive, which reads as "pruned".
 */
export function ownsEnvironment(environment: string): boolean {
  return environment === defaultEnvironment || previewPull(environment) !== undefined;
}

/**
 * Whether a resource's GitHub environment is transient — GitHub may mark it inactive once
 * nothing deploys it any more: a job's (each run stands alone) and a preview's (it ends with its
 * pull request).
 */
export function transientEnvironment(kind: ResourceKind, environment: string): boolean {
  return kind === "job" || previewPull(environment) !== undefined;
}

export type DeploymentState =
  "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success";

export interface StatusBody {
  readonly state: DeploymentState;
  readonly description: string;
  readonly environment_url?: string;
  readonly log_url?: string;
  readonly auto_inactive?: boolean;
}

/** GitHub refuses a status description longer than this. */
export const maxDescriptionLength = 140;

export function truncateDescription(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= maxDescriptionLength ? line : `${line.slice(0, maxDescriptionLength - 1)}…`;
}

export function deploymentDescription(
  kind: ResourceKind,
  key: string,
  outpostName: string,
): string {
  return kind === "service"
    ? `Outpost service ${outpostName}`
    : `Outpost job ${key}: run ${outpostName}`;
}

function withLog(body: StatusBody, logUrl: string | undefined): StatusBody {
  return logUrl === undefined ? body : { ...body, log_url: logUrl };
}

/** The status an apply posts before it sends the write. */
export function begunStatus(kind: ResourceKind, outpostName: string, logUrl?: string): StatusBody {
  return withLog(
    {
      state: "queued",
      description: truncateDescription(
        kind === "service"
          ? `Sending ${outpostName} to Outpost`
          : `Submitting run ${outpostName} to Outpost`,
      ),
    },
    logUrl,
  );
}

const acceptedPrefix = "Accepted by Outpost as ";

/** The status an apply posts once Outpost acknowledged the write: from then on it counts. */
export function writtenStatus(
  kind: ResourceKind,
  outpostName: string,
  outpostId: string | undefined,
  logUrl?: string,
): StatusBody {
  const accepted =
    outpostId === undefined ? "Accepted by Outpost" : `${acceptedPrefix}${outpostId}`;
  return withLog(
    {
      state: "in_progress",
      description: truncateDescription(
        kind === "service"
          ? `${accepted}: deploying ${outpostName}`
          : `${accepted}: run ${outpostName} submitted; its end is reported here`,
      ),
    },
    logUrl,
  );
}

/** The Outpost id a written status names, if any. */
export function acceptedId(description: string | undefined): string | undefined {
  if (description?.startsWith(acceptedPrefix) !== true) return undefined;
  return /^[A-Za-z0-9_-]+/.exec(description.slice(acceptedPrefix.length))?.[0];
}

/**
 * A service became ready. What its list entry showed then ends the description, as
 * `(Outpost <id> updated <time>, <status>, <min>–<max> replicas)`, for the next plan to compare.
 */
export function readyStatus(
  outpostName: string,
  url: string | undefined,
  observed: ObservedService | undefined,
  logUrl?: string,
  autoInactive = true,
): StatusBody {
  const seen =
    observed === undefined
      ? ""
      : ` (Outpost ${observed.id} updated ${observed.updatedAt}, ${observed.status}, ${observed.minReplicas}–${observed.maxReplicas} replicas)`;
  const text = `${outpostName} is ready${seen}`;
  return withLog(
    {
      state: "success",
      // Cut the name, never what was observed: a cut observation would be a wrong one.
      description:
        text.length <= maxDescriptionLength ? text : truncateDescription(`${outpostName} is ready`),
      ...(url === undefined ? {} : { environment_url: url }),
      auto_inactive: autoInactive,
    },
    logUrl,
  );
}

const observedPattern =
  / \(Outpost ([A-Za-z0-9_-]+) updated (\S+), ([a-z_]+), (\d+)–(\d+) replicas\)$/;

/** What a ready status says the service's list entry showed, if it says. */
export function observedIn(description: string | undefined): ObservedService | undefined {
  const match = description === undefined ? null : observedPattern.exec(description);
  if (match === null) return undefined;
  const [, id = "", updatedAt = "", status = "", min = "", max = ""] = match;
  return { id, updatedAt, status, minReplicas: Number(min), maxReplicas: Number(max) };
}

export function failureStatus(reason: string, logUrl?: string): StatusBody {
  return withLog({ state: "failure", description: truncateDescription(reason) }, logUrl);
}

/** The run was stopped: before the write (`error`, the record never counts) or while waiting. */
export function interruptedStatus(reason: string, logUrl?: string): StatusBody {
  return withLog({ state: "error", description: truncateDescription(reason) }, logUrl);
}

/**
 * A write whose answer was lost: it may have reached Outpost. `pending` keeps the record begun,
 * so the next plan reads Outpost to see whether it arrived (and never submits a run twice).
 */
export function uncertainStatus(reason: string, logUrl?: string): StatusBody {
  return withLog(
    {
      state: "pending",
      description: truncateDescription(`May have reached Outpost: ${reason}`),
    },
    logUrl,
  );
}

/** A job run's end, as its Deployment shows it: never `inactive`, which means "forgotten". */
export function jobEndState(status: JobStatus): DeploymentState {
  if (status === "succeeded") return "success";
  if (status === "failed") return "failure";
  return "error";
}

/** The states that end a job run's Deployment: once one is posted, nobody posts another. */
export const finalJobStates: ReadonlySet<string> = new Set(["success", "failure", "error"]);

export function forgottenStatus(): StatusBody {
  return { state: "inactive", description: "Deleted from Outpost (pruned from outpost.yaml)" };
}

export type History = RecordState | "forgotten";

/**
 * What a Deployment's statuses (newest first) say about its record. Given only the newest page
 * of a long history, `begun` and `failed` are provisional: an older page may hold the status
 * that counts.
 */
export function readHistory(
  kind: ResourceKind,
  payloadVersion: number,
  statesNewestFirst: readonly string[],
): History {
  if (statesNewestFirst[0] === "inactive") {
    // GitHub's auto-inactivation only touches a deployment after a newer one succeeded, which the
    // newest-first walk meets first; an `inactive` reached here was posted by a prune.
    return "forgotten";
  }
  const counts =
    payloadVersion === 1 && kind === "service" ? ["success"] : ["in_progress", "success"];
  if (statesNewestFirst.some((state) => counts.includes(state))) return "written";
  const settled = ["failure", "error"];
  return statesNewestFirst.some((state) => settled.includes(state)) ? "failed" : "begun";
}
