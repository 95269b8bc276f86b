/**
 * Where a followed resource stands, for GitHub: the check run's status and conclusion, and the
 * state the bot posts on its Deployment when it ends.
 *
 * | Outpost | Check run | Deployment |
 * | --- | --- | --- |
 * | job `queued` (or not submitted yet) | `queued` | (the action's `in_progress`) |
 * | job `running` | `in_progress` | (unchanged) |
 * | job `succeeded` | `success` | `success` |
 * | job `failed` | `failure` | `failure` |
 * | job `timed_out` | `failure` | `error` |
 * | job `cancelled` | `cancelled` | `error` |
 * | service `deploying`, or `running` with fewer ready replicas than `min_replicas` | `in_progress` | (unchanged) |
 * | service `running` and ready (at zero replicas for scale-to-zero) | `success` | `success` + endpoint |
 * | service `failed` | `failure` | `failure` |
 * | service `degraded` for longer than the grace period | `failure` | `failure` |
 * | service not ready within the rollout timeout | `failure` | `failure` |
 * | service `stopped` | `neutral` | `inactive` is never posted; `error` |
 * | gone from Outpost | `failure` | `error` |
 * | never on Outpost within the grace period | `failure` | `error` |
 *
 * A degraded service past its grace period concludes as `failure`, not `action_required`: the
 * rollout did not reach its goal, and branch protection should treat it so. A job's Deployment
 * never gets `inactive` (see docs/github-records.md): `error` marks runs that did not finish.
 */
import type { DeploymentState } from "../../records/deployment-statuses.ts";
import type { JobStatus, ServiceSummary } from "../../outpost/types.ts";
import { serviceReadiness } from "../../plan/readiness.ts";
import type { CheckRunStatus, Conclusion } from "../check-runs.ts";

export interface Outcome {
  readonly status: CheckRunStatus;
  readonly conclusion?: Conclusion;
  /** The end state for the Deployment; present exactly when the check run completes. */
  readonly deployment?: { readonly state: DeploymentState; readonly description: string };
}

const queued: Outcome = { status: "queued" };
const inProgress: Outcome = { status: "in_progress" };

function ended(conclusion: Conclusion, state: DeploymentState, description: string): Outcome {
  return { status: "completed", conclusion, deployment: { state, description } };
}

/** `pending`: not on Outpost yet; `missing`: gone; `unsubmitted`: never appeared on Outpost. */
export function jobOutcome(
  status: JobStatus | "pending" | "missing" | "unsubmitted",
  runName: string,
): Outcome {
  switch (status) {
    case "pending":
    case "queued":
      return queued;
    case "running":
      return inProgress;
    case "succeeded":
      return ended("success", "success", `Run ${runName} succeeded`);
    case "failed":
      return ended("failure", "failure", `Run ${runName} failed`);
    case "timed_out":
      return ended("failure", "error", `Run ${runName} timed out`);
    case "cancelled":
      return ended("cancelled", "error", `Run ${runName} was cancelled`);
    case "missing":
      return ended("failure", "error", `Run ${runName} is no longer on Outpost`);
    case "unsubmitted":
      return ended("failure", "error", `Run ${runName} was never submitted to Outpost`);
  }
}

export interface ServiceTiming {
  /** How long the service has been degraded, if it is. */
  readonly degradedMs: number | undefined;
  readonly degradedGraceMs: number;
  /** Since the bot started following the rollout. */
  readonly elapsedMs: number;
  readonly rolloutTimeoutMs: number;
}

export function serviceOutcome(
  service: ServiceSummary | "pending" | "missing" | "unsubmitted",
  timing: ServiceTiming,
): Outcome {
  if (service === "missing") {
    return ended("failure", "error", "The service is no longer on Outpost");
  }
  if (service === "unsubmitted") {
    return ended("failure", "error", "The service was never created on Outpost");
  }
  const late = timing.elapsedMs > timing.rolloutTimeoutMs;
  const timeout = `Not ready within ${Math.round(timing.rolloutTimeoutMs / 60_000)} min`;
  if (service === "pending") return late ? ended("failure", "failure", timeout) : queued;
  const name = service.name;
  if (service.status === "stopped") return ended("neutral", "error", `${name} is stopped`);
  if (service.status === "degraded" && (timing.degradedMs ?? 0) > timing.degradedGraceMs) {
    return ended("failure", "failure", `${name} stayed degraded`);
  }
  switch (serviceReadiness(service)) {
    case "ready":
      return ended("success", "success", `${name} is ready`);
    case "failed":
      return ended("failure", "failure", `${name} failed`);
    case "pending":
      return late ? ended("failure", "failure", timeout) : inProgress;
  }
}
