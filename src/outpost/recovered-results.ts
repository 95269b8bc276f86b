/**
 * The answer a write would have given, rebuilt from a read of the resource, for writes whose own
 * answer was lost but which are found to have taken effect (a redeploy, a cancel).
 */
import type { Job, JobCancellation, Service, ServiceChange } from "./types.ts";

/** A redeploy's answer (`ServiceChange`) from the service as read. */
export function serviceChangeFrom(service: Service, message: string): ServiceChange {
  return {
    id: service.id,
    name: service.name,
    namespace: service.namespace,
    status: service.status,
    ...(service.commit_sha === undefined ? {} : { commit_sha: service.commit_sha }),
    ...(service.branch === undefined ? {} : { branch: service.branch }),
    min_replicas: service.min_replicas,
    max_replicas: service.max_replicas,
    target_gpu_utilization: service.target_gpu_utilization,
    current_replicas: service.current_replicas,
    ready_replicas: service.ready_replicas,
    ...(service.custom_domain === undefined ? {} : { custom_domain: service.custom_domain }),
    message,
    updated_at: service.updated_at,
  };
}

/** A cancel's answer from a job read as `cancelled`. */
export function cancellationFrom(job: Job, message: string, nowIso: string): JobCancellation {
  return {
    id: job.id,
    name: job.name,
    namespace: job.namespace,
    status: "cancelled",
    message,
    runtime_seconds: job.runtime_seconds ?? 0,
    total_cost: job.total_cost ?? "0.00",
    completed_at: job.completed_at ?? nowIso,
  };
}
