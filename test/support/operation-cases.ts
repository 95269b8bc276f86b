/**
 * One call of every operation of the Outpost client, with the request the description says it
 * sends and the seed page's example answer: for tests that go over every endpoint.
 */
import assert from "node:assert/strict";
import type { OutpostClient } from "../../src/outpost/client.ts";
import type { CreateJobRequest, CreateServiceRequest } from "../../src/outpost/types.ts";
import { seedExamples } from "./seed-examples.ts";

const examples = seedExamples();

/** The example answer of a seed page's endpoint heading (`GET /{namespace}/services`). */
export function seedResponse(endpoint: string): unknown {
  const found = examples.responses.find((r) => r.endpoint === endpoint);
  assert.ok(found, `no seed response for ${endpoint}`);
  return found.body;
}

function seedRequestBody(method: string, path: string): unknown {
  const found = examples.requests.find((r) => r.method === method && r.path === path && r.body);
  assert.ok(found, `no seed request for ${method} ${path}`);
  return found.body;
}

export const createServiceBody = seedRequestBody(
  "POST",
  "/auth/v1/seed/acme/services",
) as CreateServiceRequest;
export const createJobBody = seedRequestBody("POST", "/auth/v1/seed/acme/jobs") as CreateJobRequest;

export interface OperationCase {
  readonly operation: string;
  readonly call: (client: OutpostClient) => Promise<unknown>;
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly status: number;
  /** The seed page's heading whose example response the server answers with. */
  readonly endpoint?: string;
}

export const service = "llama-3-serving";
export const job = "finetune-llama-3-r1";

/** One call of each operation of the client, with the request it must send. */
export const operationCases: readonly OperationCase[] = [
  {
    operation: "listServices",
    call: (c) => c.listServices("acme", { status: "running", page: 2, per_page: 50 }),
    method: "GET",
    path: "/acme/services",
    query: { status: "running", page: "2", per_page: "50" },
    status: 200,
    endpoint: "GET /{namespace}/services",
  },
  {
    operation: "getService",
    call: (c) => c.getService("acme", service),
    method: "GET",
    path: `/acme/service/${service}`,
    status: 200,
    endpoint: "GET /{namespace}/service/{name}",
  },
  {
    operation: "getServiceLogs",
    call: (c) => c.getServiceLogs("acme", service, { tail: 50, since: "2026-03-18T12:00:00Z" }),
    method: "GET",
    path: `/acme/service/${service}/logs`,
    query: { tail: "50", since: "2026-03-18T12:00:00Z" },
    status: 200,
    endpoint: "GET /{namespace}/service/{name}/logs",
  },
  {
    operation: "getServiceAnalytics",
    call: (c) => c.getServiceAnalytics("acme", service),
    method: "GET",
    path: `/acme/service/${service}/analytics`,
    status: 200,
    endpoint: "GET /{namespace}/service/{name}/analytics",
  },
  {
    operation: "createService",
    call: (c) => c.createService("acme", createServiceBody),
    method: "POST",
    path: "/auth/v1/seed/acme/services",
    body: createServiceBody,
    status: 201,
    endpoint: "POST /auth/v1/seed/{namespace}/services",
  },
  {
    operation: "updateService",
    call: (c) =>
      c.updateService("acme", service, {
        min_replicas: 4,
        max_replicas: 16,
        target_gpu_utilization: 60,
      }),
    method: "PUT",
    path: `/auth/v1/seed/acme/services/${service}`,
    body: { min_replicas: 4, max_replicas: 16, target_gpu_utilization: 60 },
    status: 200,
    endpoint: "PUT /auth/v1/seed/{namespace}/services/{name}",
  },
  {
    operation: "redeployService",
    call: (c) => c.redeployService("acme", service),
    method: "POST",
    path: `/auth/v1/seed/acme/services/${service}/redeploy`,
    status: 200,
    endpoint: "POST /auth/v1/seed/{namespace}/services/{name}/redeploy",
  },
  {
    operation: "deleteService",
    call: (c) => c.deleteService("acme", service, { force: true }),
    method: "DELETE",
    path: `/auth/v1/seed/acme/services/${service}`,
    query: { force: "true" },
    status: 204,
  },
  {
    operation: "listJobs",
    call: (c) => c.listJobs("acme", { status: "running", sort: "name", order: "asc" }),
    method: "GET",
    path: "/acme/jobs",
    query: { status: "running", sort: "name", order: "asc" },
    status: 200,
    endpoint: "GET /{namespace}/jobs",
  },
  {
    operation: "getJob",
    call: (c) => c.getJob("acme", job),
    method: "GET",
    path: `/acme/job/${job}`,
    status: 200,
    endpoint: "GET /{namespace}/job/{name}",
  },
  {
    operation: "getJobLogs",
    call: (c) => c.getJobLogs("acme", job, { tail: 50 }),
    method: "GET",
    path: `/acme/job/${job}/logs`,
    query: { tail: "50" },
    status: 200,
    endpoint: "GET /{namespace}/job/{name}/logs",
  },
  {
    operation: "getJobAnalytics",
    call: (c) => c.getJobAnalytics("acme", job),
    method: "GET",
    path: `/acme/job/${job}/analytics`,
    status: 200,
    endpoint: "GET /{namespace}/job/{name}/analytics",
  },
  {
    operation: "createJob",
    call: (c) => c.createJob("acme", createJobBody),
    method: "POST",
    path: "/auth/v1/seed/acme/jobs",
    body: createJobBody,
    status: 201,
    endpoint: "POST /auth/v1/seed/{namespace}/jobs",
  },
  {
    operation: "cancelJob",
    call: (c) => c.cancelJob("acme", job),
    method: "POST",
    path: `/auth/v1/seed/acme/jobs/${job}/cancel`,
    status: 200,
    endpoint: "POST /auth/v1/seed/{namespace}/jobs/{name}/cancel",
  },
  {
    operation: "deleteJob",
    call: (c) => c.deleteJob("acme", job, { deleteArtifacts: true }),
    method: "DELETE",
    path: `/auth/v1/seed/acme/jobs/${job}`,
    query: { delete_artifacts: "true" },
    status: 204,
  },
];
