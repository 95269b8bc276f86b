// Generated from src/outpost/openapi.yaml by `npm run generate`; do not edit.
export type paths = {
  readonly "/{namespace}/services": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
      };
      readonly cookie?: never;
    };
    /**
     * List services
     * @description Retrieve all services in a namespace.
     */
    readonly get: operations["listServices"];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/{namespace}/service/{name}": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The service name (e.g., `llama-3-serving`). */
        readonly name: components["parameters"]["ServiceName"];
      };
      readonly cookie?: never;
    };
    /**
     * Get a service
     * @description Retrieve details for a single service, including current scaling state and deployment information. The response never includes `env`.
     */
    readonly get: operations["getService"];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/{namespace}/service/{name}/logs": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The service name (e.g., `llama-3-serving`). */
        readonly name: components["parameters"]["ServiceName"];
      };
      readonly cookie?: never;
    };
    /**
     * Get service logs
     * @description Retrieve logs for a service.
     */
    readonly get: operations["getServiceLogs"];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/{namespace}/service/{name}/analytics": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The service name (e.g., `llama-3-serving`). */
        readonly name: components["parameters"]["ServiceName"];
      };
      readonly cookie?: never;
    };
    /**
     * Get service analytics
     * @description Retrieve analytics and metrics for a service.
     */
    readonly get: operations["getServiceAnalytics"];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/auth/v1/seed/{namespace}/services": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
      };
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Create a service
     * @description Deploy a new production service from a repository or container image.
     */
    readonly post: operations["createService"];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/auth/v1/seed/{namespace}/services/{name}": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The service name (e.g., `llama-3-serving`). */
        readonly name: components["parameters"]["ServiceName"];
      };
      readonly cookie?: never;
    };
    readonly get?: never;
    /**
     * Update a service
     * @description Update the configuration and autoscaling parameters of a service. Only the fields sent change. `env` replaces all environment variables and triggers a rolling redeployment; `branch` triggers an immediate redeployment from the new branch; `custom_domain: null` removes the custom domain.
     */
    readonly put: operations["updateService"];
    readonly post?: never;
    /**
     * Delete a service
     * @description Delete a service and terminate all running replicas. Traffic to the service endpoint immediately returns 503.
     */
    readonly delete: operations["deleteService"];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/auth/v1/seed/{namespace}/services/{name}/redeploy": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The service name (e.g., `llama-3-serving`). */
        readonly name: components["parameters"]["ServiceName"];
      };
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Redeploy a service
     * @description Force a rolling redeployment of the service using the latest commit on the configured branch. Previous replicas serve traffic until new ones are ready.
     */
    readonly post: operations["redeployService"];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/{namespace}/jobs": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
      };
      readonly cookie?: never;
    };
    /**
     * List jobs
     * @description Retrieve all jobs in a namespace.
     */
    readonly get: operations["listJobs"];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/{namespace}/job/{name}": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The job name (e.g., `finetune-llama-3-r1`). */
        readonly name: components["parameters"]["JobName"];
      };
      readonly cookie?: never;
    };
    /**
     * Get a job
     * @description Retrieve details for a single job, including runtime metrics and artifact information. The response never includes `env`.
     */
    readonly get: operations["getJob"];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/{namespace}/job/{name}/logs": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The job name (e.g., `finetune-llama-3-r1`). */
        readonly name: components["parameters"]["JobName"];
      };
      readonly cookie?: never;
    };
    /**
     * Get job logs
     * @description Stream or retrieve the logs for a job.
     *
     *     With `stream=true` the response is `text/event-stream` (running jobs only; any other
     *     state answers 409). Not documented by Outpost: the event format. This description fixes
     *     it as one `log` event per line whose `data` is a JSON log line, an `id` equal to the
     *     line's timestamp (so a client can resume from it after a dropped connection), and
     *     a final `end` event whose `data` is `{"status": "<job status>"}` once the job has ended.
     *     `since` is exclusive: lines strictly after the timestamp.
     */
    readonly get: operations["getJobLogs"];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/{namespace}/job/{name}/analytics": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The job name (e.g., `finetune-llama-3-r1`). */
        readonly name: components["parameters"]["JobName"];
      };
      readonly cookie?: never;
    };
    /**
     * Get job analytics
     * @description Retrieve analytics and metrics for a job.
     */
    readonly get: operations["getJobAnalytics"];
    readonly put?: never;
    readonly post?: never;
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/auth/v1/seed/{namespace}/jobs": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
      };
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Create a job
     * @description Submit a new batch job for execution. Jobs run to completion and then terminate.
     */
    readonly post: operations["createJob"];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/auth/v1/seed/{namespace}/jobs/{name}": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The job name (e.g., `finetune-llama-3-r1`). */
        readonly name: components["parameters"]["JobName"];
      };
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    readonly post?: never;
    /**
     * Delete a job
     * @description Delete a finished job's record and its associated artifacts. Only finished jobs (`succeeded`, `failed`, `cancelled`, `timed_out`) can be deleted; a queued or running job answers 409.
     */
    readonly delete: operations["deleteJob"];
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
  readonly "/auth/v1/seed/{namespace}/jobs/{name}/cancel": {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The job name (e.g., `finetune-llama-3-r1`). */
        readonly name: components["parameters"]["JobName"];
      };
      readonly cookie?: never;
    };
    readonly get?: never;
    readonly put?: never;
    /**
     * Cancel a job
     * @description Cancel a queued or running job. Running jobs receive a SIGTERM followed by a SIGKILL after a 30-second grace period. A finished job answers 409.
     */
    readonly post: operations["cancelJob"];
    readonly delete?: never;
    readonly options?: never;
    readonly head?: never;
    readonly patch?: never;
    readonly trace?: never;
  };
};
export type webhooks = Record<string, never>;
export type components = {
  schemas: {
    /**
     * @description Letters, digits, hyphens and underscores.
     * @example llama-3-serving
     */
    readonly Name: string;
    readonly Error: {
      readonly error: {
        /**
         * @description A stable machine-readable code, e.g. `invalid_request`.
         * @example invalid_request
         */
        readonly code: string;
        /** @example Either 'repo' or 'image' must be provided. */
        readonly message: string;
        readonly request_id: components["schemas"]["RequestId"];
      };
    };
    /** @example req_5a6b7c8d9e0f */
    readonly RequestId: string;
    readonly Pagination: {
      readonly page: number;
      readonly per_page: number;
      readonly total: number;
      readonly total_pages: number;
    };
    /**
     * @description GPU type.
     * @enum {string}
     */
    readonly Gpu: "A100-40GB" | "A100-80GB" | "H100-80GB" | "L4" | "T4" | "none";
    /**
     * @description Number of GPUs. Must be `1`, `2`, `4`, or `8`.
     * @enum {integer}
     */
    readonly GpuCount: 1 | 2 | 4 | 8;
    /**
     * @description Deployment region.
     * @enum {string}
     */
    readonly Region: "us-east-1" | "us-west-2" | "eu-west-1" | "eu-central-1" | "ap-northeast-1";
    /** @description Environment variables as key-value pairs. */
    readonly Env: {
      readonly [key: string]: string;
    };
    /**
     * Format: date-time
     * @example 2026-03-18T10:00:00Z
     */
    readonly Timestamp: string;
    /**
     * @description An amount in US dollars as a decimal string with two decimals.
     * @example 3.20
     */
    readonly Money: string;
    readonly CommitSha: string;
    /**
     * @description Full repository name (namespace/repo).
     * @example acme/inference-engine
     */
    readonly Repo: string;
    /**
     * @description Container image reference.
     * @example ghcr.io/acme/embedding-server:v2.1.0
     */
    readonly Image: string;
    /** @enum {string} */
    readonly ServiceStatus: "deploying" | "running" | "degraded" | "stopped" | "failed";
    /**
     * @description Number of vCPUs per replica. One of `2`, `4`, `8`, `16`, `32`, `64`.
     * @enum {integer}
     */
    readonly ServiceCpu: 2 | 4 | 8 | 16 | 32 | 64;
    /** @description Minimum number of replicas. Set to `0` to enable scale-to-zero. */
    readonly MinReplicas: number;
    /** @description Maximum number of replicas for autoscaling. Not documented by Outpost: the lower bound; a service that may never run a replica is refused (minimum 1), and `min_replicas` above `max_replicas` is an invalid combination (422). */
    readonly MaxReplicas: number;
    /** @description Target GPU utilization percentage for autoscaling. Range `10` to `95`. */
    readonly TargetGpuUtilization: number;
    /** @description Port the service listens on inside the container. */
    readonly Port: number;
    /** @description HTTP path for health checks. The service must return a 200 on this path. */
    readonly HealthCheckPath: string;
    /**
     * @description Custom domain to route traffic to this service. You must configure a CNAME record pointing to your service endpoint.
     * @example llama.acme.com
     */
    readonly CustomDomain: string;
    readonly ServiceMetrics: {
      readonly requests_per_second: number;
      readonly avg_latency_ms: number;
      readonly p99_latency_ms: number;
      readonly gpu_utilization_percent: number;
      readonly error_rate_percent: number;
    };
    /** @description A service as listed. */
    readonly ServiceSummary: {
      /** @example svc_8f3a2b1c4d5e */
      readonly id: string;
      readonly name: components["schemas"]["Name"];
      readonly namespace: components["schemas"]["Name"];
      readonly status: components["schemas"]["ServiceStatus"];
      readonly gpu: components["schemas"]["Gpu"];
      readonly gpu_count: components["schemas"]["GpuCount"];
      readonly current_replicas: number;
      readonly ready_replicas: number;
      readonly min_replicas: components["schemas"]["MinReplicas"];
      readonly max_replicas: components["schemas"]["MaxReplicas"];
      /**
       * Format: uri
       * @description `https://<name>.<namespace>.outpost.run`.
       * @example https://llama-3-serving.acme.outpost.run
       */
      readonly endpoint: string;
      readonly region: components["schemas"]["Region"];
      readonly cost_per_hour_per_replica: components["schemas"]["Money"];
      readonly created_at: components["schemas"]["Timestamp"];
      readonly updated_at: components["schemas"]["Timestamp"];
    };
    /** @description A service with its configuration and scaling state. `repo`/`branch` or `image` follow how it was created; `custom_domain` is `null` when none is set; `metrics` appears once the service has served. `env` is never returned. */
    readonly Service: components["schemas"]["ServiceSummary"] & {
      readonly repo?: components["schemas"]["Repo"];
      readonly image?: components["schemas"]["Image"];
      readonly branch?: string;
      readonly commit_sha?: components["schemas"]["CommitSha"];
      readonly cpu: components["schemas"]["ServiceCpu"];
      readonly memory_gb: number;
      readonly target_gpu_utilization: components["schemas"]["TargetGpuUtilization"];
      readonly port: components["schemas"]["Port"];
      readonly health_check_path: components["schemas"]["HealthCheckPath"];
      readonly custom_domain?: components["schemas"]["CustomDomain"] | null;
      readonly metrics?: components["schemas"]["ServiceMetrics"];
    };
    readonly ServiceList: {
      readonly data: readonly components["schemas"]["ServiceSummary"][];
      readonly pagination: components["schemas"]["Pagination"];
    };
    /** @description The answer to an update or a redeploy: the service's identity, its status, the fields that changed, and a human-readable message. */
    readonly ServiceChange: {
      readonly id: string;
      readonly name: components["schemas"]["Name"];
      readonly namespace: components["schemas"]["Name"];
      readonly status: components["schemas"]["ServiceStatus"];
      readonly commit_sha?: components["schemas"]["CommitSha"];
      readonly branch?: string;
      readonly min_replicas?: components["schemas"]["MinReplicas"];
      readonly max_replicas?: components["schemas"]["MaxReplicas"];
      readonly target_gpu_utilization?: components["schemas"]["TargetGpuUtilization"];
      readonly current_replicas?: number;
      readonly ready_replicas?: number;
      readonly custom_domain?: components["schemas"]["CustomDomain"] | null;
      readonly message: string;
      readonly updated_at: components["schemas"]["Timestamp"];
    };
    readonly ServiceAnalytics: {
      readonly name: components["schemas"]["Name"];
      readonly namespace: components["schemas"]["Name"];
      readonly requests_per_second: number;
      readonly avg_latency_ms: number;
      readonly p99_latency_ms: number;
      readonly gpu_utilization_percent: number;
      readonly current_replicas: number;
      readonly ready_replicas: number;
    };
    /** @description Exactly one of `repo` or `image` is required. */
    readonly CreateServiceRequest: {
      /** @description A unique name for the service within the namespace. */
      readonly name: components["schemas"]["Name"];
      /** @description Full repository name (namespace/repo) to deploy from. */
      readonly repo?: components["schemas"]["Repo"];
      /** @description Container image to deploy. */
      readonly image?: components["schemas"]["Image"];
      /**
       * @description Branch to deploy when using `repo`. Pushes to this branch trigger automatic redeployments.
       * @default main
       */
      readonly branch?: string;
      /** @description GPU type for each replica. */
      readonly gpu: components["schemas"]["Gpu"];
      /** @default 1 */
      readonly gpu_count?: components["schemas"]["GpuCount"];
      /** @default 4 */
      readonly cpu?: components["schemas"]["ServiceCpu"];
      /**
       * @description Memory per replica in gigabytes.
       * @default 16
       */
      readonly memory_gb?: number;
      /** @default 1 */
      readonly min_replicas?: components["schemas"]["MinReplicas"];
      /** @default 1 */
      readonly max_replicas?: components["schemas"]["MaxReplicas"];
      /** @default 70 */
      readonly target_gpu_utilization?: components["schemas"]["TargetGpuUtilization"];
      /** @default 8080 */
      readonly port?: components["schemas"]["Port"];
      /** @default /health */
      readonly health_check_path?: components["schemas"]["HealthCheckPath"];
      readonly env?: components["schemas"]["Env"];
      /** @default us-east-1 */
      readonly region?: components["schemas"]["Region"];
      readonly custom_domain?: components["schemas"]["CustomDomain"];
    } & (unknown | unknown);
    /** @description Only the fields sent change. */
    readonly UpdateServiceRequest: {
      readonly min_replicas?: components["schemas"]["MinReplicas"];
      readonly max_replicas?: components["schemas"]["MaxReplicas"];
      readonly target_gpu_utilization?: components["schemas"]["TargetGpuUtilization"];
      /** @description Replace all environment variables with the provided key-value pairs. Triggers a rolling redeployment. */
      readonly env?: components["schemas"]["Env"];
      /** @description Change the deployment branch. Triggers an immediate redeployment from the new branch. */
      readonly branch?: string;
      /** @description Set or update a custom domain. Pass `null` to remove. */
      readonly custom_domain?: components["schemas"]["CustomDomain"] | null;
    };
    readonly Logs: {
      readonly name: components["schemas"]["Name"];
      readonly namespace: components["schemas"]["Name"];
      readonly lines: readonly components["schemas"]["LogLine"][];
      /** @description True when older lines exist beyond those returned. */
      readonly has_more: boolean;
    };
    readonly LogLine: {
      readonly timestamp: components["schemas"]["Timestamp"];
      readonly message: string;
    };
    /** @enum {string} */
    readonly JobStatus: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "timed_out";
    /**
     * @description Number of vCPUs. One of `2`, `4`, `8`, `16`, `32`, `64`, `96`.
     * @enum {integer}
     */
    readonly JobCpu: 2 | 4 | 8 | 16 | 32 | 64 | 96;
    /** @description Maximum runtime in minutes before the job is killed. Maximum `10080` (7 days). */
    readonly TimeoutMinutes: number;
    /** @description Number of times to retry the job on failure. Maximum `5`. */
    readonly Retries: number;
    readonly Artifacts: {
      readonly path: string;
      readonly size_bytes: number;
      readonly files: number;
      /** Format: uri */
      readonly download_url: string;
    };
    /** @description A job as listed. */
    readonly JobSummary: {
      /** @example job_6e5d4c3b2a1f */
      readonly id: string;
      readonly name: components["schemas"]["Name"];
      readonly namespace: components["schemas"]["Name"];
      readonly status: components["schemas"]["JobStatus"];
      readonly gpu: components["schemas"]["Gpu"];
      readonly gpu_count: components["schemas"]["GpuCount"];
      readonly region: components["schemas"]["Region"];
      /** @description Free-form progress text reported by the job, e.g. `Epoch 2/3 - Step 4200/6300`. */
      readonly progress?: string | null;
      readonly cost_per_hour: components["schemas"]["Money"];
      readonly runtime_seconds?: number;
      readonly created_at: components["schemas"]["Timestamp"];
      readonly started_at: components["schemas"]["Timestamp"] | null;
      readonly completed_at: components["schemas"]["Timestamp"] | null;
    };
    /** @description A job with its configuration and state. `repo`/`branch` or `image` follow how it was submitted; `exit_code`, `total_cost`, `runtime_seconds` and `artifacts` appear once known. `env` is never returned. */
    readonly Job: components["schemas"]["JobSummary"] & {
      readonly command: string;
      readonly repo?: components["schemas"]["Repo"];
      readonly image?: components["schemas"]["Image"];
      readonly branch?: string;
      readonly commit_sha?: components["schemas"]["CommitSha"];
      readonly cpu: components["schemas"]["JobCpu"];
      readonly memory_gb: number;
      readonly disk_gb: number;
      readonly timeout_minutes: components["schemas"]["TimeoutMinutes"];
      readonly retries: components["schemas"]["Retries"];
      readonly retry_count: number;
      readonly output_path?: string;
      readonly exit_code?: number | null;
      readonly total_cost?: components["schemas"]["Money"];
      readonly artifacts?: components["schemas"]["Artifacts"] | null;
    };
    readonly JobList: {
      readonly data: readonly components["schemas"]["JobSummary"][];
      readonly pagination: components["schemas"]["Pagination"];
    };
    readonly JobAnalytics: {
      readonly name: components["schemas"]["Name"];
      readonly namespace: components["schemas"]["Name"];
      readonly gpu_utilization_percent: number;
      readonly cpu_utilization_percent: number;
      readonly memory_used_gb: number;
      readonly disk_used_gb: number;
      readonly runtime_seconds: number;
    };
    readonly JobCancellation: {
      readonly id: string;
      readonly name: components["schemas"]["Name"];
      readonly namespace: components["schemas"]["Name"];
      /** @constant */
      readonly status: "cancelled";
      readonly message: string;
      readonly runtime_seconds: number;
      readonly total_cost: components["schemas"]["Money"];
      readonly completed_at: components["schemas"]["Timestamp"];
    };
    /** @description Exactly one of `repo` or `image` is required. */
    readonly CreateJobRequest: {
      /** @description A human-readable name for the job. Must be unique within the namespace. */
      readonly name: components["schemas"]["Name"];
      /** @description The command to execute. This is run inside the container as the entrypoint. */
      readonly command: string;
      /** @description Full repository name (namespace/repo) to clone into the job's working directory. */
      readonly repo?: components["schemas"]["Repo"];
      /** @description Container image to run. */
      readonly image?: components["schemas"]["Image"];
      /**
       * @description Branch to clone when using `repo`.
       * @default main
       */
      readonly branch?: string;
      /** @description GPU type for the job. */
      readonly gpu: components["schemas"]["Gpu"];
      /** @default 1 */
      readonly gpu_count?: components["schemas"]["GpuCount"];
      /** @default 8 */
      readonly cpu?: components["schemas"]["JobCpu"];
      /**
       * @description Memory in gigabytes.
       * @default 32
       */
      readonly memory_gb?: number;
      /**
       * @description Ephemeral disk size in gigabytes. Data is discarded when the job completes.
       * @default 100
       */
      readonly disk_gb?: number;
      readonly env?: components["schemas"]["Env"];
      /** @default us-east-1 */
      readonly region?: components["schemas"]["Region"];
      /** @default 1440 */
      readonly timeout_minutes?: components["schemas"]["TimeoutMinutes"];
      /** @default 0 */
      readonly retries?: components["schemas"]["Retries"];
      /** @description Path inside the container to persist as job artifacts. Contents are uploaded to your namespace's artifact storage on completion. */
      readonly output_path?: string;
    } & (unknown | unknown);
  };
  responses: {
    /** @description Bad request -- invalid parameters or configuration. */
    readonly BadRequest: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly "application/json": components["schemas"]["Error"];
      };
    };
    /** @description Unauthorized -- missing or invalid credentials. */
    readonly Unauthorized: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly "application/json": components["schemas"]["Error"];
      };
    };
    /** @description Forbidden -- insufficient permissions (e.g. a namespace the credentials do not cover). */
    readonly Forbidden: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly "application/json": components["schemas"]["Error"];
      };
    };
    /** @description Not found -- the service or job does not exist. */
    readonly NotFound: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly "application/json": components["schemas"]["Error"];
      };
    };
    /** @description Conflict -- the resource is in an incompatible state (a service already deploying, a job already completed, a name already taken). */
    readonly Conflict: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly "application/json": components["schemas"]["Error"];
      };
    };
    /** @description Unprocessable entity -- invalid configuration combination (e.g. GPU/CPU/memory). */
    readonly Unprocessable: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly "application/json": components["schemas"]["Error"];
      };
    };
    /** @description Rate limit exceeded. */
    readonly RateLimited: {
      headers: {
        /** @description Seconds to wait before retrying. */
        readonly "Retry-After"?: number;
        readonly [name: string]: unknown;
      };
      content: {
        readonly "application/json": components["schemas"]["Error"];
      };
    };
    /** @description Internal server error -- Seed orchestration failure. */
    readonly InternalError: {
      headers: {
        readonly [name: string]: unknown;
      };
      content: {
        readonly "application/json": components["schemas"]["Error"];
      };
    };
  };
  parameters: {
    /** @description The namespace (user or organization). */
    readonly Namespace: components["schemas"]["Name"];
    /** @description The service name (e.g., `llama-3-serving`). */
    readonly ServiceName: components["schemas"]["Name"];
    /** @description The job name (e.g., `finetune-llama-3-r1`). */
    readonly JobName: components["schemas"]["Name"];
    /** @description Page number for pagination. */
    readonly Page: number;
    /** @description Number of results per page. Maximum `100`. */
    readonly PerPage: number;
    /** @description Number of most recent log lines to return. Maximum `10000`. */
    readonly Tail: number;
    /** @description Return logs after this ISO 8601 timestamp. For example, `2026-03-18T12:00:00Z`. */
    readonly Since: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
  readonly listServices: {
    readonly parameters: {
      readonly query?: {
        /** @description Filter by status. */
        readonly status?: components["schemas"]["ServiceStatus"];
        /** @description Page number for pagination. */
        readonly page?: components["parameters"]["Page"];
        /** @description Number of results per page. Maximum `100`. */
        readonly per_page?: components["parameters"]["PerPage"];
      };
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description One page of services. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["ServiceList"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly getService: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The service name (e.g., `llama-3-serving`). */
        readonly name: components["parameters"]["ServiceName"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The service. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["Service"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly getServiceLogs: {
    readonly parameters: {
      readonly query?: {
        /** @description Number of most recent log lines to return. Maximum `10000`. */
        readonly tail?: components["parameters"]["Tail"];
        /** @description Return logs after this ISO 8601 timestamp. For example, `2026-03-18T12:00:00Z`. */
        readonly since?: components["parameters"]["Since"];
      };
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The service name (e.g., `llama-3-serving`). */
        readonly name: components["parameters"]["ServiceName"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The most recent log lines, oldest first. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["Logs"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly getServiceAnalytics: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The service name (e.g., `llama-3-serving`). */
        readonly name: components["parameters"]["ServiceName"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Current analytics. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["ServiceAnalytics"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly createService: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly "application/json": components["schemas"]["CreateServiceRequest"];
      };
    };
    readonly responses: {
      /** @description The service, now `deploying`. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["Service"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly updateService: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The service name (e.g., `llama-3-serving`). */
        readonly name: components["parameters"]["ServiceName"];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly "application/json": components["schemas"]["UpdateServiceRequest"];
      };
    };
    readonly responses: {
      /** @description The changed service fields and a message. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["ServiceChange"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly deleteService: {
    readonly parameters: {
      readonly query?: {
        /** @description Skip the graceful drain period and terminate replicas immediately. */
        readonly force?: boolean;
      };
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The service name (e.g., `llama-3-serving`). */
        readonly name: components["parameters"]["ServiceName"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Deleted; empty body. */
      readonly 204: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly redeployService: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The service name (e.g., `llama-3-serving`). */
        readonly name: components["parameters"]["ServiceName"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The redeployment started. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["ServiceChange"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly listJobs: {
    readonly parameters: {
      readonly query?: {
        /** @description Filter by status. */
        readonly status?: components["schemas"]["JobStatus"];
        /** @description Page number for pagination. */
        readonly page?: components["parameters"]["Page"];
        /** @description Number of results per page. Maximum `100`. */
        readonly per_page?: components["parameters"]["PerPage"];
        /** @description Sort field. */
        readonly sort?: "created_at" | "started_at" | "completed_at" | "name";
        /** @description Sort order. */
        readonly order?: "asc" | "desc";
      };
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description One page of jobs. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["JobList"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly getJob: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The job name (e.g., `finetune-llama-3-r1`). */
        readonly name: components["parameters"]["JobName"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The job. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["Job"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly getJobLogs: {
    readonly parameters: {
      readonly query?: {
        /** @description Number of most recent log lines to return. Maximum `10000`. */
        readonly tail?: components["parameters"]["Tail"];
        /** @description Return logs after this ISO 8601 timestamp. For example, `2026-03-18T12:00:00Z`. */
        readonly since?: components["parameters"]["Since"];
        /** @description If `true`, the response uses `text/event-stream` to stream logs in real time. Only available for running jobs. */
        readonly stream?: boolean;
      };
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The job name (e.g., `finetune-llama-3-r1`). */
        readonly name: components["parameters"]["JobName"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The most recent log lines, oldest first, or a stream of them. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["Logs"];
          readonly "text/event-stream": string;
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly getJobAnalytics: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The job name (e.g., `finetune-llama-3-r1`). */
        readonly name: components["parameters"]["JobName"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Current analytics. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["JobAnalytics"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly createJob: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
      };
      readonly cookie?: never;
    };
    readonly requestBody: {
      readonly content: {
        readonly "application/json": components["schemas"]["CreateJobRequest"];
      };
    };
    readonly responses: {
      /** @description The job, now `queued`. */
      readonly 201: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["Job"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly deleteJob: {
    readonly parameters: {
      readonly query?: {
        /** @description Also delete uploaded artifacts from storage. This action cannot be undone. */
        readonly delete_artifacts?: boolean;
      };
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The job name (e.g., `finetune-llama-3-r1`). */
        readonly name: components["parameters"]["JobName"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description Deleted; empty body. */
      readonly 204: {
        headers: {
          readonly [name: string]: unknown;
        };
        content?: never;
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
  readonly cancelJob: {
    readonly parameters: {
      readonly query?: never;
      readonly header?: never;
      readonly path: {
        /** @description The namespace (user or organization). */
        readonly namespace: components["parameters"]["Namespace"];
        /** @description The job name (e.g., `finetune-llama-3-r1`). */
        readonly name: components["parameters"]["JobName"];
      };
      readonly cookie?: never;
    };
    readonly requestBody?: never;
    readonly responses: {
      /** @description The job is cancelled. */
      readonly 200: {
        headers: {
          readonly [name: string]: unknown;
        };
        content: {
          readonly "application/json": components["schemas"]["JobCancellation"];
        };
      };
      readonly 400: components["responses"]["BadRequest"];
      readonly 401: components["responses"]["Unauthorized"];
      readonly 403: components["responses"]["Forbidden"];
      readonly 404: components["responses"]["NotFound"];
      readonly 409: components["responses"]["Conflict"];
      readonly 422: components["responses"]["Unprocessable"];
      readonly 429: components["responses"]["RateLimited"];
      readonly 500: components["responses"]["InternalError"];
    };
  };
}
