/**
 * Contract: the client against the emulator over real HTTP, every operation and every error
 * status, each answer checked against the description. Client, emulator and description are
 * held together here; a change to one that the others do not follow fails.
 */
import { suite, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { OutpostClient } from "../../src/outpost/client.ts";
import {
  apiKeyCredentials,
  tokenCredentials,
  type Credentials,
} from "../../src/outpost/credentials.ts";
import { operation, validateResponse } from "../../src/outpost/description.ts";
import { OutpostApiError } from "../../src/outpost/errors.ts";
import type { RetryPolicy } from "../../src/outpost/retry-policy.ts";
import type { CreateJobRequest, CreateServiceRequest } from "../../src/outpost/types.ts";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.ts";

const service: CreateServiceRequest = {
  name: "llama-3-serving",
  repo: "acme/inference-engine",
  branch: "main",
  gpu: "A100-80GB",
  cpu: 16,
  memory_gb: 64,
  min_replicas: 2,
  max_replicas: 8,
  target_gpu_utilization: 65,
  port: 8080,
  health_check_path: "/v1/health",
  env: { MODEL_ID: "meta-llama/Meta-Llama-3.1-70B-Instruct" },
  region: "us-east-1",
};

const job: CreateJobRequest = {
  name: "finetune-llama-3-r1",
  command: "python train.py --epochs 3",
  repo: "acme/training-pipeline",
  gpu: "A100-80GB",
  gpu_count: 4,
  cpu: 64,
  memory_gb: 256,
  disk_gb: 500,
  timeout_minutes: 4320,
  retries: 1,
  output_path: "/workspace/output/checkpoints",
};

interface Harness {
  readonly emulator: Emulator;
  /** A client closed after the test, retrying fast. */
  client(credentials?: Credentials, retry?: Partial<RetryPolicy>): OutpostClient;
  /** Moves the emulator's manual clock forward. */
  advance(seconds: number): void;
}

async function harness(
  t: TestContext,
  options: Parameters<typeof startEmulator>[0] = {},
): Promise<Harness> {
  const emulator = await startEmulator({ manualClock: true, seed: 11, ...options });
  const clients: OutpostClient[] = [];
  t.after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await emulator.close();
    assert.deepEqual(emulator.drift, [], "the emulator's answers drifted from the description");
  });
  return {
    emulator,
    client(credentials = tokenCredentials("dev-token"), retry = {}) {
      const client = new OutpostClient({
        baseUrl: emulator.url,
        credentials,
        retry: { baseDelayMs: 1, maxDelayMs: 20, maxRetryAfterMs: 2_000, ...retry },
      });
      clients.push(client);
      return client;
    },
    advance: (seconds) => emulator.controls.advance(seconds * 1000),
  };
}

/** The client's parsed answer is what the description promises for that operation. */
function conforms(operationId: string, status: number, body: unknown): void {
  assert.deepEqual(validateResponse(operation(operationId), status, body), [], operationId);
}

async function apiError(promise: Promise<unknown>): Promise<OutpostApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(
      error instanceof OutpostApiError,
      `expected an OutpostApiError, got ${String(error)}`,
    );
    return error;
  }
  assert.fail("expected the call to fail");
}

