/**
 * What an Outpost Deployment and its statuses mean, written and read in one place so the action,
 * the bot and the next plan agree.
 *
 * - A service: environment `outpost/<namespace>/<service>`, task `outpost:service`. Its apply
 *   posts `in_progress`, then `success` with the endpoint as `environment_url` once the service
 *   is ready (GitHub then marks the environment's earlier deployments `inactive` and shows
 *   "View deployment"), or `failure` with the reason.
 * - A job: environment `outpost/<namespace>/jobs/<job>` (transient: each run stands alone),
 *   task `outpost:job`. Its apply posts `queued` while submitting, then `in_progress` once
 *   Outpost accepted the run — the run is under way, not finished; the bot posts the run's end
 *   (`success`, `failure`, `error`) on the same Deployment — or `failure` if submitting failed.
 * - A pruned resource: its last applied Deployment gets `inactive`.
 *
 * Reading back, a Deployment counts as applied when its statuses hold `success` (a service) or
 * `in_progress`/`success` (a job, whatever the run's outcome); `inactive` as its newest status
 * means the resource was forgotten. So the bot must not post `inactive` on a job's Deployment.
 */
import type { ResourceKind } from "./applied-record.ts";

export const serviceTask = "outpost:service";
export const jobTask = "outpost:job";

export function taskOf(kind: ResourceKind): string {
  return kind === "service" ? serviceTask : jobTask;
}

/** The GitHub environment of a resource, as users see it in the repository's Environments. */
export function environmentName(kind: ResourceKind, namespace: string, key: string): string {
  return kind === "service" ? `outpost/${namespace}/${key}` : `outpost/${namespace}/jobs/${key}`;
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

/** The status an apply posts when it starts on a resource. */
export function beginStatus(kind: ResourceKind, outpostName: string, logUrl?: string): StatusBody {
  return withLog(
    kind === "service"
      ? {
          state: "in_progress",
          description: truncateDescription(`Deploying ${outpostName} on Outpost`),
        }
      : {
          state: "queued",
          description: truncateDescription(`Submitting run ${outpostName} to Outpost`),
        },
    logUrl,
  );
}

/** The status an apply posts when the resource reached its goal (ready; submitted). */
export function successStatus(
  kind: ResourceKind,
  outpostName: string,
  url: string | undefined,
  logUrl?: string,
): StatusBody {
  if (kind === "job") {
    return withLog(
      {
        state: "in_progress",
        description: truncateDescription(
          `Submitted as ${outpostName}; the Outpost app reports how it ends`,
        ),
      },
      logUrl,
    );
  }
  return withLog(
    {
      state: "success",
      description: truncateDescription(`${outpostName} is ready`),
      ...(url === undefined ? {} : { environment_url: url }),
      auto_inactive: true,
    },
    logUrl,
  );
}

export function failureStatus(reason: string, logUrl?: string): StatusBody {
  return withLog({ state: "failure", description: truncateDescription(reason) }, logUrl);
}

export function forgottenStatus(): StatusBody {
  return { state: "inactive", description: "Deleted from Outpost (pruned from outpost.yaml)" };
}

export type History = "applied" | "forgotten" | "not-applied";

/**
 * What a Deployment's statuses (newest first) say about its apply. Given only the newest page of
 * a long history, `not-applied` is provisional: an older page may hold the status that counts.
 */
export function readHistory(kind: ResourceKind, statesNewestFirst: readonly string[]): History {
  if (statesNewestFirst[0] === "inactive") {
    // GitHub's auto-inactivation only touches a deployment after a newer one succeeded, which the
    // newest-first walk meets first; an `inactive` reached here was posted by a prune.
    return "forgotten";
  }
  const counts = kind === "service" ? ["success"] : ["in_progress", "success"];
  return statesNewestFirst.some((state) => counts.includes(state)) ? "applied" : "not-applied";
}
