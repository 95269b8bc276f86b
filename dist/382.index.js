export const id = 382;
export const ids = [382];
export const modules = {

/***/ 4382:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  OutpostClient: () => (/* binding */ OutpostClient)
});

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./build/action/src/version.js + 1 modules
var version = __webpack_require__(1904);
// EXTERNAL MODULE: ./build/action/src/outpost/credentials.js
var credentials = __webpack_require__(2857);
// EXTERNAL MODULE: ./build/action/src/outpost/errors.js
var errors = __webpack_require__(6572);
// EXTERNAL MODULE: ./node_modules/ajv/dist/2020.js
var _2020 = __webpack_require__(2210);
// EXTERNAL MODULE: ./node_modules/ajv-formats/dist/index.js
var dist = __webpack_require__(2815);
;// CONCATENATED MODULE: ./build/action/src/outpost/openapi.generated.js
// Generated from src/outpost/openapi.yaml by `npm run generate`; do not edit.
/** The parsed description; src/outpost/description.ts reads it. */
const openapiDocument = {
    openapi: "3.1.0",
    info: {
        title: "Outpost API",
        version: "1",
        summary: "Services (autoscaling inference endpoints) and jobs (batch runs) on Outpost GPUs.",
        description: 'Read operations use `/{namespace}/...` (singular `service`/`job` for one resource); write\noperations go through `/auth/v1/seed/{namespace}/...` (plural `services`/`jobs`).\n\nEvery operation may answer 400, 401, 403, 404, 409, 422, 429 and 500 (the seed pages: "All\nservice endpoints may return the following errors", and the same for jobs), and every error\nresponse carries the body `{ "error": { "code", "message", "request_id" } }`.\n',
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
                description: "Retrieve details for a single service, including current scaling state and deployment information. The response never includes `env`.",
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
                description: "Update the configuration and autoscaling parameters of a service. Only the fields sent change. `env` replaces all environment variables and triggers a rolling redeployment; `branch` triggers an immediate redeployment from the new branch; `custom_domain: null` removes the custom domain.",
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
                description: "Delete a service and terminate all running replicas. Traffic to the service endpoint immediately returns 503.",
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
                description: "Force a rolling redeployment of the service using the latest commit on the configured branch. Previous replicas serve traffic until new ones are ready.",
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
                description: "Retrieve details for a single job, including runtime metrics and artifact information. The response never includes `env`.",
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
                description: 'Stream or retrieve the logs for a job.\n\nWith `stream=true` the response is `text/event-stream` (running jobs only; any other\nstate answers 409). Not documented by Outpost: the event format. This description fixes\nit as one `log` event per line whose `data` is a JSON log line, an `id` equal to the\nline\'s timestamp (so a client can resume from it after a dropped connection), and\na final `end` event whose `data` is `{"status": "<job status>"}` once the job has ended.\n`since` is exclusive: lines strictly after the timestamp.\n',
                parameters: [
                    { $ref: "#/components/parameters/Tail" },
                    { $ref: "#/components/parameters/Since" },
                    {
                        name: "stream",
                        in: "query",
                        description: "If `true`, the response uses `text/event-stream` to stream logs in real time. Only available for running jobs.",
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
                description: "Submit a new batch job for execution. Jobs run to completion and then terminate.",
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
                description: "Delete a finished job's record and its associated artifacts. Only finished jobs (`succeeded`, `failed`, `cancelled`, `timed_out`) can be deleted; a queued or running job answers 409.",
                parameters: [
                    {
                        name: "delete_artifacts",
                        in: "query",
                        description: "Also delete uploaded artifacts from storage. This action cannot be undone.",
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
                description: "Cancel a queued or running job. Running jobs receive a SIGTERM followed by a SIGKILL after a 30-second grace period. A finished job answers 409.",
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
                description: "`Authorization: API-Key <key-name>$<secret>`, e.g. `API-Key my-key$sk_live_...`.",
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
                description: "Return logs after this ISO 8601 timestamp. For example, `2026-03-18T12:00:00Z`.",
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
                description: "Forbidden -- insufficient permissions (e.g. a namespace the credentials do not cover).",
                content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
            },
            NotFound: {
                description: "Not found -- the service or job does not exist.",
                content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
            },
            Conflict: {
                description: "Conflict -- the resource is in an incompatible state (a service already deploying, a job already completed, a name already taken).",
                content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
            },
            Unprocessable: {
                description: "Unprocessable entity -- invalid configuration combination (e.g. GPU/CPU/memory).",
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
                description: "Maximum number of replicas for autoscaling. Not documented by Outpost: the lower bound; a service that may never run a replica is refused (minimum 1), and `min_replicas` above `max_replicas` is an invalid combination (422).",
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
                description: "Custom domain to route traffic to this service. You must configure a CNAME record pointing to your service endpoint.",
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
                description: "A service with its configuration and scaling state. `repo`/`branch` or `image` follow how it was created; `custom_domain` is `null` when none is set; `metrics` appears once the service has served. `env` is never returned.",
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
                description: "The answer to an update or a redeploy: the service's identity, its status, the fields that changed, and a human-readable message.",
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
                        description: "Branch to deploy when using `repo`. Pushes to this branch trigger automatic redeployments.",
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
                        description: "Replace all environment variables with the provided key-value pairs. Triggers a rolling redeployment.",
                    },
                    branch: {
                        type: "string",
                        minLength: 1,
                        description: "Change the deployment branch. Triggers an immediate redeployment from the new branch.",
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
                description: "Maximum runtime in minutes before the job is killed. Maximum `10080` (7 days).",
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
                        description: "Free-form progress text reported by the job, e.g. `Epoch 2/3 - Step 4200/6300`.",
                    },
                    cost_per_hour: { $ref: "#/components/schemas/Money" },
                    runtime_seconds: { type: "integer", minimum: 0 },
                    created_at: { $ref: "#/components/schemas/Timestamp" },
                    started_at: { oneOf: [{ $ref: "#/components/schemas/Timestamp" }, { type: "null" }] },
                    completed_at: { oneOf: [{ $ref: "#/components/schemas/Timestamp" }, { type: "null" }] },
                },
            },
            Job: {
                description: "A job with its configuration and state. `repo`/`branch` or `image` follow how it was submitted; `exit_code`, `total_cost`, `runtime_seconds` and `artifacts` appear once known. `env` is never returned.",
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
                        description: "The command to execute. This is run inside the container as the entrypoint.",
                    },
                    repo: {
                        $ref: "#/components/schemas/Repo",
                        description: "Full repository name (namespace/repo) to clone into the job's working directory.",
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
                        description: "Ephemeral disk size in gigabytes. Data is discarded when the job completes.",
                        default: 100,
                    },
                    env: { $ref: "#/components/schemas/Env" },
                    region: { $ref: "#/components/schemas/Region", default: "us-east-1" },
                    timeout_minutes: { $ref: "#/components/schemas/TimeoutMinutes", default: 1440 },
                    retries: { $ref: "#/components/schemas/Retries", default: 0 },
                    output_path: {
                        type: "string",
                        description: "Path inside the container to persist as job artifacts. Contents are uploaded to your namespace's artifact storage on completion.",
                    },
                },
            },
        },
    },
};

