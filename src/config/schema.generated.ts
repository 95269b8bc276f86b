/**
 * Types of an outpost.yaml document, generated from outpost.schema.json by
 * scripts/generate/config-types.ts. Do not edit: change the schema and run `npm run generate`.
 */

/**
 * Branch of `repo` to deploy or clone.
 */
export type Branch = string;
/**
 * GPU type. One of `A100-40GB`, `A100-80GB`, `H100-80GB`, `L4`, `T4`, `none`.
 */
export type Gpu = "A100-40GB" | "A100-80GB" | "H100-80GB" | "L4" | "T4" | "none";
/**
 * Number of GPUs (per replica for services). Must be `1`, `2`, `4`, or `8`.
 */
export type GpuCount = 1 | 2 | 4 | 8;
/**
 * Memory in gigabytes (per replica for services).
 */
export type MemoryGb = number;
/**
 * Deployment region. One of `us-east-1`, `us-west-2`, `eu-west-1`, `eu-central-1`, `ap-northeast-1`.
 */
export type Region = "us-east-1" | "us-west-2" | "eu-west-1" | "eu-central-1" | "ap-northeast-1";
/**
 * Full repository name (namespace/repo) to deploy or clone.
 */
export type Repo = string;
/**
 * Container image to deploy or run.
 */
export type Image = string;
/**
 * Number of vCPUs per replica.
 */
export type ServiceCpu = 2 | 4 | 8 | 16 | 32 | 64;
/**
 * A duration with units: `90m`, `2h`, `3d`, `1h30m`.
 */
export type Duration = string;
/**
 * Glob patterns of repository files. When set, the job is submitted only when its definition or a matching file changed since its last successful submission; without it, only a changed definition (or an explicit request) submits it. Patterns are relative to the repository root: a leading `/`, a drive letter and `..` segments are errors, and a leading `./` changes nothing (`./training/**` is `training/**`). `*` matches within a folder and `**` across folders, both skipping names that start with `.` unless the pattern spells the dot (`.github/**`); `{a,b}` and `[abc]` work as in shells; matching is case-sensitive. Only regular files and symbolic links are digested: a link counts as the path it points to, as Git stores it, and is never followed. A job may select at most 10,000 files holding 256 MiB together. A file counts by its Git blob id, so the action's checkout and the bot's view of the commit agree.
 */
export type Paths = string[];
/**
 * Number of vCPUs.
 */
export type JobCpu = 2 | 4 | 8 | 16 | 32 | 64 | 96;

/**
 * The Outpost GPU services and jobs of a repository, applied by the Outpost GitOps action, CLI and GitHub App. Field names are the Outpost API's own, so its reference documents them too.
 */
export interface OutpostConfig {
  /**
   * Version of the outpost.yaml format. Only version 1 exists.
   */
  version: 1;
  /**
   * The Outpost namespace (user or organization) that owns every service and job of this file.
   */
  namespace: string;
  defaults?: Defaults;
  /**
   * Long-running, auto-scaling HTTP services. Each key is the service's Outpost name.
   */
  services?: {
    [k: string]: Service | undefined;
  };
  /**
   * Batch jobs that run a command to completion. Each key is the job's name in this file; the Outpost name of each run comes from `run_name`.
   */
  jobs?: {
    [k: string]: Job | undefined;
  };
  /**
   * Named environments, such as `staging` and `production`: each deploys this file's services and jobs into its own namespace, when its `deploy` says, with its own overrides of any field. Each environment keeps records of its own (its own prune, its own job runs). When the file has environments, every plan and apply is of one of them.
   */
  environments?: {
    [k: string]: Environment | undefined;
  };
  /**
   * Where services with `preview:` get their per-pull-request previews, and the limits on them: a pull request's previews are refused, and nothing is created, when they would pass one.
   */
  previews?: {
    /**
     * The Outpost namespace previews are deployed into; the file's `namespace` when not set.
     */
    namespace?: string;
    /**
     * The most preview services that may exist at once, across all pull requests.
     */
    max_concurrent?: number;
    /**
     * The most all previews may cost an hour together, at their maximum replicas, in US dollars.
     */
    max_hourly?: number;
  };
}
/**
 * Values merged into every service and job; a key set on the resource wins, and `env` is merged key by key. Holds only the fields that services and jobs share; `branch` applies only to resources deployed from a `repo`.
 */
