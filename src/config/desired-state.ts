import type { Gpu, GpuCount, JobCpu, Region, ServiceCpu } from "./schema.generated.ts";
import type { SecretValues } from "./secrets.ts";

/** Where a service or job comes from: a repository at a branch, or a container image. */
export type Source =
  { readonly repo: string; readonly branch: string } | { readonly image: string };

/**
 * A service exactly as the body of the API's create-service request
 * (`POST /auth/v1/seed/{namespace}/services`), every documented default written out.
 */
export type ServiceSpec = Source & {
  readonly name: string;
  readonly gpu: Gpu;
  readonly gpu_count: GpuCount;
  readonly cpu: ServiceCpu;
  readonly memory_gb: number;
  readonly min_replicas: number;
  readonly max_replicas: number;
  readonly target_gpu_utilization: number;
  readonly port: number;
  readonly health_check_path: string;
  readonly env: Readonly<Record<string, string>>;
  readonly region: Region;
  readonly custom_domain?: string;
};

/**
 * A job run exactly as the body of the API's create-job request
 * (`POST /auth/v1/seed/{namespace}/jobs`), every documented default written out.
 */
export type JobBody = Source & {
  /** The run's Outpost name (the job's rendered `run_name`). */
  readonly name: string;
  readonly command: string;
  readonly gpu: Gpu;
  readonly gpu_count: GpuCount;
  readonly cpu: JobCpu;
  readonly memory_gb: number;
  readonly disk_gb: number;
  readonly env: Readonly<Record<string, string>>;
  readonly region: Region;
  readonly timeout_minutes: number;
  readonly retries: number;
  readonly output_path?: string;
};

export interface JobSpec {
  /** The job's key under `jobs:` in outpost.yaml. */
  readonly key: string;
  /** The Outpost name of this run; equal to `body.name`. */
  readonly runName: string;
  /** Globs of repository files whose change makes the job due; empty when not set. */
  readonly paths: readonly string[];
  readonly body: JobBody;
}

/** What outpost.yaml asks for, resolved: the input of planning. */
export interface DesiredState {
  readonly version: 1;
  readonly namespace: string;
  /** The environment resolved (`default` for a file without `environments:`): a project of its own. */
  readonly environment: string;
  /** Sorted by name. */
  readonly services: readonly ServiceSpec[];
  /** Sorted by key. */
  readonly jobs: readonly JobSpec[];
  /** Every value that came from a secret or the environment: mask it in every output. */
  readonly secrets: SecretValues;
}

export type PrintableValue =
  | string
  | number
  | boolean
  | null
  | readonly PrintableValue[]
  | { readonly [key: string]: PrintableValue };

export interface PrintableState {
  readonly version: 1;
  readonly namespace: string;
  readonly services: readonly PrintableValue[];
  readonly jobs: readonly PrintableValue[];
}

/**
 * The desired state as it may be shown anywhere (plans, comments, logs, JSON output): every string
 * that holds a secret or environment value is masked. `JSON.stringify(state)` is not safe; this is.
 */
export function printable(state: DesiredState): PrintableState {
  const mask = (value: unknown): PrintableValue => {
    if (typeof value === "string") return state.secrets.mask(value);
    if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
    if (Array.isArray(value)) return value.map(mask);
    if (typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mask(item)]));
    }
    return null;
  };
  return {
    version: state.version,
    namespace: state.namespace,
    services: state.services.map(mask),
    jobs: state.jobs.map(mask),
  };
}