;// CONCATENATED MODULE: ./build/action/src/outpost/description.js
/**
 * The Outpost API description (openapi.yaml) as data: its operations, matched against incoming
 * requests, and JSON Schema validators for their parameters, bodies and responses. The emulator
 * validates every request and response with it, the client every answer (answer-check.ts);
 * contract tests hold client and emulator to it.
 */



const methods = ["get", "post", "put", "delete"];
/** The description's source; `npm run generate` turns it into openapi.generated.ts. */
const descriptionPath = (/* unused pure expression or super */ null && (/* unused asset import */ undefined));
/** The parsed description document. */
const description_document = openapiDocument;
function resolveRef(value) {
    if (typeof value === "object" && value !== null && "$ref" in value) {
        const segments = value.$ref.replace(/^#\//, "").split("/");
        let target = description_document;
        for (const segment of segments)
            target = target[segment];
        return target;
    }
    return value;
}
/** Component schemas live under `$defs` of one ajv schema so that their `$ref`s resolve. */
const schemasId = "https://outpost.run/openapi/schemas";
function rewriteRefs(value) {
    if (Array.isArray(value))
        return value.map(rewriteRefs);
    if (typeof value !== "object" || value === null)
        return value;
    const out = {};
    for (const [key, child] of Object.entries(value)) {
        out[key] =
            key === "$ref" && typeof child === "string"
                ? child.replace("#/components/schemas/", `${schemasId}#/$defs/`)
                : rewriteRefs(child);
    }
    return out;
}
/** The schemas without their bans on unnamed properties. */
function description_open(value) {
    if (Array.isArray(value))
        return value.map(description_open);
    if (typeof value !== "object" || value === null)
        return value;
    const out = {};
    for (const [key, child] of Object.entries(value)) {
        const closing = (key === "additionalProperties" || key === "unevaluatedProperties") && child === false;
        if (!closing)
            out[key] = description_open(child);
    }
    return out;
}
/**
 * A compiler of validators over the description's schemas as `transform` leaves them, made on
 * first use (the client needs only the tolerant one, the emulator only the strict one).
 * `checkSchemas` also checks them against JSON Schema's meta-schema, which takes longer than
 * everything else; the strict compiler does, so the tolerant one, made from the same schemas,
 * need not.
 */
function validatorCompiler(transform, checkSchemas) {
    let ajv;
    const validators = new Map();
    return (schema) => {
        if (ajv === undefined) {
            ajv = new _2020.Ajv2020({
                allErrors: true,
                strict: true,
                // `oneOf: [{ required: [repo], not: { required: [image] } }, ...]` is how the description
                // says "exactly one of"; strictRequired would reject the `not` branch.
                strictRequired: false,
                allowUnionTypes: true,
                validateSchema: checkSchemas,
            });
            dist["default"](ajv);
            ajv.addSchema({ $id: schemasId, $defs: transform(rewriteRefs(description_document.components.schemas)) });
        }
        const key = JSON.stringify(schema);
        let validate = validators.get(key);
        if (!validate) {
            validate = ajv.compile(transform(rewriteRefs(schema)));
            validators.set(key, validate);
        }
        return validate;
    };
}
const compilers = {
    refuse: validatorCompiler((schema) => schema, true),
    ignore: validatorCompiler(description_open, false),
};
const compile = compilers.refuse;
function problemsOf(errors) {
    return (errors ?? []).map((error) => ({
        at: error.instancePath || "/",
        message: `${error.message ?? "is invalid"}${error.keyword === "enum"
            ? ` (${error.params.allowedValues.join(", ")})`
            : ""}${error.keyword === "additionalProperties" ? `: ${error.params.additionalProperty}` : ""}`,
    }));
}
/** Validates a value against a named component schema (e.g. `Service`). */
function validateSchema(name, value, unknownProperties = "refuse") {
    if (!(name in description_document.components.schemas))
        throw new Error(`Unknown schema ${name}`);
    const validate = compilers[unknownProperties]({ $ref: `#/components/schemas/${name}` });
    return validate(value) ? [] : problemsOf(validate.errors);
}
function toOperation(path, method, raw) {
    const pathItem = description_document.paths[path] ?? {};
    const parameters = [
        ...(pathItem["parameters"] ?? []),
        ...(raw["parameters"] ?? []),
    ].map((p) => resolveRef(p));
    return {
        operationId: raw["operationId"],
        method,
        path,
        pathParameters: parameters.filter((p) => p.in === "path").map((p) => p.name),
        queryParameters: parameters.filter((p) => p.in === "query"),
        hasRequestBody: raw["requestBody"] !== undefined,
        statuses: Object.keys(raw["responses"]).map(Number),
    };
}
/** Every operation of the description. */
const operations = Object.entries(description_document.paths).flatMap(([path, item]) => methods
    .filter((method) => item[method] !== undefined)
    .map((method) => toOperation(path, method, item[method])));
function operation(operationId) {
    const found = operations.find((op) => op.operationId === operationId);
    if (!found)
        throw new Error(`Unknown operation ${operationId}`);
    return found;
}
const matchers = operations.map((op) => ({
    op,
    regex: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "([^/]+)")}$`),
}));
/** The operation a request's method and path address, if any; `methodAllowed` tells 405 from 404. */
function matchOperation(method, pathname) {
    let pathKnown = false;
    for (const { op, regex } of matchers) {
        const match = regex.exec(pathname);
        if (!match)
            continue;
        pathKnown = true;
        if (op.method !== method.toLowerCase())
            continue;
        const pathParameters = {};
        op.pathParameters.forEach((name, i) => {
            pathParameters[name] = decodeURIComponent(match[i + 1] ?? "");
        });
        return { operation: op, pathParameters };
    }
    return { pathKnown };
}
function operationObject(op) {
    return description_document.paths[op.path]?.[op.method];
}
/** Checks path parameters against their schemas. */
function validatePathParameters(op, values) {
    const pathItem = description_document.paths[op.path] ?? {};
    const parameters = (pathItem["parameters"] ?? []).map((p) => resolveRef(p));
    return parameters.flatMap((parameter) => {
        const validate = compile(parameter.schema);
        return validate(values[parameter.name])
            ? []
            : problemsOf(validate.errors).map((p) => ({ at: parameter.name, message: p.message }));
    });
}
function coerceQueryValue(raw, schema) {
    const resolved = resolveRef(schema);
    const type = resolved["type"];
    if (type === "integer" || type === "number")
        return raw.trim() === "" ? raw : Number(raw);
    if (type === "boolean")
        return raw === "true" ? true : raw === "false" ? false : raw;
    return raw;
}
/**
 * Checks a request's query string: unknown parameters, types, enums and ranges. Returns the
 * typed values with the description's defaults applied.
 */
function validateQuery(op, query) {
    const values = {};
    const problems = [];
    for (const key of new Set(query.keys())) {
        if (!op.queryParameters.some((p) => p.name === key)) {
            problems.push({ at: key, message: `is not a parameter of ${op.operationId}` });
        }
    }
    for (const parameter of op.queryParameters) {
        const raw = query.get(parameter.name);
        const schema = resolveRef(parameter.schema);
        if (raw === null) {
            if (schema["default"] !== undefined)
                values[parameter.name] = schema["default"];
            continue;
        }
        const value = coerceQueryValue(raw, schema);
        const validate = compile(parameter.schema);
        if (validate(value))
            values[parameter.name] = value;
        else
            problems.push(...problemsOf(validate.errors).map((p) => ({ at: parameter.name, message: p.message })));
    }
    return { values, problems };
}
function jsonSchemaOf(content) {
    return content?.["application/json"]?.schema;
}
/** Checks a JSON request body against the operation's request schema. */
function validateRequestBody(op, body) {
    const requestBody = operationObject(op)["requestBody"];
    const schema = jsonSchemaOf(requestBody?.content);
    if (!schema)
        return [];
    const validate = compile(schema);
    return validate(body) ? [] : problemsOf(validate.errors);
}
/**
 * The component schema a listed response of the operation carries (`Service`, `Error`), or
 * undefined when it has no JSON body (204) or the status is not listed.
 */
function responseSchemaName(op, status) {
    const responses = operationObject(op)["responses"];
    const response = responses[String(status)];
    if (response === undefined)
        return undefined;
    const resolved = resolveRef(response);
    const ref = jsonSchemaOf(resolved.content)?.["$ref"];
    return typeof ref === "string" ? ref.split("/").at(-1) : undefined;
}
/** Checks a response (status and JSON body) against what the description lists for the operation. */
function validateResponse(op, status, body, unknownProperties = "refuse") {
    const responses = operationObject(op)["responses"];
    const response = responses[String(status)];
    if (response === undefined) {
        return [{ at: "status", message: `${status} is not a listed response of ${op.operationId}` }];
    }
    const resolved = resolveRef(response);
    const schema = jsonSchemaOf(resolved.content);
    if (!schema)
        return body === undefined ? [] : [{ at: "/", message: "must be empty" }];
    const validate = compilers[unknownProperties](schema);
    return validate(body) ? [] : problemsOf(validate.errors);
}

// EXTERNAL MODULE: ./build/action/src/outpost/retry-policy.js
var retry_policy = __webpack_require__(2396);
;// CONCATENATED MODULE: ./build/action/src/outpost/sse.js
/**
 * An incremental parser of `text/event-stream` (the HTML standard's server-sent events): feed it
 * text as it arrives, in chunks cut anywhere, and it returns the events completed so far.
 */
class SseParser {
    #buffer = "";
    #started = false;
    /** The previous chunk ended in `\r`: a `\n` opening the next one belongs to that line end. */
    #afterCarriageReturn = false;
    #type = "";
    #data = [];
    #dataChars = 0;
    #lastEventId;
    #retryMs;
    /** The reconnection delay the server asked for with `retry:`, if any. */
    get retryMs() {
        return this.#retryMs;
    }
    get lastEventId() {
        return this.#lastEventId;
    }
    /** Characters held for the event under way (its data and an unfinished line). */
    get pendingChars() {
        return this.#buffer.length + this.#dataChars;
    }
    /** Parses a chunk of decoded text; returns the events it completed. */
    feed(chunk) {
        let text = chunk;
        if (!this.#started && text !== "") {
            this.#started = true;
            if (text.startsWith("\uFEFF"))
                text = text.slice(1);
        }
        if (this.#afterCarriageReturn && text.startsWith("\n"))
            text = text.slice(1);
        if (text !== "")
            this.#afterCarriageReturn = false;
        this.#buffer += text;
        const events = [];
        for (;;) {
            const end = this.#buffer.search(/[\r\n]/);
            if (end < 0)
                break;
            const line = this.#buffer.slice(0, end);
            let next = end + 1;
            if (this.#buffer[end] === "\r") {
                if (end + 1 === this.#buffer.length)
                    this.#afterCarriageReturn = true;
                else if (this.#buffer[end + 1] === "\n")
                    next = end + 2;
            }
            this.#buffer = this.#buffer.slice(next);
            const event = this.#line(line);
            if (event)
                events.push(event);
        }
        return events;
    }
    #line(line) {
        if (line === "")
            return this.#dispatch();
        if (line.startsWith(":"))
            return undefined;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" "))
            value = value.slice(1);
        switch (field) {
            case "event":
                this.#type = value;
                break;
            case "data":
                this.#data.push(value);
                this.#dataChars += value.length + 1;
                break;
            case "id":
                if (!value.includes("\0"))
                    this.#lastEventId = value;
                break;
            case "retry":
                if (/^\d+$/.test(value))
                    this.#retryMs = Number(value);
                break;
            default:
                break;
        }
        return undefined;
    }
    #dispatch() {
        const data = this.#data;
        const type = this.#type;
        this.#data = [];
        this.#dataChars = 0;
        this.#type = "";
        if (data.length === 0)
            return undefined;
        return { type: type === "" ? "message" : type, data: data.join("\n"), id: this.#lastEventId };
    }
}

// EXTERNAL MODULE: ./build/action/src/outpost/types.js
var types = __webpack_require__(5682);
;// CONCATENATED MODULE: ./build/action/src/outpost/log-follow.js
/**
 * Following a job's logs live. The API streams them as server-sent events (`log` events whose
 * `id` is the line's timestamp, then one `end` event); `since` is exclusive. A lost connection
 * is resumed after a backoff from just before the last line's timestamp, and the lines of that
 * instant already yielded are passed over: several lines may share a timestamp (the API's are
 * to the second), and resuming strictly after it would lose those not yet received. A queued
 * job is waited for; a job that ended while we were away has its remaining lines read with a
 * plain request.
 */





/** A timestamp a millisecond before `timestamp`: resuming from it returns that instant's lines. */
function justBefore(timestamp) {
    const time = Date.parse(timestamp);
    return Number.isNaN(time) ? timestamp : new Date(time - 1).toISOString();
}
/** Whether a line comes after the position: a later instant, or a line of it not yet yielded. */
function isNew(line, position, since) {
    if (position === undefined)
        return since === undefined || isAfter(line.timestamp, since);
    if (isAfter(line.timestamp, position.timestamp))
        return true;
    return !isAfter(position.timestamp, line.timestamp) && !position.messages.has(line.message);
}
function advance(position, line) {
    if (position !== undefined && !isAfter(line.timestamp, position.timestamp)) {
        position.messages.add(line.message);
        return position;
    }
    return { timestamp: line.timestamp, messages: new Set([line.message]) };
}
/** The most lines one plain read returns. */
const maxTail = 10_000;
/** Whether timestamp `a` is strictly after `b` (as instants; as text if either does not parse). */
function isAfter(a, b) {
    const x = Date.parse(a);
    const y = Date.parse(b);
    return Number.isNaN(x) || Number.isNaN(y) ? a > b : x > y;
}
/** The longest event the stream may send: a log line is far shorter. */
const maxEventChars = 1024 * 1024;
function unexpected(request, problem) {
    return new errors/* OutpostUnexpectedResponseError */.P$(request, undefined, problem);
}
function parseData(event, request) {
    let value;
    try {
        value = JSON.parse(event.data);
    }
    catch {
        throw unexpected(request, `a \`${event.type.slice(0, 20)}\` event whose data is not JSON`);
    }
    if (typeof value === "object" && value !== null)
        return value;
    throw unexpected(request, `a \`${event.type.slice(0, 20)}\` event whose data is not an object`);
}
/** A `log` event's line, checked as the description's `LogLine`. */
function logLine(event, request) {
    const data = parseData(event, request);
    if (validateSchema("LogLine", data, "ignore").length > 0) {
        throw unexpected(request, "a `log` event that is not a log line");
    }
    const { timestamp, message } = data;
    return { timestamp, message };
}
const jobStatuses = ["queued", "running", ...types/* finishedJobStatuses */.e];
/** An `end` event's status; undefined when it names none, an error when it names another. */
function endStatus(event, request) {
    const { status } = parseData(event, request);
    if (status === undefined)
        return undefined;
    const known = jobStatuses.find((candidate) => candidate === status);
    if (known === undefined)
        throw unexpected(request, "an `end` event with no job status");
    return known;
}
function isFinished(status) {
    return types/* finishedJobStatuses */.e.includes(status);
}
/**
 * Yields the job's log lines until the job ends; returns its final status (undefined when the
 * stream's `end` event named none).
 */