export interface Defaults {
  branch?: Branch;
  gpu?: Gpu;
  gpu_count?: GpuCount;
  /**
   * Default number of vCPUs. Services accept `2` to `64`, jobs `2` to `96`: a default of `96` is valid only when every service sets its own `cpu`.
   */
  cpu?: 2 | 4 | 8 | 16 | 32 | 64 | 96;
  memory_gb?: MemoryGb;
  region?: Region;
  env?: Env;
}
/**
 * Environment variables as key-value pairs. Values are strings (quote numbers: "32"); write `${{ secrets.NAME }}` for credentials.
 */
export interface Env {
  [k: string]: string | undefined;
}
/**
 * A production service, deployed from a repository (`repo`) or a container image (`image`).
 */
export interface Service {
  repo?: Repo;
  image?: Image;
  branch?: Branch;
  gpu?: Gpu;
  gpu_count?: GpuCount;
  cpu?: ServiceCpu;
  memory_gb?: MemoryGb;
  /**
   * Minimum number of replicas. Set to `0` to enable scale-to-zero. At most `max_replicas`.
   */
  min_replicas?: number;
  /**
   * Maximum number of replicas for autoscaling. At least `min_replicas`.
   */
  max_replicas?: number;
  /**
   * Target GPU utilization percentage for autoscaling. Range: `10` to `95`.
   */
  target_gpu_utilization?: number;
  /**
   * Port the service listens on inside the container.
   */
  port?: number;
  /**
   * HTTP path for health checks. The service must return a 200 on this path.
   */
  health_check_path?: string;
  env?: Env;
  region?: Region;
  /**
   * Custom domain to route traffic to this service. You must configure a CNAME record pointing to your service endpoint.
   */
  custom_domain?: string;
  preview?: Preview;
}
/**
 * A preview of this service for each pull request from this repository: `<service>-pr-<number>` in the preview namespace, with these fields replacing the service's own (a smaller GPU, `min_replicas: 0`, `max_replicas: 1`…), updated on each push and deleted when the pull request closes or the preview expires.
 */
export interface Preview {
  branch?: Branch;
  gpu?: Gpu;
  gpu_count?: GpuCount;
  cpu?: ServiceCpu;
  memory_gb?: MemoryGb;
  /**
   * Minimum number of replicas. Set to `0` to enable scale-to-zero. At most `max_replicas`.
   */
  min_replicas?: number;
  /**
   * Maximum number of replicas for autoscaling. At least `min_replicas`.
   */
  max_replicas?: number;
  /**
   * Target GPU utilization percentage for autoscaling. Range: `10` to `95`.
   */
  target_gpu_utilization?: number;
  /**
   * Port the service listens on inside the container.
   */
  port?: number;
  /**
   * HTTP path for health checks. The service must return a 200 on this path.
   */
  health_check_path?: string;
  env?: Env;
  region?: Region;
  /**
   * Custom domain to route traffic to this service. You must configure a CNAME record pointing to your service endpoint.
   */
  custom_domain?: string;
  /**
   * Globs of repository files (repository-relative, as a job's `paths:`): a pull request changing one of them gets a preview of the service. Not set: every pull request does.
   *
   * @minItems 1
   */
  paths?: [string, ...string[]];
  idle_expiry?: Duration;
  ttl?: Duration;
}
/**
 * A batch job: runs `command` to completion from a repository (`repo`) or a container image (`image`).
 */
