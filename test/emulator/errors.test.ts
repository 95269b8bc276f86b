import assert from "node:assert/strict";
import { test } from "node:test";
import type { ApiErrorBody } from "../../src/outpost/types.ts";
import {
  embeddingService,
  finetuneJob,
  jobsPath,
  llamaService,
  servicesPath,
  startApi,
  type Answer,
} from "./harness.ts";

/** Asserts the documented error body, its request id (also in `x-request-id`) and the code. */
function assertError(answer: Answer, status: number, code: string, message?: RegExp): string {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  const body = answer.body as ApiErrorBody;
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.deepEqual(Object.keys(body.error).sort(), ["code", "message", "request_id"]);
  assert.equal(body.error.code, code);
  assert.equal(body.error.request_id, answer.headers.get("x-request-id"));
  if (message) assert.match(body.error.message, message);
  return body.error.message;
}

const secret = "sk_live_a1b2c3d4e5f6g7h8i9j0";

test("credentials: Bearer and API-Key, each limited to its namespaces (401, 403)", async (t) => {
  const api = await startApi(t, {
    credentials: [
      { token: "acme-token", namespaces: ["acme"] },
      { apiKey: `my-key$${secret}`, namespaces: ["acme", "beta"] },
    ],
  });
  assertError(
    await api.call("GET", "/acme/services", { auth: null }),
    401,
    "missing_credentials",
    /Missing credentials/,
  );
  for (const auth of [
    "Bearer nope",
    `API-Key my-key$wrong`,
    `API-Key ${secret}`,
    "Basic dXNlcjpwYXNz",
    "Bearer",
  ]) {
    const message = assertError(
      await api.call("GET", "/acme/services", { auth }),
      401,
      "invalid_credentials",
    );
    assert.equal(
      message.includes("nope") || message.includes(secret) || message.includes("wrong"),
      false,
    );
  }
  assert.equal(
    (await api.call("GET", "/acme/services", { auth: "Bearer acme-token" })).status,
    200,
  );
  assert.equal(
    (await api.call("GET", "/acme/services", { auth: "bearer acme-token" })).status,
    200,
  );
  assertError(
    await api.call("GET", "/globex/services", { auth: "Bearer acme-token" }),
    403,
    "forbidden",
    /namespace 'globex'/,
  );
  assert.equal(
    (await api.call("GET", "/beta/jobs", { auth: `API-Key my-key$${secret}` })).status,
    200,
  );
  assertError(
    await api.call("POST", jobsPath("globex"), {
      body: finetuneJob,
      auth: `API-Key my-key$${secret}`,
    }),
    403,
    "forbidden",
  );
  assert.equal(
    (await api.call("GET", "/globex/services")).status,
    200,
    "the dev token may use any namespace",
  );
  const records = JSON.stringify(api.emulator.stats.snapshot());
  assert.equal(
    records.includes(secret) || records.includes("acme-token"),
    false,
    "no credential in the stats",
  );
});

test("the dev token can be turned off", async (t) => {
  const api = await startApi(t, {
    devToken: false,
    credentials: [{ token: "only", namespaces: "*" }],
  });
  assertError(await api.call("GET", "/acme/services"), 401, "invalid_credentials");
  assert.equal((await api.call("GET", "/acme/services", { auth: "Bearer only" })).status, 200);
});

test("400: invalid JSON, missing or invalid bodies, bad query and path parameters", async (t) => {
  const api = await startApi(t);
  assertError(
    await api.call("POST", servicesPath(), { rawBody: "{not json" }),
    400,
    "invalid_request",
    /not valid JSON/,
  );
  assertError(await api.call("POST", servicesPath()), 400, "invalid_request", /body is required/);
  const { repo: _repo, ...noSource } = llamaService;
  assertError(
    await api.call("POST", servicesPath(), { body: noSource }),
    400,
    "invalid_request",
    /^Either 'repo' or 'image' must be provided\.$/,
  );
  assertError(
    await api.call("POST", jobsPath(), { body: { ...finetuneJob, image: "ghcr.io/x:1" } }),
    400,
    "invalid_request",
    /^Only one of 'repo' or 'image' may be provided\.$/,
  );
  const many = assertError(
    await api.call("POST", servicesPath(), {
      body: { ...llamaService, gpu: "V100", cpu: 12, colour: "red", name: "a b" },
    }),
    400,
    "invalid_request",
  );
  for (const part of ["'gpu'", "'cpu'", "colour", "'name'"])
    assert.ok(many.includes(part), `${part} in ${many}`);
  const both = assertError(
    await api.call("POST", jobsPath(), {
      body: { ...finetuneJob, retries: 6, timeout_minutes: 10081 },
    }),
    400,
    "invalid_request",
  );
  assert.match(both, /'retries' must be <= 5/);
  assert.match(both, /'timeout_minutes' must be <= 10080/);
  assertError(
    await api.call("PUT", `${servicesPath()}/llama-3-serving`, {
      body: { target_gpu_utilization: 5 },
    }),
    400,
    "invalid_request",
    /target_gpu_utilization/,
  );
  assertError(
    await api.call("GET", "/acme/services?per_page=101"),
    400,
    "invalid_request",
    /per_page/,
  );
  assertError(await api.call("GET", "/acme/jobs?page=0"), 400, "invalid_request", /page/);
  assertError(await api.call("GET", "/acme/jobs?sort=cost"), 400, "invalid_request", /sort/);
  assertError(await api.call("GET", "/acme/jobs?status=done"), 400, "invalid_request", /status/);
  assertError(await api.call("GET", "/acme/services?colour=red"), 400, "invalid_request", /colour/);
  assertError(await api.call("GET", "/acme/job/x/logs?tail=10001"), 400, "invalid_request", /tail/);
  assertError(
    await api.call("GET", "/acme/job/x/logs?since=yesterday"),
    400,
    "invalid_request",
    /since/,
  );
  assertError(
    await api.call("DELETE", `${jobsPath()}/x?delete_artifacts=maybe`),
    400,
    "invalid_request",
  );
  assertError(await api.call("GET", "/acme/service/bad%20name"), 400, "invalid_request", /name/);
});

