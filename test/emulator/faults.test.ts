import assert from "node:assert/strict";
import { test } from "node:test";
import type { ApiErrorBody } from "../../src/outpost/types.ts";
import { llamaService, servicesPath, startApi, type Api } from "./harness.ts";

const list = (api: Api) => api.call("GET", "/acme/services");

test("latency is added to matching requests only", async (t) => {
  const api = await startApi(t, { faults: { latencyMs: 400, operations: ["listServices"] } });
  let started = performance.now();
  assert.equal((await list(api)).status, 200);
  assert.ok(performance.now() - started >= 390, "slow");
  started = performance.now();
  assert.equal((await api.call("GET", "/acme/jobs")).status, 200);
  assert.ok(performance.now() - started < 350, "other operations are not delayed");
});

test("a share of 500s with the documented error body", async (t) => {
  const api = await startApi(t);
  api.emulator.controls.faults.set({ errorRate: 1, operations: ["listServices"] });
  const failed = await list(api);
  assert.equal(failed.status, 500);
  const body = failed.body as ApiErrorBody;
  assert.equal(body.error.code, "internal_error");
  assert.equal(body.error.request_id, failed.headers.get("x-request-id"));
  assert.equal((await api.call("GET", "/acme/jobs")).status, 200);
  api.emulator.controls.faults.clear();
  assert.equal((await list(api)).status, 200);
  assert.equal(api.emulator.stats.snapshot().requests[0]?.fault, "error");
});

test("429 with Retry-After", async (t) => {
  const api = await startApi(t, { faults: { rateLimitRate: 1, retryAfterSeconds: 3 } });
  const limited = await list(api);
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "3");
  assert.equal((limited.body as ApiErrorBody).error.code, "rate_limited");
});

test("409 only where the description lists it; one-shot faults hit exactly the next requests", async (t) => {
  const api = await startApi(t);
  // The seed pages say every endpoint may answer 409, and the description lists it on each.
  api.emulator.controls.faults.set({ conflictRate: 1 });
  assert.equal((await list(api)).status, 409, "listServices documents 409 too");
  api.emulator.controls.faults.clear();

  api.emulator.controls.faults.inject({ kind: "conflict", operation: "createService", times: 2 });
  assert.equal((await api.call("POST", servicesPath(), { body: llamaService })).status, 409);
  assert.equal((await api.call("POST", servicesPath(), { body: llamaService })).status, 409);
  assert.equal(
    (await api.call("GET", "/acme/service/llama-3-serving")).status,
    404,
    "nothing was created",
  );
  assert.equal((await api.call("POST", servicesPath(), { body: llamaService })).status, 201);

  api.emulator.controls.faults.inject({ kind: "rate_limit", retryAfterSeconds: 7 });
  const limited = await list(api);
  assert.deepEqual([limited.status, limited.headers.get("retry-after")], [429, "7"]);
  assert.equal((await list(api)).status, 200);
});

test("a connection dropped before the emulator acts: nothing happened", async (t) => {
  const api = await startApi(t);
  api.emulator.controls.faults.inject({ kind: "drop", operation: "createService" });
  await assert.rejects(api.call("POST", servicesPath(), { body: llamaService }), TypeError);
  assert.equal((await api.call("GET", "/acme/service/llama-3-serving")).status, 404);
  const dropped = api.emulator.stats.snapshot().requests[0];
  assert.deepEqual(
    [dropped?.operationId, dropped?.status, dropped?.fault],
    ["createService", "dropped", "drop"],
  );
});

test("a connection dropped after the emulator acted: the service exists, a blind retry conflicts", async (t) => {
  const api = await startApi(t);
  api.emulator.controls.faults.inject({ kind: "drop_after", operation: "createService" });
  await assert.rejects(api.call("POST", servicesPath(), { body: llamaService }), TypeError);
  const service = await api.call("GET", "/acme/service/llama-3-serving");
  assert.deepEqual([service.status, service.body["status"]], [200, "deploying"]);
  const retry = await api.call("POST", servicesPath(), { body: llamaService });
  assert.equal((retry.body as ApiErrorBody).error.code, "already_exists");
});

test("shares are drawn from a seed: the same seed gives the same run", async (t) => {
  const api = await startApi(t);
  const run = async (seed: number) => {
    api.emulator.controls.faults.set({ errorRate: 0.3, rateLimitRate: 0.2, seed });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await list(api)).status);
    return statuses;
  };
  const first = await run(7);
  assert.deepEqual(await run(7), first);
  assert.notDeepEqual(await run(8), first);
  const counts = (status: number) => first.filter((s) => s === status).length;
  assert.ok(counts(500) > 3 && counts(429) > 1 && counts(200) > 10, JSON.stringify(first));
});

test("invalid fault settings are refused", async (t) => {
  const api = await startApi(t);
  assert.throws(
    () => api.emulator.controls.faults.set({ errorRate: 0.7, dropRate: 0.5 }),
    /add up to more than 1/,
  );
  assert.throws(() => api.emulator.controls.faults.set({ errorRate: -1 }), /between 0 and 1/);
});