async function* followJobLogs(port, options = {}) {
    const { signal } = options;
    let position;
    const resumeFrom = () => position === undefined ? options.since : justBefore(position.timestamp);
    let tail = options.tail;
    let failures = 0;
    let quietSince = port.now();
    for (;;) {
        let error;
        try {
            const chunks = await port.openStream({ since: resumeFrom(), tail }, signal);
            // Only the first connection starts with recent lines; later ones resume after `since`.
            tail = undefined;
            const parser = new SseParser();
            const decoder = new TextDecoder();
            for await (const chunk of chunks) {
                const events = parser.feed(decoder.decode(chunk, { stream: true }));
                if (parser.pendingChars > maxEventChars) {
                    throw unexpected(port.request, "a stream event over 1 MiB");
                }
                for (const event of events) {
                    if (event.type === "end")
                        return endStatus(event, port.request);
                    if (event.type !== "log")
                        continue;
                    const line = logLine(event, port.request);
                    // Resuming repeats the lines of the last instant (and a server taking `since` as
                    // inclusive would repeat more): yield only what was not yielded yet.
                    if (!isNew(line, position, options.since))
                        continue;
                    position = advance(position, line);
                    failures = 0;
                    quietSince = port.now();
                    yield line;
                }
            }
            error = new errors/* OutpostNetworkError */.vp(port.request, true, new Error("the stream closed before the job ended"));
        }
        catch (caught) {
            if (signal?.aborted)
                throw caught;
            error = caught;
        }
        const failure = (0,retry_policy/* classifyFailure */.XE)(error);
        if (failure.kind === "conflict") {
            // The stream is only for running jobs: wait for a queued one, finish an ended one.
            const job = await port.readJob(signal);
            if (isFinished(job.status)) {
                for (const line of await remainingLines(port, resumeFrom(), tail, signal)) {
                    if (isNew(line, position, options.since)) {
                        position = advance(position, line);
                        yield line;
                    }
                }
                return job.status;
            }
            if (job.status === "queued") {
                await port.sleep(port.queuedPollMs, signal);
                quietSince = port.now();
                continue;
            }
        }
        else if (!(0,retry_policy/* isTransient */.dg)(failure)) {
            throw error;
        }
        const decision = (0,retry_policy/* decideRetry */.tE)(port.policy, failure, "transient", { retries: failures, elapsedMs: port.now() - quietSince }, port.random);
        if (!decision.retry)
            throw error;
        failures += 1;
        port.onEvent({
            type: "log-stream-resume",
            name: port.name,
            since: resumeFrom(),
            delayMs: decision.delayMs,
            reason: failure.kind,
        });
        await port.sleep(decision.delayMs, signal);
    }
}
/** The lines a finished job wrote after `since`, read in one plain request. */
async function remainingLines(port, since, tail, signal) {
    const logs = await port.readLines({ since, tail: since === undefined ? (tail ?? 100) : maxTail }, signal);
    if (since !== undefined && logs.has_more) {
        port.onEvent({ type: "log-lines-missed", name: port.name, since });
    }
    return logs.lines;
}