export interface Job {
  /**
   * Outpost name of each run of this job. May use `${{ job.name }}` (the key of this job), `${{ git.sha }}` and `${{ git.short_sha }}`; the result must contain only letters, digits, `-` and `_`. A run whose name already exists is not submitted again, so a fixed name runs once.
   */
  run_name?: string;
  paths?: Paths;
  /**
   * The command to execute. This is run inside the container as the entrypoint.
   */
  command: string;
  repo?: Repo;
  image?: Image;
  branch?: Branch;
  gpu?: Gpu;
  gpu_count?: GpuCount;
  cpu?: JobCpu;
  memory_gb?: MemoryGb;
  /**
   * Ephemeral disk size in gigabytes. Data is discarded when the job completes.
   */
  disk_gb?: number;
  env?: Env;
  region?: Region;
  /**
   * Maximum runtime in minutes before the job is killed. Default is 24 hours. Maximum is `10080` (7 days).
   */
  timeout_minutes?: number;
  /**
   * Number of times to retry the job on failure. Maximum `5`.
   */
  retries?: number;
  /**
   * Path inside the container to persist as job artifacts. Contents are uploaded to your namespace's artifact storage on completion.
   */
  output_path?: string;
}
/**
 * One environment: its namespace, what deploys it, and what it changes of the file's defaults, services and jobs (merged as `defaults` are: a value set here wins, `env` is merged key by key).
 */
export interface Environment {
  /**
   * The Outpost namespace the environment deploys into; the file's `namespace` when not set.
   */
  namespace?: string;
  deploy: Deploy;
  defaults?: Defaults;
  /**
   * Fields of the file's services to change in this environment, by service name.
   */
  services?: {
    [k: string]: ServiceOverride | undefined;
  };
  /**
   * Fields of the file's jobs to change in this environment, by job key.
   */
  jobs?: {
    [k: string]: JobOverride | undefined;
  };
}
/**
 * What deploys the environment: pushes to a `branch` (and manual runs on it), pushes of tags matching `tags` (a glob such as `v*`), or only a manual run naming it (`manual: true`). Exactly one.
 */
export interface Deploy {
  /**
   * Pushes to this branch deploy the environment.
   */
  branch?: string;
  /**
   * Pushes of tags matching this glob (`*` matches any run of characters) deploy the environment.
   */
  tags?: string;
  /**
   * Only a manual run that names the environment (the action's `environment` input, the CLI's `--environment`) deploys it.
   */
  manual?: true;
}
/**
 * Fields that replace the service's own in this environment; `env` is merged key by key. Whether it deploys from `repo` or `image` cannot change.
 */
export interface ServiceOverride {
  branch?: Branch;
  gpu?: Gpu;
  gpu_count?: GpuCount;
  cpu?: ServiceCpu;
  memory_gb?: MemoryGb;
  /**
   * Minimum number of replicas. Set to `0` to enable scale-to-zero. At most `max_replicas`.
   */
  min_replicas?: number;
  /**
   * Maximum number of replicas for autoscaling. At least `min_replicas`.
   */
  max_replicas?: number;
  /**
   * Target GPU utilization percentage for autoscaling. Range: `10` to `95`.
   */
  target_gpu_utilization?: number;
  /**
   * Port the service listens on inside the container.
   */
  port?: number;
  /**
   * HTTP path for health checks. The service must return a 200 on this path.
   */
  health_check_path?: string;
  env?: Env;
  region?: Region;
  /**
   * Custom domain to route traffic to this service. You must configure a CNAME record pointing to your service endpoint.
   */
  custom_domain?: string;
}
/**
 * Fields that replace the job's own in this environment; `env` is merged key by key. Whether it runs from `repo` or `image` cannot change.
 */
export interface JobOverride {
  paths?: Paths;
  /**
   * The command to execute. This is run inside the container as the entrypoint.
   */
  command?: string;
  branch?: Branch;
  gpu?: Gpu;
  gpu_count?: GpuCount;
  cpu?: JobCpu;
  memory_gb?: MemoryGb;
  /**
   * Ephemeral disk size in gigabytes. Data is discarded when the job completes.
   */
  disk_gb?: number;
  env?: Env;
  region?: Region;
  /**
   * Maximum runtime in minutes before the job is killed. Default is 24 hours. Maximum is `10080` (7 days).
   */
  timeout_minutes?: number;
  /**
   * Number of times to retry the job on failure. Maximum `5`.
   */
  retries?: number;
  /**
   * Path inside the container to persist as job artifacts. Contents are uploaded to your namespace's artifact storage on completion.
   */
  output_path?: string;
}
