// Generated from src/outpost/openapi.yaml by `npm run generate`; do not edit.

/** The parsed description; src/outpost/description.ts reads it. */
export const openapiDocument: unknown = {
  openapi: "3.1.0",
  info: {
    title: "Outpost API",
    version: "1",
    summary: "Services (autoscaling inference endpoints) and jobs (batch runs) on Outpost GPUs.",
    description:
      'Read operations use `/{namespace}/...` (singular `service`/`job` for one resource); write\noperations go through `/auth/v1/seed/{namespace}/...` (plural `services`/`jobs`).\n\nEvery operation may answer 400, 401, 403, 404, 409, 422, 429 and 500 (the seed pages: "All\nservice endpoints may return the following errors", and the same for jobs), and every error\nresponse carries the body `{ "error": { "code", "message", "request_id" } }`.\n',
  },
  servers: [{ url: "https://outpost.run" }],
  security: [{ bearer: [] }, { apiKey: [] }],
  tags: [
    {
      name: "services",
      description: "Deploy, scale, and manage production inference and application services.",
    },
    { name: "jobs", description: "Create, monitor, and manage batch compute jobs." },
  ],
  paths: {
    "/{namespace}/services": {
      parameters: [{ $ref: "#/components/parameters/Namespace" }],
      get: {
        operationId: "listServices",
        tags: ["services"],
        summary: "List services",
        description: "Retrieve all services in a namespace.",
        parameters: [
          {
            name: "status",
            in: "query",
            description: "Filter by status.",
            schema: { $ref: "#/components/schemas/ServiceStatus" },
          },
          { $ref: "#/components/parameters/Page" },
          { $ref: "#/components/parameters/PerPage" },
        ],
        responses: {
          "200": {
            description: "One page of services.",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/ServiceList" } },
            },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/{namespace}/service/{name}": {
      parameters: [
        { $ref: "#/components/parameters/Namespace" },
        { $ref: "#/components/parameters/ServiceName" },
      ],
      get: {
        operationId: "getService",
        tags: ["services"],
        summary: "Get a service",
        description:
          "Retrieve details for a single service, including current scaling state and deployment information. The response never includes `env`.",
        responses: {
          "200": {
            description: "The service.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Service" } } },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/{namespace}/service/{name}/logs": {
      parameters: [
        { $ref: "#/components/parameters/Namespace" },
        { $ref: "#/components/parameters/ServiceName" },
      ],
      get: {
        operationId: "getServiceLogs",
        tags: ["services"],
        summary: "Get service logs",
        description: "Retrieve logs for a service.",
        parameters: [
          { $ref: "#/components/parameters/Tail" },
          { $ref: "#/components/parameters/Since" },
        ],
        responses: {
          "200": {
            description: "The most recent log lines, oldest first.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Logs" } } },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/{namespace}/service/{name}/analytics": {
      parameters: [
        { $ref: "#/components/parameters/Namespace" },
        { $ref: "#/components/parameters/ServiceName" },
      ],
      get: {
        operationId: "getServiceAnalytics",
        tags: ["services"],
        summary: "Get service analytics",
        description: "Retrieve analytics and metrics for a service.",
        responses: {
          "200": {
            description: "Current analytics.",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/ServiceAnalytics" } },
            },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/auth/v1/seed/{namespace}/services": {
      parameters: [{ $ref: "#/components/parameters/Namespace" }],
      post: {
        operationId: "createService",
        tags: ["services"],
        summary: "Create a service",
        description: "Deploy a new production service from a repository or container image.",
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: { $ref: "#/components/schemas/CreateServiceRequest" } },
          },
        },
        responses: {
          "201": {
            description: "The service, now `deploying`.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Service" } } },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/auth/v1/seed/{namespace}/services/{name}": {
      parameters: [
        { $ref: "#/components/parameters/Namespace" },
        { $ref: "#/components/parameters/ServiceName" },
      ],
      put: {
        operationId: "updateService",
        tags: ["services"],
        summary: "Update a service",
        description:
          "Update the configuration and autoscaling parameters of a service. Only the fields sent change. `env` replaces all environment variables and triggers a rolling redeployment; `branch` triggers an immediate redeployment from the new branch; `custom_domain: null` removes the custom domain.",
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: { $ref: "#/components/schemas/UpdateServiceRequest" } },
          },
        },
        responses: {
          "200": {
            description: "The changed service fields and a message.",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/ServiceChange" } },
            },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
      delete: {
        operationId: "deleteService",
        tags: ["services"],
        summary: "Delete a service",
        description:
          "Delete a service and terminate all running replicas. Traffic to the service endpoint immediately returns 503.",
        parameters: [
          {
            name: "force",
            in: "query",
            description: "Skip the graceful drain period and terminate replicas immediately.",
            schema: { type: "boolean", default: false },
          },
        ],
        responses: {
          "204": { description: "Deleted; empty body." },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/auth/v1/seed/{namespace}/services/{name}/redeploy": {
      parameters: [
        { $ref: "#/components/parameters/Namespace" },
        { $ref: "#/components/parameters/ServiceName" },
      ],
      post: {
        operationId: "redeployService",
        tags: ["services"],
        summary: "Redeploy a service",
        description:
          "Force a rolling redeployment of the service using the latest commit on the configured branch. Previous replicas serve traffic until new ones are ready.",
        responses: {
          "200": {
            description: "The redeployment started.",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/ServiceChange" } },
            },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/{namespace}/jobs": {
      parameters: [{ $ref: "#/components/parameters/Namespace" }],
      get: {
        operationId: "listJobs",
        tags: ["jobs"],
        summary: "List jobs",
        description: "Retrieve all jobs in a namespace.",
        parameters: [
          {
            name: "status",
            in: "query",
            description: "Filter by status.",
            schema: { $ref: "#/components/schemas/JobStatus" },
          },
          { $ref: "#/components/parameters/Page" },
          { $ref: "#/components/parameters/PerPage" },
          {
            name: "sort",
            in: "query",
            description: "Sort field.",
            schema: {
              type: "string",
              enum: ["created_at", "started_at", "completed_at", "name"],
              default: "created_at",
            },
          },
          {
            name: "order",
            in: "query",
            description: "Sort order.",
            schema: { type: "string", enum: ["asc", "desc"], default: "desc" },
          },
        ],
        responses: {
          "200": {
            description: "One page of jobs.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/JobList" } } },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/{namespace}/job/{name}": {
      parameters: [
        { $ref: "#/components/parameters/Namespace" },
        { $ref: "#/components/parameters/JobName" },
      ],
      get: {
        operationId: "getJob",
        tags: ["jobs"],
        summary: "Get a job",
        description:
          "Retrieve details for a single job, including runtime metrics and artifact information. The response never includes `env`.",
        responses: {
          "200": {
            description: "The job.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Job" } } },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/{namespace}/job/{name}/logs": {
      parameters: [
        { $ref: "#/components/parameters/Namespace" },
        { $ref: "#/components/parameters/JobName" },
      ],
      get: {
        operationId: "getJobLogs",
        tags: ["jobs"],
        summary: "Get job logs",
        description:
          'Stream or retrieve the logs for a job.\n\nWith `stream=true` the response is `text/event-stream` (running jobs only; any other\nstate answers 409). Not documented by Outpost: the event format. This description fixes\nit as one `log` event per line whose `data` is a JSON log line, an `id` equal to the\nline\'s timestamp (so a client can resume from it after a dropped connection), and\na final `end` event whose `data` is `{"status": "<job status>"}` once the job has ended.\n`since` is exclusive: lines strictly after the timestamp.\n',
        parameters: [
          { $ref: "#/components/parameters/Tail" },
          { $ref: "#/components/parameters/Since" },
          {
            name: "stream",
            in: "query",
            description:
              "If `true`, the response uses `text/event-stream` to stream logs in real time. Only available for running jobs.",
            schema: { type: "boolean", default: false },
          },
        ],
        responses: {
          "200": {
            description: "The most recent log lines, oldest first, or a stream of them.",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/Logs" } },
              "text/event-stream": {
                schema: {
                  type: "string",
                  description: "Server-sent events `log` (data is a `LogLine`) and `end`.",
                },
              },
            },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/{namespace}/job/{name}/analytics": {
      parameters: [
        { $ref: "#/components/parameters/Namespace" },
        { $ref: "#/components/parameters/JobName" },
      ],
      get: {
        operationId: "getJobAnalytics",
        tags: ["jobs"],
        summary: "Get job analytics",
        description: "Retrieve analytics and metrics for a job.",
        responses: {
          "200": {
            description: "Current analytics.",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/JobAnalytics" } },
            },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/auth/v1/seed/{namespace}/jobs": {
      parameters: [{ $ref: "#/components/parameters/Namespace" }],
      post: {
        operationId: "createJob",
        tags: ["jobs"],
        summary: "Create a job",
        description:
          "Submit a new batch job for execution. Jobs run to completion and then terminate.",
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: { $ref: "#/components/schemas/CreateJobRequest" } },
          },
        },
        responses: {
          "201": {
            description: "The job, now `queued`.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Job" } } },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/auth/v1/seed/{namespace}/jobs/{name}": {
      parameters: [
        { $ref: "#/components/parameters/Namespace" },
        { $ref: "#/components/parameters/JobName" },
      ],
      delete: {
        operationId: "deleteJob",
        tags: ["jobs"],
        summary: "Delete a job",
        description:
          "Delete a finished job's record and its associated artifacts. Only finished jobs (`succeeded`, `failed`, `cancelled`, `timed_out`) can be deleted; a queued or running job answers 409.",
        parameters: [
          {
            name: "delete_artifacts",
            in: "query",
            description:
              "Also delete uploaded artifacts from storage. This action cannot be undone.",
            schema: { type: "boolean", default: false },
          },
        ],
        responses: {
          "204": { description: "Deleted; empty body." },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
    "/auth/v1/seed/{namespace}/jobs/{name}/cancel": {
      parameters: [
        { $ref: "#/components/parameters/Namespace" },
        { $ref: "#/components/parameters/JobName" },
      ],
      post: {
        operationId: "cancelJob",
        tags: ["jobs"],
        summary: "Cancel a job",
        description:
          "Cancel a queued or running job. Running jobs receive a SIGTERM followed by a SIGKILL after a 30-second grace period. A finished job answers 409.",
        responses: {
          "200": {
            description: "The job is cancelled.",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/JobCancellation" } },
            },
          },
          "400": { $ref: "#/components/responses/BadRequest" },
          "401": { $ref: "#/components/responses/Unauthorized" },
          "403": { $ref: "#/components/responses/Forbidden" },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { $ref: "#/components/responses/Conflict" },
          "422": { $ref: "#/components/responses/Unprocessable" },
          "429": { $ref: "#/components/responses/RateLimited" },
          "500": { $ref: "#/components/responses/InternalError" },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: {
        type: "http",
        scheme: "bearer",
        description: "`Authorization: Bearer <access_token>`.",
      },
      apiKey: {
        type: "apiKey",
        in: "header",
        name: "Authorization",
        description:
          "`Authorization: API-Key <key-name>$<secret>`, e.g. `API-Key my-key$sk_live_...`.",
      },
    },
    parameters: {
      Namespace: {
        name: "namespace",
        in: "path",
        required: true,
        description: "The namespace (user or organization).",
        schema: { $ref: "#/components/schemas/Name" },
      },
      ServiceName: {
        name: "name",
        in: "path",
        required: true,
        description: "The service name (e.g., `llama-3-serving`).",
        schema: { $ref: "#/components/schemas/Name" },
      },
      JobName: {
        name: "name",
        in: "path",
        required: true,
        description: "The job name (e.g., `finetune-llama-3-r1`).",
        schema: { $ref: "#/components/schemas/Name" },
      },
      Page: {
        name: "page",
        in: "query",
        description: "Page number for pagination.",
        schema: { type: "integer", minimum: 1, default: 1 },
      },
      PerPage: {
        name: "per_page",
        in: "query",
        description: "Number of results per page. Maximum `100`.",
        schema: { type: "integer", minimum: 1, maximum: 100, default: 20 },
      },
      Tail: {
        name: "tail",
        in: "query",
        description: "Number of most recent log lines to return. Maximum `10000`.",
        schema: { type: "integer", minimum: 1, maximum: 10000, default: 100 },
      },
      Since: {
        name: "since",
        in: "query",
        description:
          "Return logs after this ISO 8601 timestamp. For example, `2026-03-18T12:00:00Z`.",
        schema: { type: "string", format: "date-time" },
      },
    },
    responses: {
      BadRequest: {
        description: "Bad request -- invalid parameters or configuration.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      Unauthorized: {
        description: "Unauthorized -- missing or invalid credentials.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      Forbidden: {
        description:
          "Forbidden -- insufficient permissions (e.g. a namespace the credentials do not cover).",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      NotFound: {
        description: "Not found -- the service or job does not exist.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      Conflict: {
        description:
          "Conflict -- the resource is in an incompatible state (a service already deploying, a job already completed, a name already taken).",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      Unprocessable: {
        description:
          "Unprocessable entity -- invalid configuration combination (e.g. GPU/CPU/memory).",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      RateLimited: {
        description: "Rate limit exceeded.",
        headers: {
          "Retry-After": {
            description: "Seconds to wait before retrying.",
            schema: { type: "integer", minimum: 0 },
          },
        },
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      InternalError: {
        description: "Internal server error -- Seed orchestration failure.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    },
    schemas: {
      Name: {
        type: "string",
        description: "Letters, digits, hyphens and underscores.",
        pattern: "^[A-Za-z0-9_-]+$",
        minLength: 1,
        examples: ["llama-3-serving"],
      },
      Error: {
        type: "object",
        required: ["error"],
        additionalProperties: false,
        properties: {
          error: {
            type: "object",
            required: ["code", "message", "request_id"],
            additionalProperties: false,
            properties: {
              code: {
                type: "string",
                description: "A stable machine-readable code, e.g. `invalid_request`.",
                examples: ["invalid_request"],
              },
              message: { type: "string", examples: ["Either 'repo' or 'image' must be provided."] },
              request_id: { $ref: "#/components/schemas/RequestId" },
            },
          },
        },
      },
      RequestId: { type: "string", pattern: "^req_[0-9a-f]{12}$", examples: ["req_5a6b7c8d9e0f"] },
      Pagination: {
        type: "object",
        required: ["page", "per_page", "total", "total_pages"],
        additionalProperties: false,
        properties: {
          page: { type: "integer", minimum: 1 },
          per_page: { type: "integer", minimum: 1, maximum: 100 },
          total: { type: "integer", minimum: 0 },
          total_pages: { type: "integer", minimum: 0 },
        },
      },
      Gpu: {
        type: "string",
        description: "GPU type.",
        enum: ["A100-40GB", "A100-80GB", "H100-80GB", "L4", "T4", "none"],
      },
      GpuCount: {
        type: "integer",
        description: "Number of GPUs. Must be `1`, `2`, `4`, or `8`.",
        enum: [1, 2, 4, 8],
      },
      Region: {
        type: "string",
        description: "Deployment region.",
        enum: ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"],
      },
      Env: {
        type: "object",
        description: "Environment variables as key-value pairs.",
        additionalProperties: { type: "string" },
      },
      Timestamp: { type: "string", format: "date-time", examples: ["2026-03-18T10:00:00Z"] },
      Money: {
        type: "string",
        description: "An amount in US dollars as a decimal string with two decimals.",
        pattern: "^[0-9]+\\.[0-9]{2}$",
        examples: ["3.20"],
      },
      CommitSha: { type: "string", pattern: "^[0-9a-f]{40}$" },
      Repo: {
        type: "string",
        description: "Full repository name (namespace/repo).",
        pattern: "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$",
        examples: ["acme/inference-engine"],
      },
      Image: {
        type: "string",
        description: "Container image reference.",
        minLength: 1,
        examples: ["ghcr.io/acme/embedding-server:v2.1.0"],
      },
      ServiceStatus: {
        type: "string",
        enum: ["deploying", "running", "degraded", "stopped", "failed"],
      },
      ServiceCpu: {
        type: "integer",
        description: "Number of vCPUs per replica. One of `2`, `4`, `8`, `16`, `32`, `64`.",
        enum: [2, 4, 8, 16, 32, 64],
      },
      MinReplicas: {
        type: "integer",
        description: "Minimum number of replicas. Set to `0` to enable scale-to-zero.",
        minimum: 0,
      },
      MaxReplicas: {
        type: "integer",
        description:
          "Maximum number of replicas for autoscaling. Not documented by Outpost: the lower bound; a service that may never run a replica is refused (minimum 1), and `min_replicas` above `max_replicas` is an invalid combination (422).",
        minimum: 1,
      },
      TargetGpuUtilization: {
        type: "integer",
        description: "Target GPU utilization percentage for autoscaling. Range `10` to `95`.",
        minimum: 10,
        maximum: 95,
      },
      Port: {
        type: "integer",
        description: "Port the service listens on inside the container.",
        minimum: 1,
        maximum: 65535,
      },
      HealthCheckPath: {
        type: "string",
        description: "HTTP path for health checks. The service must return a 200 on this path.",
        pattern: "^/",
      },
      CustomDomain: {
        type: "string",
        description:
          "Custom domain to route traffic to this service. You must configure a CNAME record pointing to your service endpoint.",
        pattern: "^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$",
        examples: ["llama.acme.com"],
      },
      ServiceMetrics: {
        type: "object",
        required: [
          "requests_per_second",
          "avg_latency_ms",
          "p99_latency_ms",
          "gpu_utilization_percent",
          "error_rate_percent",
        ],
        additionalProperties: false,
        properties: {
          requests_per_second: { type: "number", minimum: 0 },
          avg_latency_ms: { type: "number", minimum: 0 },
          p99_latency_ms: { type: "number", minimum: 0 },
          gpu_utilization_percent: { type: "number", minimum: 0, maximum: 100 },
          error_rate_percent: { type: "number", minimum: 0, maximum: 100 },
        },
      },
      ServiceSummary: {
        type: "object",
        description: "A service as listed.",
        required: [
          "id",
          "name",
          "namespace",
          "status",
          "gpu",
          "gpu_count",
          "current_replicas",
          "ready_replicas",
          "min_replicas",
          "max_replicas",
          "endpoint",
          "region",
          "cost_per_hour_per_replica",
          "created_at",
          "updated_at",
        ],
        properties: {
          id: { type: "string", pattern: "^svc_[0-9a-f]{12}$", examples: ["svc_8f3a2b1c4d5e"] },
          name: { $ref: "#/components/schemas/Name" },
          namespace: { $ref: "#/components/schemas/Name" },
          status: { $ref: "#/components/schemas/ServiceStatus" },
          gpu: { $ref: "#/components/schemas/Gpu" },
          gpu_count: { $ref: "#/components/schemas/GpuCount" },
          current_replicas: { type: "integer", minimum: 0 },
          ready_replicas: { type: "integer", minimum: 0 },
          min_replicas: { $ref: "#/components/schemas/MinReplicas" },
          max_replicas: { $ref: "#/components/schemas/MaxReplicas" },
          endpoint: {
            type: "string",
            format: "uri",
            description: "`https://<name>.<namespace>.outpost.run`.",
            examples: ["https://llama-3-serving.acme.outpost.run"],
          },
          region: { $ref: "#/components/schemas/Region" },
          cost_per_hour_per_replica: { $ref: "#/components/schemas/Money" },
          created_at: { $ref: "#/components/schemas/Timestamp" },
          updated_at: { $ref: "#/components/schemas/Timestamp" },
        },
      },
      Service: {
        description:
          "A service with its configuration and scaling state. `repo`/`branch` or `image` follow how it was created; `custom_domain` is `null` when none is set; `metrics` appears once the service has served. `env` is never returned.",
        type: "object",
        unevaluatedProperties: false,
        allOf: [
          { $ref: "#/components/schemas/ServiceSummary" },
          {
            type: "object",
            required: ["cpu", "memory_gb", "target_gpu_utilization", "port", "health_check_path"],
            properties: {
              repo: { $ref: "#/components/schemas/Repo" },
              image: { $ref: "#/components/schemas/Image" },
              branch: { type: "string" },
              commit_sha: { $ref: "#/components/schemas/CommitSha" },
              cpu: { $ref: "#/components/schemas/ServiceCpu" },
              memory_gb: { type: "integer", minimum: 1 },
              target_gpu_utilization: { $ref: "#/components/schemas/TargetGpuUtilization" },
              port: { $ref: "#/components/schemas/Port" },
              health_check_path: { $ref: "#/components/schemas/HealthCheckPath" },
              custom_domain: {
                oneOf: [{ $ref: "#/components/schemas/CustomDomain" }, { type: "null" }],
              },
              metrics: { $ref: "#/components/schemas/ServiceMetrics" },
            },
          },
        ],
      },
      ServiceList: {
        type: "object",
        required: ["data", "pagination"],
        additionalProperties: false,
        properties: {
          data: {
            type: "array",
            items: {
              $ref: "#/components/schemas/ServiceSummary",
              type: "object",
              unevaluatedProperties: false,
            },
          },
          pagination: { $ref: "#/components/schemas/Pagination" },
        },
      },
      ServiceChange: {
        type: "object",
        description:
          "The answer to an update or a redeploy: the service's identity, its status, the fields that changed, and a human-readable message.",
        required: ["id", "name", "namespace", "status", "message", "updated_at"],
        properties: {
          id: { type: "string", pattern: "^svc_[0-9a-f]{12}$" },
          name: { $ref: "#/components/schemas/Name" },
          namespace: { $ref: "#/components/schemas/Name" },
          status: { $ref: "#/components/schemas/ServiceStatus" },
          commit_sha: { $ref: "#/components/schemas/CommitSha" },
          branch: { type: "string" },
          min_replicas: { $ref: "#/components/schemas/MinReplicas" },
          max_replicas: { $ref: "#/components/schemas/MaxReplicas" },
          target_gpu_utilization: { $ref: "#/components/schemas/TargetGpuUtilization" },
          current_replicas: { type: "integer", minimum: 0 },
          ready_replicas: { type: "integer", minimum: 0 },
          custom_domain: {
            oneOf: [{ $ref: "#/components/schemas/CustomDomain" }, { type: "null" }],
          },
          message: { type: "string" },
          updated_at: { $ref: "#/components/schemas/Timestamp" },
        },
      },
      ServiceAnalytics: {
        type: "object",
        required: [
          "name",
          "namespace",
          "requests_per_second",
          "avg_latency_ms",
          "p99_latency_ms",
          "gpu_utilization_percent",
          "current_replicas",
          "ready_replicas",
        ],
        additionalProperties: false,
        properties: {
          name: { $ref: "#/components/schemas/Name" },
          namespace: { $ref: "#/components/schemas/Name" },
          requests_per_second: { type: "number", minimum: 0 },
          avg_latency_ms: { type: "number", minimum: 0 },
          p99_latency_ms: { type: "number", minimum: 0 },
          gpu_utilization_percent: { type: "number", minimum: 0, maximum: 100 },
          current_replicas: { type: "integer", minimum: 0 },
          ready_replicas: { type: "integer", minimum: 0 },
        },
      },
      CreateServiceRequest: {
        type: "object",
        description: "Exactly one of `repo` or `image` is required.",
        required: ["name", "gpu"],
        additionalProperties: false,
        oneOf: [
          { required: ["repo"], not: { required: ["image"] } },
          { required: ["image"], not: { required: ["repo"] } },
        ],
        properties: {
          name: {
            $ref: "#/components/schemas/Name",
            description: "A unique name for the service within the namespace.",
          },
          repo: {
            $ref: "#/components/schemas/Repo",
            description: "Full repository name (namespace/repo) to deploy from.",
          },
          image: { $ref: "#/components/schemas/Image", description: "Container image to deploy." },
          branch: {
            type: "string",
            minLength: 1,
            description:
              "Branch to deploy when using `repo`. Pushes to this branch trigger automatic redeployments.",
            default: "main",
          },
          gpu: { $ref: "#/components/schemas/Gpu", description: "GPU type for each replica." },
          gpu_count: { $ref: "#/components/schemas/GpuCount", default: 1 },
          cpu: { $ref: "#/components/schemas/ServiceCpu", default: 4 },
          memory_gb: {
            type: "integer",
            minimum: 1,
            description: "Memory per replica in gigabytes.",
            default: 16,
          },
          min_replicas: { $ref: "#/components/schemas/MinReplicas", default: 1 },
          max_replicas: { $ref: "#/components/schemas/MaxReplicas", default: 1 },
          target_gpu_utilization: {
            $ref: "#/components/schemas/TargetGpuUtilization",
            default: 70,
          },
          port: { $ref: "#/components/schemas/Port", default: 8080 },
          health_check_path: { $ref: "#/components/schemas/HealthCheckPath", default: "/health" },
          env: { $ref: "#/components/schemas/Env" },
          region: { $ref: "#/components/schemas/Region", default: "us-east-1" },
          custom_domain: { $ref: "#/components/schemas/CustomDomain" },
        },
      },
      UpdateServiceRequest: {
        type: "object",
        description: "Only the fields sent change.",
        additionalProperties: false,
        properties: {
          min_replicas: { $ref: "#/components/schemas/MinReplicas" },
          max_replicas: { $ref: "#/components/schemas/MaxReplicas" },
          target_gpu_utilization: { $ref: "#/components/schemas/TargetGpuUtilization" },
          env: {
            $ref: "#/components/schemas/Env",
            description:
              "Replace all environment variables with the provided key-value pairs. Triggers a rolling redeployment.",
          },
          branch: {
            type: "string",
            minLength: 1,
            description:
              "Change the deployment branch. Triggers an immediate redeployment from the new branch.",
          },
          custom_domain: {
            description: "Set or update a custom domain. Pass `null` to remove.",
            oneOf: [{ $ref: "#/components/schemas/CustomDomain" }, { type: "null" }],
          },
        },
      },
      Logs: {
        type: "object",
        required: ["name", "namespace", "lines", "has_more"],
        additionalProperties: false,
        properties: {
          name: { $ref: "#/components/schemas/Name" },
          namespace: { $ref: "#/components/schemas/Name" },
          lines: { type: "array", items: { $ref: "#/components/schemas/LogLine" } },
          has_more: {
            type: "boolean",
            description: "True when older lines exist beyond those returned.",
          },
        },
      },
      LogLine: {
        type: "object",
        required: ["timestamp", "message"],
        additionalProperties: false,
        properties: {
          timestamp: { $ref: "#/components/schemas/Timestamp" },
          message: { type: "string" },
        },
      },
      JobStatus: {
        type: "string",
        enum: ["queued", "running", "succeeded", "failed", "cancelled", "timed_out"],
      },
      JobCpu: {
        type: "integer",
        description: "Number of vCPUs. One of `2`, `4`, `8`, `16`, `32`, `64`, `96`.",
        enum: [2, 4, 8, 16, 32, 64, 96],
      },
      TimeoutMinutes: {
        type: "integer",
        description:
          "Maximum runtime in minutes before the job is killed. Maximum `10080` (7 days).",
        minimum: 1,
        maximum: 10080,
      },
      Retries: {
        type: "integer",
        description: "Number of times to retry the job on failure. Maximum `5`.",
        minimum: 0,
        maximum: 5,
      },
      Artifacts: {
        type: "object",
        required: ["path", "size_bytes", "files", "download_url"],
        additionalProperties: false,
        properties: {
          path: { type: "string" },
          size_bytes: { type: "integer", minimum: 0 },
          files: { type: "integer", minimum: 0 },
          download_url: { type: "string", format: "uri" },
        },
      },
      JobSummary: {
        type: "object",
        description: "A job as listed.",
        required: [
          "id",
          "name",
          "namespace",
          "status",
          "gpu",
          "gpu_count",
          "region",
          "cost_per_hour",
          "created_at",
          "started_at",
          "completed_at",
        ],
        properties: {
          id: { type: "string", pattern: "^job_[0-9a-f]{12}$", examples: ["job_6e5d4c3b2a1f"] },
          name: { $ref: "#/components/schemas/Name" },
          namespace: { $ref: "#/components/schemas/Name" },
          status: { $ref: "#/components/schemas/JobStatus" },
          gpu: { $ref: "#/components/schemas/Gpu" },
          gpu_count: { $ref: "#/components/schemas/GpuCount" },
          region: { $ref: "#/components/schemas/Region" },
          progress: {
            type: ["string", "null"],
            description:
              "Free-form progress text reported by the job, e.g. `Epoch 2/3 - Step 4200/6300`.",
          },
          cost_per_hour: { $ref: "#/components/schemas/Money" },
          runtime_seconds: { type: "integer", minimum: 0 },
          created_at: { $ref: "#/components/schemas/Timestamp" },
          started_at: { oneOf: [{ $ref: "#/components/schemas/Timestamp" }, { type: "null" }] },
          completed_at: { oneOf: [{ $ref: "#/components/schemas/Timestamp" }, { type: "null" }] },
        },
      },
      Job: {
        description:
          "A job with its configuration and state. `repo`/`branch` or `image` follow how it was submitted; `exit_code`, `total_cost`, `runtime_seconds` and `artifacts` appear once known. `env` is never returned.",
        type: "object",
        unevaluatedProperties: false,
        allOf: [
          { $ref: "#/components/schemas/JobSummary" },
          {
            type: "object",
            required: [
              "command",
              "cpu",
              "memory_gb",
              "disk_gb",
              "timeout_minutes",
              "retries",
              "retry_count",
            ],
            properties: {
              command: { type: "string" },
              repo: { $ref: "#/components/schemas/Repo" },
              image: { $ref: "#/components/schemas/Image" },
              branch: { type: "string" },
              commit_sha: { $ref: "#/components/schemas/CommitSha" },
              cpu: { $ref: "#/components/schemas/JobCpu" },
              memory_gb: { type: "integer", minimum: 1 },
              disk_gb: { type: "integer", minimum: 1 },
              timeout_minutes: { $ref: "#/components/schemas/TimeoutMinutes" },
              retries: { $ref: "#/components/schemas/Retries" },
              retry_count: { type: "integer", minimum: 0, maximum: 5 },
              output_path: { type: "string" },
              exit_code: { type: ["integer", "null"] },
              total_cost: { $ref: "#/components/schemas/Money" },
              artifacts: { oneOf: [{ $ref: "#/components/schemas/Artifacts" }, { type: "null" }] },
            },
          },
        ],
      },
      JobList: {
        type: "object",
        required: ["data", "pagination"],
        additionalProperties: false,
        properties: {
          data: {
            type: "array",
            items: {
              $ref: "#/components/schemas/JobSummary",
              type: "object",
              unevaluatedProperties: false,
            },
          },
          pagination: { $ref: "#/components/schemas/Pagination" },
        },
      },
      JobAnalytics: {
        type: "object",
        required: [
          "name",
          "namespace",
          "gpu_utilization_percent",
          "cpu_utilization_percent",
          "memory_used_gb",
          "disk_used_gb",
          "runtime_seconds",
        ],
        additionalProperties: false,
        properties: {
          name: { $ref: "#/components/schemas/Name" },
          namespace: { $ref: "#/components/schemas/Name" },
          gpu_utilization_percent: { type: "number", minimum: 0, maximum: 100 },
          cpu_utilization_percent: { type: "number", minimum: 0, maximum: 100 },
          memory_used_gb: { type: "number", minimum: 0 },
          disk_used_gb: { type: "number", minimum: 0 },
          runtime_seconds: { type: "integer", minimum: 0 },
        },
      },
      JobCancellation: {
        type: "object",
        required: [
          "id",
          "name",
          "namespace",
          "status",
          "message",
          "runtime_seconds",
          "total_cost",
          "completed_at",
        ],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: "^job_[0-9a-f]{12}$" },
          name: { $ref: "#/components/schemas/Name" },
          namespace: { $ref: "#/components/schemas/Name" },
          status: { type: "string", const: "cancelled" },
          message: { type: "string" },
          runtime_seconds: { type: "integer", minimum: 0 },
          total_cost: { $ref: "#/components/schemas/Money" },
          completed_at: { $ref: "#/components/schemas/Timestamp" },
        },
      },
      CreateJobRequest: {
        type: "object",
        description: "Exactly one of `repo` or `image` is required.",
        required: ["name", "command", "gpu"],
        additionalProperties: false,
        oneOf: [
          { required: ["repo"], not: { required: ["image"] } },
          { required: ["image"], not: { required: ["repo"] } },
        ],
        properties: {
          name: {
            $ref: "#/components/schemas/Name",
            description: "A human-readable name for the job. Must be unique within the namespace.",
          },
          command: {
            type: "string",
            minLength: 1,
            description:
              "The command to execute. This is run inside the container as the entrypoint.",
          },
          repo: {
            $ref: "#/components/schemas/Repo",
            description:
              "Full repository name (namespace/repo) to clone into the job's working directory.",
          },
          image: { $ref: "#/components/schemas/Image", description: "Container image to run." },
          branch: {
            type: "string",
            minLength: 1,
            description: "Branch to clone when using `repo`.",
            default: "main",
          },
          gpu: { $ref: "#/components/schemas/Gpu", description: "GPU type for the job." },
          gpu_count: { $ref: "#/components/schemas/GpuCount", default: 1 },
          cpu: { $ref: "#/components/schemas/JobCpu", default: 8 },
          memory_gb: {
            type: "integer",
            minimum: 1,
            description: "Memory in gigabytes.",
            default: 32,
          },
          disk_gb: {
            type: "integer",
            minimum: 1,
            description:
              "Ephemeral disk size in gigabytes. Data is discarded when the job completes.",
            default: 100,
          },
          env: { $ref: "#/components/schemas/Env" },
          region: { $ref: "#/components/schemas/Region", default: "us-east-1" },
          timeout_minutes: { $ref: "#/components/schemas/TimeoutMinutes", default: 1440 },
          retries: { $ref: "#/components/schemas/Retries", default: 0 },
          output_path: {
            type: "string",
            description:
              "Path inside the container to persist as job artifacts. Contents are uploaded to your namespace's artifact storage on completion.",
          },
        },
      },
    },
  },
};