test("404: unknown resources, routes and methods", async (t) => {
  const api = await startApi(t);
  assertError(await api.call("GET", "/acme/service/ghost"), 404, "not_found", /Service 'ghost'/);
  assertError(await api.call("GET", "/acme/job/ghost/logs"), 404, "not_found", /Job 'ghost'/);
  assertError(await api.call("POST", `${jobsPath()}/ghost/cancel`), 404, "not_found");
  assertError(await api.call("PUT", `${servicesPath()}/ghost`, { body: {} }), 404, "not_found");
  assertError(await api.call("GET", "/acme/deployments"), 404, "not_found", /No Outpost operation/);
  assertError(
    await api.call("PATCH", `${servicesPath()}/ghost`, { body: {} }),
    404,
    "not_found",
    /PATCH is not an operation/,
  );
});

test("409: names taken, updates while deploying, finished and unfinished jobs, streams of idle jobs", async (t) => {
  const api = await startApi(t);
  assert.equal((await api.call("POST", servicesPath(), { body: llamaService })).status, 201);
  assertError(
    await api.call("POST", servicesPath(), { body: llamaService }),
    409,
    "already_exists",
    /llama-3-serving/,
  );
  assertError(
    await api.call("PUT", `${servicesPath()}/llama-3-serving`, { body: { max_replicas: 9 } }),
    409,
    "service_deploying",
  );
  assertError(
    await api.call("POST", `${servicesPath()}/llama-3-serving/redeploy`),
    409,
    "service_deploying",
  );
  assert.equal((await api.call("POST", jobsPath(), { body: finetuneJob })).status, 201);
  assertError(await api.call("POST", jobsPath(), { body: finetuneJob }), 409, "already_exists");
  assertError(
    await api.call("DELETE", `${jobsPath()}/finetune-llama-3-r1`),
    409,
    "job_not_finished",
  );
  assertError(
    await api.call("GET", "/acme/job/finetune-llama-3-r1/logs?stream=true"),
    409,
    "job_not_running",
    /is queued/,
  );
  assert.equal((await api.call("POST", `${jobsPath()}/finetune-llama-3-r1/cancel`)).status, 200);
  assertError(
    await api.call("POST", `${jobsPath()}/finetune-llama-3-r1/cancel`),
    409,
    "job_finished",
  );
});

test("422: invalid combinations of valid fields", async (t) => {
  const api = await startApi(t);
  assertError(
    await api.call("POST", servicesPath(), { body: { ...llamaService, min_replicas: 9 } }),
    422,
    "invalid_combination",
    /min_replicas \(9\) must not be greater than max_replicas \(8\)/,
  );
  assertError(
    await api.call("POST", servicesPath(), {
      body: { ...embeddingService, min_replicas: 2, max_replicas: undefined },
    }),
    422,
    "invalid_combination",
    /max_replicas \(1\)/,
  );
  assertError(
    await api.call("POST", jobsPath(), { body: { ...finetuneJob, gpu: "none", gpu_count: 2 } }),
    422,
    "invalid_combination",
    /gpu_count/,
  );
  assertError(
    await api.call("POST", jobsPath(), { body: { ...finetuneJob, cpu: 8, memory_gb: 256 } }),
    422,
    "invalid_combination",
    /8 GB per vCPU/,
  );
  assertError(
    await api.call("POST", servicesPath(), { body: { ...embeddingService, branch: "main" } }),
    422,
    "invalid_combination",
    /'branch' applies only to 'repo'/,
  );
  await api.call("POST", servicesPath(), { body: llamaService });
  api.advance(300);
  assertError(
    await api.call("PUT", `${servicesPath()}/llama-3-serving`, { body: { max_replicas: 1 } }),
    422,
    "invalid_combination",
    /min_replicas \(2\) must not be greater than max_replicas \(1\)/,
  );
  assert.equal(
    (await api.call("GET", "/acme/service/llama-3-serving")).body["max_replicas"],
    8,
    "nothing changed",
  );
});
