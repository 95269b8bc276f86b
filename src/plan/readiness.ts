/** When a service or job counts as done, failed, or still on its way. */
import type { Job, JobSummary, Service, ServiceSummary } from "../outpost/types.ts";

export type Readiness = "ready" | "pending" | "failed";

/**
 * A service is ready when it is `running` with at least `min_replicas` ready replicas (so a
 * scale-to-zero service is ready at zero); `failed` is final. `degraded` stays pending: it may
 * recover, and the overall timeout decides.
 */
export function serviceReadiness(service: Service | ServiceSummary): Readiness {
  if (service.status === "failed") return "failed";
  if (service.status !== "running") return "pending";
  return service.ready_replicas >= service.min_replicas ? "ready" : "pending";
}

/** A job is done when it succeeded; any other end state is a failure. */
export function jobReadiness(job: Job | JobSummary): Readiness {
  switch (job.status) {
    case "succeeded":
      return "ready";
    case "failed":
    case "cancelled":
    case "timed_out":
      return "failed";
    case "queued":
    case "running":
      return "pending";
  }
}
