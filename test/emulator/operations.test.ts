import assert from "node:assert/strict";
import { test } from "node:test";
import { operations } from "../../src/outpost/description.ts";
import {
  embeddingService,
  embeddingsJob,
  finetuneJob,
  jobsPath,
  llamaService,
  servicesPath,
  startApi,
} from "./harness.ts";

test("every operation of the description answers its success status over HTTP", async (t) => {
  const api = await startApi(t);
  const expect = async (method: string, path: string, status: number, body?: unknown) => {
    const answer = await api.call(method, path, body === undefined ? {} : { body });
    assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.body)}`);
  };
  await expect("POST", servicesPath(), 201, llamaService);
  await expect("POST", servicesPath(), 201, embeddingService);
  await expect("POST", jobsPath(), 201, finetuneJob);
  await expect("POST", jobsPath(), 201, embeddingsJob);
  api.advance(600);
  await expect("GET", "/acme/services", 200);
  await expect("GET", "/acme/service/llama-3-serving", 200);
  await expect("GET", "/acme/service/llama-3-serving/logs?tail=50", 200);
  await expect("GET", "/acme/service/llama-3-serving/analytics", 200);
  await expect("PUT", `${servicesPath()}/llama-3-serving`, 200, {
    min_replicas: 4,
    max_replicas: 16,
    target_gpu_utilization: 60,
  });
  await expect("POST", `${servicesPath()}/embedding-api/redeploy`, 200);
  await expect("GET", "/acme/jobs?status=running", 200);
  await expect("GET", "/acme/job/finetune-llama-3-r1", 200);
  await expect("GET", "/acme/job/finetune-llama-3-r1/logs?tail=50", 200);
  await expect("GET", "/acme/job/finetune-llama-3-r1/analytics", 200);
  await expect("POST", `${jobsPath()}/finetune-llama-3-r1/cancel`, 200);
  await expect("DELETE", `${jobsPath()}/finetune-llama-3-r1?delete_artifacts=true`, 204);
  await expect("DELETE", `${servicesPath()}/llama-3-serving`, 204);

  // The stream is covered in lists-and-logs.test.ts; here it only has to open.
  const stream = await fetch(`${api.emulator.url}/acme/job/batch-embeddings/logs?stream=true`, {
    headers: { authorization: "Bearer dev-token" },
  });
  assert.equal(stream.status, 200);
  await stream.body?.cancel();

  const called = api.emulator.stats.snapshot().requests;
  for (const op of operations) {
    const success = op.statuses.find((status) => status < 300);
    assert.ok(
      called.some((r) => r.operationId === op.operationId && r.status === success),
      `${op.operationId} was not called with ${success}`,
    );
  }
  assert.equal(operations.length, 15);
});