;// CONCATENATED MODULE: ./build/action/src/outpost/pagination.js
/**
 * Walks pages 1, 2, … until `pagination.total_pages`. An item created while walking shifts the
 * others to later pages, so an item met twice (same `id`) is yielded once.
 */
async function* paginate(fetchPage, options = {}) {
    const seen = new Set();
    const ahead = Math.max(0, options.ahead ?? 0);
    const inFlight = new Map();
    let lastPage = 1;
    const request = (page) => {
        const known = inFlight.get(page);
        if (known !== undefined)
            return known;
        const fetched = fetchPage(page);
        // Read in order below; a failure ahead must not go unhandled before its turn.
        fetched.catch(() => undefined);
        inFlight.set(page, fetched);
        return fetched;
    };
    for (let page = 1;; page += 1) {
        for (let next = page + 1; next <= Math.min(lastPage, page + ahead); next += 1)
            void request(next);
        const { data, pagination } = await request(page);
        inFlight.delete(page);
        lastPage = pagination.total_pages;
        for (const item of data) {
            if (seen.has(item.id))
                continue;
            seen.add(item.id);
            yield item;
        }
        if (data.length === 0 || page >= pagination.total_pages)
            return;
    }
}

;// CONCATENATED MODULE: ./build/action/src/outpost/recovered-results.js
/** A redeploy's answer (`ServiceChange`) from the service as read. */
function serviceChangeFrom(service, message) {
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
function cancellationFrom(job, message, nowIso) {
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

// EXTERNAL MODULE: ./build/action/src/outpost/recovery.js
var recovery = __webpack_require__(6036);
;// CONCATENATED MODULE: ./build/action/src/outpost/resource-match.js
/**
 * Whether a resource read back from the API is the one a create sent, as far as a read shows:
 * fields the API never returns (`env`) cannot be compared and are not.
 */
function sameValue(a, b) {
    if (typeof a !== "object" || a === null || typeof b !== "object" || b === null)
        return a === b;
    return JSON.stringify(a) === JSON.stringify(b);
}
/** The fields of `sent` that `seen` shows with another value. */
function visibleDifferences(sent, seen) {
    const shown = new Map(Object.entries(seen));
    return Object.entries(sent)
        .filter(([key, value]) => value !== undefined && shown.has(key))
        .filter(([key, value]) => !sameValue(value, shown.get(key)))
        .map(([key]) => key);
}

;// CONCATENATED MODULE: ./build/action/src/outpost/retry-loop.js

async function runCall(context, call) {
    const { policy, random, sleep, now, onEvent } = context;
    const startedAt = now();
    const retries = { transient: 0, conflict: 0 };
    let earlierMayHaveTakenEffect = false;
    const recovered = (found) => {
        onEvent({
            type: "recovered",
            operation: call.operation,
            name: call.name,
            detail: found.detail,
        });
        return found.value;
    };
    for (let attempt = 1;; attempt += 1) {
        try {
            return await call.attempt(attempt);
        }
        catch (error) {
            if (call.signal?.aborted)
                throw error;
            const failure = (0,retry_policy/* classifyFailure */.XE)(error);
            const next = await call.onFailure(failure, { startedAt, attempt, earlierMayHaveTakenEffect });
            earlierMayHaveTakenEffect ||= (0,retry_policy/* mayHaveTakenEffect */.Y2)(failure);
            if (next.action === "resolve")
                return recovered(next);
            if (next.action === "throw")
                throw error;
            const decision = (0,retry_policy/* decideRetry */.tE)(policy, failure, next.budget, { retries: retries[next.budget], elapsedMs: now() - startedAt }, random);
            if (!decision.retry) {
                // Out of retries, an uncertain write is still worth one look: it may have taken effect.
                const found = next.check ? await next.check() : undefined;
                if (found)
                    return recovered(found);
                onEvent({
                    type: "give-up",
                    operation: call.operation,
                    attempts: attempt,
                    reason: decision.reason,
                });
                throw error;
            }
            retries[next.budget] += 1;
            onEvent({
                type: "retry",
                operation: call.operation,
                nextAttempt: attempt + 1,
                delayMs: decision.delayMs,
                reason: failure.kind,
            });
            await sleep(decision.delayMs, call.signal);
            const found = next.check ? await next.check() : undefined;
            if (found)
                return recovered(found);
        }
    }
}

;// CONCATENATED MODULE: ./build/action/src/outpost/routes.js
const routes = {
    listServices: { method: "GET", path: "/{namespace}/services" },
    getService: { method: "GET", path: "/{namespace}/service/{name}" },
    getServiceLogs: { method: "GET", path: "/{namespace}/service/{name}/logs" },
    getServiceAnalytics: { method: "GET", path: "/{namespace}/service/{name}/analytics" },
    createService: { method: "POST", path: "/auth/v1/seed/{namespace}/services" },
    updateService: { method: "PUT", path: "/auth/v1/seed/{namespace}/services/{name}" },
    deleteService: { method: "DELETE", path: "/auth/v1/seed/{namespace}/services/{name}" },
    redeployService: { method: "POST", path: "/auth/v1/seed/{namespace}/services/{name}/redeploy" },
    listJobs: { method: "GET", path: "/{namespace}/jobs" },
    getJob: { method: "GET", path: "/{namespace}/job/{name}" },
    getJobLogs: { method: "GET", path: "/{namespace}/job/{name}/logs" },
    getJobAnalytics: { method: "GET", path: "/{namespace}/job/{name}/analytics" },
    createJob: { method: "POST", path: "/auth/v1/seed/{namespace}/jobs" },
    deleteJob: { method: "DELETE", path: "/auth/v1/seed/{namespace}/jobs/{name}" },
    cancelJob: { method: "POST", path: "/auth/v1/seed/{namespace}/jobs/{name}/cancel" },
};
/** The route's path with its parameters filled in (percent-encoded). */
function expandPath(route, parameters) {
    return route.path.replace(/\{(namespace|name)\}/g, (_, key) => {
        const value = parameters[key];
        if (value === undefined || value === "")
            throw new TypeError(`Missing path parameter ${key}`);
        return encodeURIComponent(value);
    });
}

;// CONCATENATED MODULE: ./build/action/src/outpost/answer-check.js
/**
 * Which answers of the Outpost API the client believes: those the description lists for the
 * operation, with the body it lists. Anything else — a body that is not JSON, `{}` or `null` for
 * a service, an HTML page in place of the API's error, a status the API does not give — is an
 * unexpected answer: never read as "absent", "empty" or "done".
 *
 * - A success (any 2xx) must carry the operation's success body (none for a 204).
 * - 429 and 5xx are taken at their status whatever their body: the status is what they say, and
 *   proxies and load balancers answer them too (`502 Bad Gateway`).
 * - Any other status must be one the operation lists, with the API's error body
 *   (`{ "error": { "code", "message", "request_id" } }`): a 404 is "not found" only when the
 *   API says so, not when a proxy's page does.
 *
 * Properties the description does not name are ignored (a newer API may add some); missing
 * ones, wrong types and values outside the described ones are not.
 */

/** Whether the status speaks for itself, whatever the body says (see above). */
function takenAtStatus(status) {
    return status === 429 || status >= 500;
}
/** At most this many schema problems are named; the rest are counted. */
const namedProblems = 2;
/** What is wrong with an answer, in a few words for an error; undefined when nothing is. */
function answerProblem(operationId, status, body) {
    const op = operation(operationId);
    const success = status >= 200 && status <= 299;
    const listed = success ? op.statuses.find((s) => s >= 200 && s <= 299) : status;
    if (listed === undefined || !op.statuses.includes(listed)) {
        return `${status}, which is not an answer the API gives here`;
    }
    const expected = responseSchemaName(op, listed);
    const what = expected === "Error" ? "the API's error" : expected === undefined ? "" : `a ${expected}`;
    if (body.kind === "not-json") {
        const type = body.contentType === undefined ? "" : ` (${printable(body.contentType)})`;
        return `${status} with a body that is not JSON${type}${what === "" ? "" : `, not ${what}`}`;
    }
    if (body.kind === "empty") {
        return expected === undefined ? undefined : `${status} with an empty body, not ${what}`;
    }
    const problems = validateResponse(op, listed, body.value, "ignore");
    if (problems.length === 0)
        return undefined;
    if (expected === undefined)
        return `${status} with a body where the API sends none`;
    const shape = body.value === null ? "null" : "a body";
    return `${status} with ${shape} that is not ${what}: ${summarise(problems)}`;
}
function summarise(problems) {
    const named = problems
        .slice(0, namedProblems)
        .map((p) => `${p.at === "/" ? "" : `${printable(p.at)} `}${printable(p.message)}`);
    const more = problems.length - named.length;
    return `${named.join("; ")}${more > 0 ? ` (and ${more} more)` : ""}`;
}
/** Text from the answer or the schema, on one line and short. */
function printable(text) {
    // eslint-disable-next-line no-control-regex
    const line = text.replace(/[\u0000-\u001f\u007f]+/g, " ");
    return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

;// CONCATENATED MODULE: ./build/action/src/outpost/transport.js
/**
 * One HTTP exchange with the Outpost API over undici: headers, JSON in and out, time limits, and
 * every way it can fail turned into a typed error that says whether the request may have
 * reached the server. Every answer is checked against the description (answer-check.ts) before
 * it is returned, and read with a bound. Retrying is not done here (see retry-loop.ts).
 */




// Failures before anything was sent: the server cannot have acted on the request.
const notSentCodes = new Set([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "EADDRNOTAVAIL",
    "UND_ERR_CONNECT_TIMEOUT",
]);
const timeoutCodes = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
const droppedCodes = new Set([
    "UND_ERR_SOCKET",
    "ECONNRESET",
    "EPIPE",
    "ETIMEDOUT",
    "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);
function errorCode(error) {
    if (typeof error !== "object" || error === null || !("code" in error))
        return undefined;
    return typeof error.code === "string" ? error.code : undefined;
}
/** undici reports how much a socket had written; nothing at all means nothing was sent. */
function nothingWritten(error) {
    if (typeof error !== "object" || error === null || !("socket" in error))
        return false;
    const socket = error.socket;
    return (typeof socket === "object" &&
        socket !== null &&
        "bytesWritten" in socket &&
        socket.bytesWritten === 0);
}
function header(headers, name) {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}
/**
 * The most an answer may hold. The largest the API gives — 10,000 log lines, a page of 100
 * resources — is far below; a server sending more is not the API.
 */
const maxAnswerBytes = 32 * 1024 * 1024;
/** The body's text, or undefined past `limit` bytes (the rest is not read). */
async function readText(body, limit) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        const bytes = chunk;
        size += bytes.length;
        // Leaving the loop destroys the stream, the rest unread.
        if (size > limit)
            return undefined;
        chunks.push(bytes);
    }
    return Buffer.concat(chunks).toString("utf8");
}
function parseBody(text, contentType) {
    if (text.trim() === "")
        return { kind: "empty" };
    try {
        return { kind: "json", value: JSON.parse(text) };
    }
    catch {
        return { kind: "not-json", contentType };
    }
}
/** `{ error: { code, message, request_id } }` fields, read leniently: a 5xx from a proxy has none. */
function errorFields(body) {
    const parsed = body.kind === "json" ? body.value : undefined;
    const error = typeof parsed === "object" && parsed !== null && "error" in parsed ? parsed.error : undefined;
    const field = (key) => {
        if (typeof error !== "object" || error === null || !(key in error))
            return undefined;
        const value = error[key];
        return typeof value === "string" ? value : undefined;
    };
    return { apiCode: field("code"), apiMessage: field("message"), requestId: field("request_id") };
}
class Transport {
    #options;
    #serverClockOffsetMs = 0;
    constructor(options) {
        this.#options = options;
    }
    /**
     * The server's clock minus ours, from the last `Date` header (whole seconds, so the server's
     * clock may be up to a second later than this says).
     */
    get serverClockOffsetMs() {
        return this.#serverClockOffsetMs;
    }
    /** The request as errors show it: method and full URL, nothing else. */
    describe(method, pathAndQuery) {
        const { baseUrl } = this.#options;
        return {
            method,
            url: `${baseUrl.origin}${baseUrl.pathname.replace(/\/$/, "")}${pathAndQuery}`,
        };
    }
    /**
     * Sends a request and reads its JSON answer, checked against the description: an error status
     * throws `OutpostApiError`, an answer the description does not list
     * `OutpostUnexpectedResponseError`.
     */
    async send(request) {
        const deadline = AbortSignal.timeout(this.#options.requestTimeoutMs);
        const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
        return this.#exchange(request, "application/json", signal, deadline, async (response, url) => {
            const body = await this.#readAnswer(response, url);
            const problem = answerProblem(request.operation, response.statusCode, body);
            if (problem !== undefined) {
                throw new errors/* OutpostUnexpectedResponseError */.P$(url, response.statusCode, problem);
            }
            return { status: response.statusCode, body: body.kind === "json" ? body.value : undefined };
        });
    }
    /** The answer's body, read up to `maxAnswerBytes`; more is an unexpected answer. */
    async #readAnswer(response, url) {
        const text = await readText(response.body, maxAnswerBytes);
        await connectionReleased();
        if (text === undefined) {
            throw new errors/* OutpostUnexpectedResponseError */.P$(url, response.statusCode, `${response.statusCode} with a body over ${maxAnswerBytes / 1024 / 1024} MiB`);
        }
        return parseBody(text, header(response.headers, "content-type"));
    }
    /**
     * Opens a `text/event-stream` answer and yields its bytes. There is no overall deadline (a
     * stream lasts as long as the job); `idleTimeoutMs` without a byte ends it with a timeout.
     */
    async openStream(request, idleTimeoutMs) {
        const signal = request.signal ?? null;
        const translate = (error, url) => this.#translate(error, url, request.signal, undefined, idleTimeoutMs);
        return this.#exchange(request, "text/event-stream", signal, undefined, (response, url) => {
            const type = header(response.headers, "content-type") ?? "";
            if (!type.startsWith("text/event-stream")) {
                // Not read: dropped. Destroying it emits an abort error that nobody else listens to.
                response.body.on("error", () => undefined);
                response.body.destroy();
                const what = type === "" ? "no content type" : type.slice(0, 60);
                throw new errors/* OutpostUnexpectedResponseError */.P$(url, response.statusCode, `${response.statusCode} with ${what}, not the event stream asked for`);
            }
            return Promise.resolve(readBody(response.body, (error) => translate(error, url)));
        }, idleTimeoutMs);
    }
    async #exchange(request, accept, signal, deadline, read, bodyTimeoutMs = this.#options.requestTimeoutMs) {
        const { baseUrl, now, onEvent } = this.#options;
        const search = new URLSearchParams();
        for (const [key, value] of Object.entries(request.query ?? {})) {
            if (value !== undefined)
                search.set(key, String(value));
        }
        const query = search.size > 0 ? `?${search.toString()}` : "";
        const summary = this.describe(request.method, `${request.path}${query}`);
        const path = summary.url.slice(baseUrl.origin.length);
        const event = {
            operation: request.operation,
            method: request.method,
            path,
            attempt: request.attempt,
        };
        const headers = {
            authorization: this.#options.authorization,
            "user-agent": this.#options.userAgent,
            accept,
        };
        let body;
        if (request.body !== undefined) {
            body = JSON.stringify(request.body);
            headers["content-type"] = "application/json";
        }
        onEvent({ type: "request", ...event });
        const started = now();
        let status;
        try {
            const response = await this.#options.dispatcher.request({
                origin: baseUrl.origin,
                path,
                method: request.method,
                headers,
                body: body ?? null,
                signal,
                headersTimeout: this.#options.requestTimeoutMs,
                bodyTimeout: bodyTimeoutMs,
            });
            status = response.statusCode;
            this.#observeDate(header(response.headers, "date"));
            if (status < 200 || status > 299)
                throw await this.#errorAnswer(request, response, summary);
            const result = await read(response, summary);
            onEvent({
                type: "response",
                ...event,
                status,
                error: undefined,
                durationMs: now() - started,
            });
            return result;
        }
        catch (error) {
            const translated = this.#translate(error, summary, request.signal, deadline, bodyTimeoutMs);
            onEvent({
                type: "response",
                ...event,
                status,
                error: translated instanceof errors/* OutpostError */.nR ? translated.code : undefined,
                durationMs: now() - started,
            });
            throw translated;
        }
    }
    /**
     * What an error status means: the API's error (`OutpostApiError`), or, when the operation
     * does not list the status or the body is not the API's error, an unexpected answer. 429 and
     * 5xx are the API's whatever their body (answer-check.ts says why).
     */
    async #errorAnswer(request, response, url) {
        const status = response.statusCode;
        const body = await this.#readAnswer(response, url);
        if (!takenAtStatus(status)) {
            const problem = answerProblem(request.operation, status, body);
            if (problem !== undefined)
                return new errors/* OutpostUnexpectedResponseError */.P$(url, status, problem);
        }
        const fields = errorFields(body);
        const retryAfter = (0,retry_policy/* parseRetryAfter */.mu)(header(response.headers, "retry-after"), this.#options.now());
        return new errors/* OutpostApiError */.R1({
            status,
            ...fields,
            requestId: fields.requestId ?? header(response.headers, "x-request-id"),
            request: url,
            ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
        });
    }
    #observeDate(date) {
        const parsed = date === undefined ? Number.NaN : Date.parse(date);
        if (!Number.isNaN(parsed))
            this.#serverClockOffsetMs = parsed - this.#options.now();
    }
    /** Any failure of an exchange as an `OutpostError`; the caller's own abort passes through. */
    #translate(error, request, callerSignal, deadline, idleTimeoutMs) {
        if (callerSignal?.aborted)
            return callerSignal.reason;
        if (error instanceof errors/* OutpostError */.nR)
            return error;
        if (deadline?.aborted) {
            return new errors/* OutpostTimeoutError */.W1(request, this.#options.requestTimeoutMs, error);
        }
        const code = errorCode(error);
        if (code === undefined)
            return error;
        if (timeoutCodes.has(code))
            return new errors/* OutpostTimeoutError */.W1(request, idleTimeoutMs, error);
        if (notSentCodes.has(code))
            return new errors/* OutpostNetworkError */.vp(request, false, error);
        if (droppedCodes.has(code) || code.startsWith("HPE_")) {
            return new errors/* OutpostNetworkError */.vp(request, !nothingWritten(error), error);
        }
        return error;
    }
}
/**
 * undici hands over a response's last byte before it frees the connection, which it does on the
 * next turn of the event loop; a request sent before that opens a second connection. Waiting
 * one turn lets sequential calls share one keep-alive connection.
 */
