import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import {
  descriptionPath,
  matchOperation,
  operations,
  validateRequestBody,
  validateResponse,
  validateSchema,
} from "../../src/outpost/description.ts";
import { seedExamples, seedPagePath, seedPages } from "../support/seed-examples.ts";

const examples = seedExamples();

test("the description is a valid OpenAPI 3.1 document", async () => {
  const validator = new Validator();
  const result = await validator.validate(readFileSync(descriptionPath, "utf8"));
  assert.deepEqual(result.errors, undefined);
  assert.equal(result.valid, true);
  assert.equal(validator.version, "3.1");
});

test("the fixture copies of the seed pages match shared/outpost-api", () => {
  for (const page of seedPages) {
    const shared = new URL(`../../../shared/outpost-api/${page}.txt`, import.meta.url);
    if (!existsSync(shared)) continue;
    assert.equal(readFileSync(seedPagePath(page), "utf8"), readFileSync(shared, "utf8"), page);
  }
});

test("every endpoint of both seed pages is an operation of the description", () => {
  const headings = new Set(examples.responses.map((r) => r.endpoint));
  const documented = [
    "GET /{namespace}/services",
    "GET /{namespace}/service/{name}",
    "GET /{namespace}/service/{name}/logs",
    "GET /{namespace}/service/{name}/analytics",
    "POST /auth/v1/seed/{namespace}/services",
    "PUT /auth/v1/seed/{namespace}/services/{name}",
    "POST /auth/v1/seed/{namespace}/services/{name}/redeploy",
    "DELETE /auth/v1/seed/{namespace}/services/{name}",
    "GET /{namespace}/jobs",
    "GET /{namespace}/job/{name}",
    "GET /{namespace}/job/{name}/logs",
    "GET /{namespace}/job/{name}/analytics",
    "POST /auth/v1/seed/{namespace}/jobs",
    "POST /auth/v1/seed/{namespace}/jobs/{name}/cancel",
    "DELETE /auth/v1/seed/{namespace}/jobs/{name}",
  ];
  for (const endpoint of headings)
    assert.ok(endpoint && documented.includes(endpoint), `${endpoint}`);
  assert.deepEqual(
    operations.map((op) => `${op.method.toUpperCase()} ${op.path}`).sort(),
    [...documented].sort(),
  );
});

test("every example request of the seed pages matches an operation and its body validates", () => {
  assert.ok(examples.requests.length >= 17, `found ${examples.requests.length} curl examples`);
  for (const request of examples.requests) {
    const match = matchOperation(request.method, request.path);
    assert.ok(match.operation, `${request.method} ${request.path} matches no operation`);
    if (request.body !== undefined) {
      assert.deepEqual(
        validateRequestBody(match.operation, request.body),
        [],
        `${match.operation.operationId} body`,
      );
    }
  }
});

test("every example response of the seed pages validates against its operation", () => {
  assert.ok(examples.responses.length === 13, `found ${examples.responses.length} responses`);
  for (const response of examples.responses) {
    const [method, path] = (response.endpoint ?? "").split(" ");
    const op = operations.find((o) => o.method === method?.toLowerCase() && o.path === path);
    assert.ok(op, `${response.endpoint}`);
    assert.deepEqual(
      validateResponse(op, response.status, response.body),
      [],
      `${response.endpoint}`,
    );
  }
});

test("the documented error bodies validate as Error", () => {
  assert.equal(examples.errorBodies.length, 2);
  for (const body of examples.errorBodies) assert.deepEqual(validateSchema("Error", body), []);
});

test("the schemas reject what the seed pages forbid", () => {
  const service = { name: "svc", image: "nginx", gpu: "L4" };
  const job = { name: "j", command: "true", image: "x", gpu: "L4" };
  const cases: [string, unknown][] = [
    ["CreateServiceRequest", { ...service, repo: "acme/x" }],
    ["CreateServiceRequest", { name: "svc", gpu: "L4" }],
    ["CreateServiceRequest", { ...service, cpu: 96 }],
    ["CreateServiceRequest", { ...service, gpu_count: 3 }],
    ["CreateServiceRequest", { ...service, target_gpu_utilization: 96 }],
    ["CreateServiceRequest", { ...service, gpu: "A100-80G" }],
    ["CreateServiceRequest", { ...service, name: "bad name" }],
    ["CreateServiceRequest", { ...service, unknown: 1 }],
    ["CreateJobRequest", { ...job, timeout_minutes: 10081 }],
    ["CreateJobRequest", { ...job, retries: 6 }],
    ["CreateJobRequest", { ...job, region: "mars-1" }],
    ["UpdateServiceRequest", { gpu: "L4" }],
  ];
  for (const [schema, value] of cases) {
    assert.notDeepEqual(validateSchema(schema, value), [], `${schema} ${JSON.stringify(value)}`);
  }
  assert.deepEqual(validateSchema("CreateJobRequest", { ...job, cpu: 96 }), []);
  assert.deepEqual(validateSchema("UpdateServiceRequest", { custom_domain: null }), []);
});
