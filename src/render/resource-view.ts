/**
 * What the bot shows about one followed resource — a job run or a service rollout — gathered
 * from Outpost's answers and the bot's own notes. The check run and the sticky comment are both
 * rendered from it, so they always agree.
 */
import type { JobStatus, ServiceMetrics, ServiceStatus } from "../outpost/types.ts";
import type { MetricSeries } from "./loss-chart.ts";

/** `pending`: not on Outpost yet (being submitted); `missing`: Outpost no longer has it. */
export type Absence = "pending" | "missing";

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
  /** The loss (or another metric) read from the log. */
  readonly series?: MetricSeries;
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

/** `timed_out` → `timed out`. */
export function statusWords(status: string): string {
  return status.replaceAll("_", " ");
}