async function connectionReleased() {
    await (0,promises_.setImmediate)();
}
/** The body's chunks, with a failure mid-stream translated and the socket released on exit. */
async function* readBody(body, translate) {
    try {
        for await (const chunk of body)
            yield chunk;
    }
    catch (error) {
        throw translate(error);
    }
    finally {
        body.destroy();
    }
}

;// CONCATENATED MODULE: ./build/action/src/outpost/client.js
/**
 * The Outpost API client: one method per operation of the description, typed with its generated
 * types, over one keep-alive undici agent. Every call is retried as its kind of operation allows
 * (recovery.ts); nothing the client throws or reports carries the credentials.
 */














const defaultPerPage = 100;
/** The read's result, or undefined when the API answers 404. */
async function unlessNotFound(read) {
    try {
        return await read;
    }
    catch (error) {
        if (error instanceof errors/* OutpostApiError */.R1 && error.status === 404)
            return undefined;
        throw error;
    }
}
class OutpostClient {
    #transport;
    #retry;
    /** The agent the client made itself, closed by `close()`. */
    #ownAgent;
    #streamIdleTimeoutMs;
    #queuedPollMs;
    #now;
    constructor(options) {
        const now = options.now ?? Date.now;
        const onEvent = options.onEvent ?? (() => undefined);
        const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
        const dispatcher = options.dispatcher ?? new undici/* Agent */.g6({ connect: { timeout: options.connectTimeoutMs ?? 10_000 } });
        this.#ownAgent = options.dispatcher ? undefined : dispatcher;
        const baseUrl = new URL(options.baseUrl);
        this.#transport = new Transport({
            baseUrl,
            authorization: (0,credentials/* authorizationHeader */.bc)(options.credentials),
            userAgent: options.userAgentComment === undefined
                ? version/* userAgent */.N
                : `${version/* userAgent */.N} (${options.userAgentComment})`,
            dispatcher,
            requestTimeoutMs,
            now,
            onEvent,
        });
        this.#retry = {
            policy: { ...retry_policy/* defaultRetryPolicy */.ur, ...options.retry },
            random: options.random ?? Math.random,
            sleep: options.sleep ?? ((ms, signal) => (0,promises_.setTimeout)(ms, undefined, { signal })),
            now,
            onEvent,
        };
        this.#streamIdleTimeoutMs = options.streamIdleTimeoutMs ?? 60_000;
        this.#queuedPollMs = options.queuedPollMs ?? 5_000;
        this.#now = now;
    }
    /** Closes the client's own connections (waiting for requests under way). */
    async close() {
        await this.#ownAgent?.close();
    }
    async [Symbol.asyncDispose]() {
        await this.close();
    }
    // Services
    listServices(namespace, query = {}, options = {}) {
        return this.#read("listServices", { namespace }, { query, signal: options.signal });
    }
    /** Every service of the namespace, all pages (`ahead`: pages fetched at once after the first). */
    services(namespace, filter = {}, options = {}) {
        return paginate((page) => this.listServices(namespace, { per_page: defaultPerPage, ...filter, page }, options), options);
    }
    /** The service; throws `OutpostApiError` (404) when there is none. */
    getService(namespace, name, options = {}) {
        return this.#read("getService", { namespace, name }, { signal: options.signal });
    }
    /** The service, or undefined when there is none. */
    findService(namespace, name, options = {}) {
        return unlessNotFound(this.getService(namespace, name, options));
    }
    getServiceLogs(namespace, name, query = {}, options = {}) {
        return this.#read("getServiceLogs", { namespace, name }, { query, signal: options.signal });
    }
    getServiceAnalytics(namespace, name, options = {}) {
        return this.#read("getServiceAnalytics", { namespace, name }, { signal: options.signal });
    }
    /**
     * Creates a service. When an attempt's answer is lost (5xx, dropped connection, timeout), the
     * service is read back by name before anything is sent again; if it is there as sent, it is
     * the result (and a `recovered` event is reported).
     */
    createService(namespace, body, options = {}) {
        const lookUp = () => this.#lookUpAsSent(this.findService(namespace, body.name, options), body);
        return this.#call("createService", { namespace }, body.name, { body, signal: options.signal }, (0,recovery/* createRule */.D_)(lookUp));
    }
    /** Changes a service; waits out a rollout in progress (409) before sending it again. */
    updateService(namespace, name, body, options = {}) {
        return this.#call("updateService", { namespace, name }, name, { body, signal: options.signal }, (0,recovery/* rolloutRule */.Gk)({ read: () => this.findService(namespace, name, options) }));
    }
    /**
     * Starts a rolling redeployment. After a lost answer, a service found `deploying` since the
     * call began counts as this redeploy (reported as `recovered`) instead of starting another.
     */
    redeployService(namespace, name, options = {}) {
        return this.#call("redeployService", { namespace, name }, name, { signal: options.signal }, (0,recovery/* rolloutRule */.Gk)({
            read: () => this.findService(namespace, name, options),
            confirm: (service, startedAt) => service.status === "deploying" && this.#changedSince(service.updated_at, startedAt)
                ? {
                    value: serviceChangeFrom(service, "Rolling redeployment in progress (confirmed by reading the service)."),
                    detail: "the service shows a rollout begun since the redeploy was sent",
                }
                : undefined,
        }));
    }
    deleteService(namespace, name, options = {}) {
        return this.#call("deleteService", { namespace, name }, name, { query: { force: options.force }, signal: options.signal }, (0,recovery/* deleteRule */.k3)());
    }
    // Jobs
    listJobs(namespace, query = {}, options = {}) {
        return this.#read("listJobs", { namespace }, { query, signal: options.signal });
    }
    /** Every job of the namespace, all pages. */
    jobs(namespace, filter = {}, options = {}) {
        return paginate((page) => this.listJobs(namespace, { per_page: defaultPerPage, ...filter, page }, options));
    }
    /** The job; throws `OutpostApiError` (404) when there is none. */
    getJob(namespace, name, options = {}) {
        return this.#read("getJob", { namespace, name }, { signal: options.signal });
    }
    /** The job, or undefined when there is none. */
    findJob(namespace, name, options = {}) {
        return unlessNotFound(this.getJob(namespace, name, options));
    }
    /** Recent log lines (no streaming; see `followJobLogs`). */
    getJobLogs(namespace, name, query = {}, options = {}) {
        return this.#read("getJobLogs", { namespace, name }, { query, signal: options.signal });
    }
    /**
     * The job's log lines as they are written, until the job ends (the generator's return value
     * is its final status). Survives dropped connections without repeating or losing a line.
     */
    followJobLogs(namespace, name, options = {}) {
        const operation = "getJobLogs";
        const path = expandPath(routes[operation], { namespace, name });
        let attempt = 0;
        return followJobLogs({
            name,
            request: this.#transport.describe("GET", path),
            openStream: (query, signal) => {
                attempt += 1;
                return this.#transport.openStream({ operation, method: "GET", path, query: { stream: true, ...query }, attempt, signal }, this.#streamIdleTimeoutMs);
            },
            readJob: (signal) => this.getJob(namespace, name, { signal }),
            readLines: (query, signal) => this.getJobLogs(namespace, name, query.since === undefined
                ? { tail: query.tail }
                : { since: query.since, tail: query.tail }, { signal }),
            ...this.#retry,
            queuedPollMs: this.#queuedPollMs,
        }, options);
    }
    getJobAnalytics(namespace, name, options = {}) {
        return this.#read("getJobAnalytics", { namespace, name }, { signal: options.signal });
    }
    /**
     * Submits a job. As `createService`: after a lost answer, the job is read back by name before
     * anything is sent again, and returned if it is there as sent.
     */
    createJob(namespace, body, options = {}) {
        const lookUp = () => this.#lookUpAsSent(this.findJob(namespace, body.name, options), body);
        return this.#call("createJob", { namespace }, body.name, { body, signal: options.signal }, (0,recovery/* createRule */.D_)(lookUp));
    }
    /**
     * Cancels a queued or running job. Sent again after a lost answer; a 409 then, with the job
     * read back as `cancelled`, means the lost attempt did it (reported as `recovered`).
     */
    cancelJob(namespace, name, options = {}) {
        const confirm = async () => {
            const job = await this.findJob(namespace, name, options);
            if (job?.status !== "cancelled")
                return undefined;
            return {
                value: cancellationFrom(job, "Job cancelled (confirmed by reading the job).", new Date(this.#now()).toISOString()),
                detail: "the job is cancelled",
            };
        };
        return this.#call("cancelJob", { namespace, name }, name, { signal: options.signal }, (0,recovery/* cancelRule */.Rg)(confirm));
    }
    /** Deletes a finished job (and, when asked, its artifacts). */
    deleteJob(namespace, name, options = {}) {
        return this.#call("deleteJob", { namespace, name }, name, { query: { delete_artifacts: options.deleteArtifacts }, signal: options.signal }, (0,recovery/* deleteRule */.k3)());
    }
    // Plumbing
    #read(operation, parameters, request) {
        return this.#call(operation, parameters, parameters.name ?? parameters.namespace, request, (0,recovery/* readRule */.dH)());
    }
    #call(operation, parameters, name, request, onFailure) {
        const route = routes[operation];
        const path = expandPath(route, parameters);
        return runCall(this.#retry, {
            operation,
            name,
            signal: request.signal,
            onFailure,
            attempt: async (attempt) => {
                const response = await this.#transport.send({
                    operation,
                    method: route.method,
                    path,
                    ...(request.query === undefined ? {} : { query: request.query }),
                    ...(request.body === undefined ? {} : { body: request.body }),
                    attempt,
                    signal: request.signal,
                });
                return response.body;
            },
        });
    }
    /** The resource read back: absent, there as sent, or there with other values. */
    async #lookUpAsSent(read, sent) {
        const seen = await read;
        if (seen === undefined)
            return { state: "absent" };
        if (visibleDifferences(sent, seen).length > 0)
            return { state: "other" };
        return {
            state: "ours",
            found: { value: seen, detail: "created by an earlier attempt whose answer was lost" },
        };
    }
    /**
     * The time now on Outpost's clock, in milliseconds since the epoch, as its answers' `Date`
     * headers tell (to the second); this machine's clock until Outpost has answered.
     */
    serverNow() {
        return Date.now() + this.#transport.serverClockOffsetMs;
    }
    /**
     * Whether a server timestamp is later than `startedAt` on our clock. Compared on the server's
     * clock (from its `Date` headers), with a second's slack for whole-second timestamps.
     */
    #changedSince(timestamp, startedAt) {
        const at = Date.parse(timestamp);
        return !Number.isNaN(at) && at >= startedAt + this.#transport.serverClockOffsetMs - 1000;
    }
}


/***/ })

};
