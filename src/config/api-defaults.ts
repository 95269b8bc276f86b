import type { GpuCount, JobCpu, Region, ServiceCpu } from "./schema.generated.ts";

/**
 * The defaults the Outpost API documents for a created service (services.txt). Resolution writes
 * them out, so that a plan compares complete specs; a test holds them equal to the schema's.
 * `branch` applies only to services deployed from a `repo`.
 */
export const serviceDefaults = {
  branch: "main",
  gpu_count: 1 satisfies GpuCount,
  cpu: 4 satisfies ServiceCpu,
  memory_gb: 16,
  min_replicas: 1,
  max_replicas: 1,
  target_gpu_utilization: 70,
  port: 8080,
  health_check_path: "/health",
  region: "us-east-1" satisfies Region,
} as const;

/** The defaults the Outpost API documents for a submitted job (jobs.txt); they differ from a service's. */
export const jobDefaults = {
  branch: "main",
  gpu_count: 1 satisfies GpuCount,
  cpu: 8 satisfies JobCpu,
  memory_gb: 32,
  disk_gb: 100,
  region: "us-east-1" satisfies Region,
  timeout_minutes: 1440,
  retries: 0,
} as const;
