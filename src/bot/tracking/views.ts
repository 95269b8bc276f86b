/** Outpost's answers turned into the views the check runs and the sticky comment render. */
import type { Job, JobSummary, Service, ServiceSummary } from "../../outpost/types.ts";
import type { MetricSeries } from "../../render/loss-chart.ts";
import type { Absence, JobView, ServiceView } from "../../render/resource-view.ts";

export interface JobIdentity {
  readonly key: string;
  readonly runName: string;
  readonly namespace: string;
}

/** Progress from Outpost's `progress`, else from the last log line that counts steps. */
function progressOf(job: JobSummary, logLines: readonly string[]): string | null {
  if (job.progress) return job.progress;
  return logLines.findLast((line) => /step\s*\d+\s*\/\s*\d+/i.test(line)) ?? null;
}

export function jobView(
  identity: JobIdentity,
  job: Job | JobSummary | Absence,
  logLines: readonly string[],
  charts: readonly MetricSeries[] | undefined,
): JobView {
  const base = {
    kind: "job",
    ...identity,
    logLines,
    ...(charts === undefined || charts.length === 0 ? {} : { charts }),
  } as const;
  if (typeof job === "string") return { ...base, status: job };
  const details =
    "command" in job
      ? {
          ...(job.total_cost === undefined ? {} : { totalCost: job.total_cost }),
          ...(job.exit_code === undefined ? {} : { exitCode: job.exit_code }),
          retryCount: job.retry_count,
          retries: job.retries,
          artifacts:
            job.artifacts === undefined || job.artifacts === null
              ? null
              : {
                  path: job.artifacts.path,
                  sizeBytes: job.artifacts.size_bytes,
                  files: job.artifacts.files,
                  downloadUrl: job.artifacts.download_url,
                },
        }
      : {};
  return {
    ...base,
    status: job.status,
    progress: progressOf(job, logLines),
    gpu: job.gpu,
    gpuCount: job.gpu_count,
    region: job.region,
    ...(job.runtime_seconds === undefined ? {} : { runtimeSeconds: job.runtime_seconds }),
    costPerHour: job.cost_per_hour,
    ...details,
  };
}

export function serviceView(
  namespace: string,
  name: string,
  service: Service | ServiceSummary | Absence,
  logLines: readonly string[],
  degradedSeconds: number | undefined,
): ServiceView {
  const base = { kind: "service", name, namespace, logLines } as const;
  if (typeof service === "string") return { ...base, status: service };
  return {
    ...base,
    status: service.status,
    currentReplicas: service.current_replicas,
    readyReplicas: service.ready_replicas,
    minReplicas: service.min_replicas,
    maxReplicas: service.max_replicas,
    endpoint: service.endpoint,
    costPerHourPerReplica: service.cost_per_hour_per_replica,
    gpu: service.gpu,
    gpuCount: service.gpu_count,
    region: service.region,
    ...("metrics" in service && service.metrics !== undefined ? { metrics: service.metrics } : {}),
    ...(degradedSeconds === undefined ? {} : { degradedSeconds }),
  };
}
