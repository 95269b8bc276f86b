/**
 * What the bot shows about one followed resource — a job run or a service rollout — gathered
 * from Outpost's answers and the bot's own notes. The check run and the sticky comment are both
 * rendered from it, so they always agree.
 */
import type { JobStatus, ServiceMetrics, ServiceStatus } from "../outpost/types.ts";
import type { MetricSeries } from "./loss-chart.ts";

/**
 * `pending`: not on Outpost yet (being submitted); `missing`: Outpost had it and no longer has
 * it; `unsubmitted`: it never appeared on Outpost within the grace period.
 */
export type Absence = "pending" | "missing" | "unsubmitted";

export interface ArtifactsView {
  readonly path: string;
  readonly sizeBytes: number;
  readonly files: number;
  readonly downloadUrl: string;
}

export interface JobView {
  readonly kind: "job";
  /** The job's key in outpost.yaml. */
  readonly key: string;
  /** The run's name on Outpost. */
  readonly runName: string;
  readonly namespace: string;
  readonly status: JobStatus | Absence;
  readonly progress?: string | null;
  readonly gpu?: string;
  readonly gpuCount?: number;
  readonly region?: string;
  readonly runtimeSeconds?: number;
  readonly costPerHour?: string;
  readonly totalCost?: string;
  readonly exitCode?: number | null;
  readonly retryCount?: number;
  readonly retries?: number;
  readonly artifacts?: ArtifactsView | null;
  /** The last log lines, oldest first, already redacted. */
  readonly logLines: readonly string[];
  /** The metrics read from the log (the loss, the learning rate…), each over the whole run. */
  readonly charts?: readonly MetricSeries[];
}

export interface ServiceView {
  readonly kind: "service";
  readonly name: string;
  readonly namespace: string;
  readonly status: ServiceStatus | Absence;
  readonly currentReplicas?: number;
  readonly readyReplicas?: number;
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly endpoint?: string;
  readonly costPerHourPerReplica?: string;
  readonly gpu?: string;
  readonly gpuCount?: number;
  readonly region?: string;
  readonly metrics?: ServiceMetrics;
  /** How long it has been degraded, when it is. */
  readonly degradedSeconds?: number;
  readonly logLines: readonly string[];
}

export type ResourceView = JobView | ServiceView;

const jobIcons: Readonly<Record<JobView["status"], string>> = {
  pending: "⏳",
  missing: "❔",
  unsubmitted: "❔",
  queued: "⏳",
  running: "🏃",
  succeeded: "✅",
  failed: "❌",
  cancelled: "⏹️",
  timed_out: "⌛",
};

const serviceIcons: Readonly<Record<ServiceView["status"], string>> = {
  pending: "⏳",
  missing: "❔",
  unsubmitted: "❔",
  deploying: "🔄",
  running: "✅",
  degraded: "⚠️",
  stopped: "⏹️",
  failed: "❌",
};

export function statusIcon(view: ResourceView): string {
  return view.kind === "job" ? jobIcons[view.status] : serviceIcons[view.status];
}

/** `finetune-llama-3` / `llama-3-serving`: how the resource is named in outpost.yaml. */
export function resourceName(view: ResourceView): string {
  return view.kind === "job" ? view.key : view.name;
}

/** `timed_out` → `timed out`; `unsubmitted` → `never submitted`. */
export function statusWords(status: string): string {
  return status === "unsubmitted" ? "never submitted" : status.replaceAll("_", " ");
}

const endedJobs: ReadonlySet<string> = new Set([
  "succeeded",
  "failed",
  "cancelled",
  "timed_out",
  "missing",
  "unsubmitted",
]);

/** Whether a job's view shows its end (it will not change again). */
export function jobEnded(view: JobView): boolean {
  return endedJobs.has(view.status);
}