suite("client ↔ emulator contract", { concurrency: true }, () => {
  test("every service operation, end to end", async (t) => {
    const h = await harness(t);
    const client = h.client();
    const created = await client.createService("acme", service);
    conforms("createService", 201, created);
    assert.equal(created.status, "deploying");
    h.advance(600);
    const got = await client.getService("acme", service.name);
    conforms("getService", 200, got);
    assert.equal(got.status, "running");
    assert.equal("env" in got, false, "env is never returned");
    const list = await client.listServices("acme", { status: "running" });
    conforms("listServices", 200, list);
    assert.deepEqual(
      list.data.map((s) => s.name),
      [service.name],
    );
    const all = [];
    for await (const s of client.services("acme")) all.push(s.name);
    assert.deepEqual(all, [service.name]);
    const logs = await client.getServiceLogs("acme", service.name, { tail: 5 });
    conforms("getServiceLogs", 200, logs);
    assert.ok(logs.lines.length > 0 && logs.lines.length <= 5);
    conforms("getServiceAnalytics", 200, await client.getServiceAnalytics("acme", service.name));
    const updated = await client.updateService("acme", service.name, {
      min_replicas: 4,
      max_replicas: 16,
    });
    conforms("updateService", 200, updated);
    assert.equal(updated.min_replicas, 4);
    h.advance(600);
    const redeployed = await client.redeployService("acme", service.name);
    conforms("redeployService", 200, redeployed);
    assert.equal(redeployed.status, "deploying");
    await client.deleteService("acme", service.name, { force: true });
    assert.equal(await client.findService("acme", service.name), undefined);
  });

  test("every job operation, end to end, with API-Key credentials", async (t) => {
    const h = await harness(t, {
      credentials: [{ apiKey: "ci-key$sk_live_contract", namespaces: ["acme"] }],
    });
    const client = h.client(apiKeyCredentials("ci-key$sk_live_contract"));
    const created = await client.createJob("acme", job);
    conforms("createJob", 201, created);
    assert.equal(created.status, "queued");
    h.advance(3600);
    const running = await client.getJob("acme", job.name);
    conforms("getJob", 200, running);
    assert.equal(running.status, "running");
    assert.match(running.progress ?? "", /^Epoch \d+\/3 - Step \d+\/\d+$/);
    const list = await client.listJobs("acme", { status: "running", sort: "name", order: "asc" });
    conforms("listJobs", 200, list);
    const logs = await client.getJobLogs("acme", job.name, { tail: 3 });
    conforms("getJobLogs", 200, logs);
    assert.match(logs.lines.at(-1)?.message ?? "", /Loss: \d/);
    conforms("getJobAnalytics", 200, await client.getJobAnalytics("acme", job.name));
    const deleting = await apiError(client.deleteJob("acme", job.name));
    assert.equal(deleting.status, 409, "a running job cannot be deleted");
    const cancelled = await client.cancelJob("acme", job.name);
    conforms("cancelJob", 200, cancelled);
    assert.equal(cancelled.status, "cancelled");
    await client.deleteJob("acme", job.name, { deleteArtifacts: true });
    assert.equal(await client.findJob("acme", job.name), undefined);
  });

  test("following a running job's log over SSE to its end", async (t) => {
    const h = await harness(t, { manualClock: false, timeScale: 20_000 });
    const client = h.client();
    await client.createJob("acme", {
      ...job,
      name: "short",
      command: "python train.py --epochs 1",
    });
    h.emulator.controls.script.job("short", { durationSeconds: 600, queueSeconds: 1 });
    const lines: string[] = [];
    const stream = client.followJobLogs("acme", "short");
    let next = await stream.next();
    while (!next.done) {
      lines.push(next.value.message);
      next = await stream.next();
    }
    assert.equal(next.value, "succeeded");
    assert.ok(lines.some((l) => /Loss:/.test(l)));
    assert.equal(new Set(lines).size, lines.length, "no line twice");
  });

  test("every documented error status arrives as a typed error with the API's code and request id", async (t) => {
    const h = await harness(t, { credentials: [{ token: "team-b", namespaces: ["team-b"] }] });
    const client = h.client();
    const cases: [number, () => Promise<unknown>][] = [
      [400, () => client.listJobs("acme", { per_page: 101 })],
      [401, () => h.client(tokenCredentials("wrong-token")).listServices("acme")],
      [403, () => h.client(tokenCredentials("team-b")).listServices("acme")],
      [404, () => client.getService("acme", "missing")],
      [
        422,
        () =>
          client.createService("acme", {
            ...service,
            name: "bad",
            min_replicas: 9,
            max_replicas: 2,
          }),
      ],
    ];
    for (const [status, call] of cases) {
      const error = await apiError(call());
      assert.equal(error.status, status);
      assert.match(error.requestId ?? "", /^req_[0-9a-f]{12}$/, `request id of ${status}`);
      assert.ok(error.apiCode && error.apiMessage, `code and message of ${status}`);
      assert.doesNotMatch(
        `${error.message} ${JSON.stringify(error)}`,
        /dev-token|wrong-token|team-b"/,
      );
    }
    await client.createService("acme", service);
    const conflict = await apiError(client.createService("acme", service));
    assert.equal(conflict.status, 409);
    h.emulator.controls.faults.inject({ kind: "rate_limit", times: 10, retryAfterSeconds: 0 });
    const limited = await apiError(
      h.client(tokenCredentials("dev-token"), { maxAttempts: 1 }).listServices("acme"),
    );
    assert.equal(limited.status, 429);
    assert.equal(limited.retryAfterSeconds, 0);
  });

  test("the client rides out 5xx, 429 with Retry-After and dropped connections without duplicating a create", async (t) => {
    const h = await harness(t, {
      faults: {
        errorRate: 0.15,
        rateLimitRate: 0.1,
        retryAfterSeconds: 0,
        dropRate: 0.1,
        dropAfterRate: 0.15,
        seed: 3,
      },
    });
    const client = h.client();
    const names = Array.from({ length: 12 }, (_, i) => `svc-${i}`);
    for (const name of names) await client.createService("acme", { ...service, name });
    for (const name of names) await client.createJob("acme", { ...job, name: `run-${name}` });
    const { requests } = h.emulator.stats.snapshot();
    const faults = new Set(requests.map((r) => r.fault).filter(Boolean));
    assert.deepEqual(
      [...faults].sort(),
      ["drop", "drop_after", "error", "rate_limit"],
      "every fault kind was hit",
    );
    for (const op of ["createService", "createJob"]) {
      const applied = requests.filter(
        (r) => r.operationId === op && (r.status === 201 || r.fault === "drop_after"),
      );
      assert.equal(applied.length, 12, `${op}: each create acted on exactly once`);
    }
    h.emulator.controls.faults.clear();
    const inspection = h.emulator.controls.inspect();
    assert.equal(inspection.services.length, 12);
    assert.equal(inspection.jobs.length, 12);
  });
});
