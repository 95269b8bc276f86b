import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import type { Job, Service } from "../../src/outpost/types.ts";
import {
  finetuneJob,
  jobsPath,
  llamaService,
  servicesPath,
  startApi,
  type Api,
} from "./harness.ts";

/** Calls the control surface (no credentials) and returns status and JSON. */
async function control(api: Api, method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.emulator.url}/_emulator${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (performance.now() > deadline)
      assert.fail(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await delay(10);
  }
}

test("time scale: a six-hour job finishes in well under a second of real time", async (t) => {
  const api = await startApi(t, { manualClock: false, timeScale: 100_000 });
  const started = performance.now();
  await api.call("POST", jobsPath(), { body: finetuneJob });
  const job = await until(
    "the job to succeed",
    () => api.call<Job>("GET", "/acme/job/finetune-llama-3-r1").then((a) => a.body),
    (body) => body.status === "succeeded",
  );
  assert.equal(job.runtime_seconds, 21600);
  assert.ok(performance.now() - started < 5_000);
  const state = await control(api, "GET", "/");
  assert.equal(state.body["timeScale"], 100_000);
  assert.ok(Date.parse(String(state.body["now"])) > Date.parse("2026-03-18T16:01:15Z"));

  // Slowed down to real time, nothing visible moves between two requests.
  const slowed = await control(api, "POST", "/clock", { timeScale: 1 });
  assert.equal(slowed.body["timeScale"], 1);
  await api.call("POST", servicesPath(), { body: llamaService });
  await delay(50);
  const service = await api.call<Service>("GET", "/acme/service/llama-3-serving");
  assert.equal(service.body.status, "deploying");
});

test("the HTTP control surface: clock, scripts, faults, commits, resources, stats, reset", async (t) => {
  const api = await startApi(t);
  const before = await control(api, "GET", "/");
  assert.deepEqual(before.body, { now: "2026-03-18T10:00:00Z", timeScale: 0 });

  assert.equal(
    (await control(api, "POST", "/scripts/jobs", { pattern: "ft-*", failAtStep: 10 })).status,
    200,
  );
  assert.equal(
    (await control(api, "POST", "/scripts/services", { pattern: "svc", degrade: 1 })).status,
    200,
  );
  const scripted = await control(api, "POST", "/scripts/jobs", { pattern: "x", failAtStepp: 10 });
  assert.deepEqual(
    [scripted.status, (scripted.body["error"] as { code: string }).code],
    [400, "invalid_control"],
  );
  const negative = await control(api, "POST", "/scripts/jobs", {
    pattern: "x",
    durationSeconds: -1,
  });
  assert.deepEqual(
    [negative.status, (negative.body["error"] as { code: string }).code],
    [400, "invalid_script"],
  );

  await api.call("POST", jobsPath(), { body: { ...finetuneJob, name: "ft-1" } });
  await api.call("POST", servicesPath(), { body: { ...llamaService, name: "svc" } });
  const moved = await control(api, "POST", "/clock", { advanceMs: 3_600_000 });
  assert.equal(moved.body["now"], "2026-03-18T11:00:00Z");
  assert.equal((await api.call<Job>("GET", "/acme/job/ft-1")).body.status, "failed");
  assert.equal((await api.call<Service>("GET", "/acme/service/svc")).body.status, "degraded");
  assert.equal((await control(api, "DELETE", "/scripts")).status, 200);
  assert.equal((await api.call<Service>("GET", "/acme/service/svc")).body.status, "running");

  const sha = "0123456789abcdef0123456789abcdef01234567";
  assert.deepEqual(
    (await control(api, "POST", "/commits", { repo: "acme/inference-engine", sha })).body,
    { sha },
  );
  const redeploy = await api.call("POST", `${servicesPath()}/svc/redeploy`);
  assert.equal(redeploy.body["commit_sha"], sha);

  const resources = await control(api, "GET", "/resources");
  const text = JSON.stringify(resources.body);
  assert.ok(text.includes('"envKeys":["MAX_BATCH_SIZE","MODEL_ID","QUANTIZATION"]'), text);
  assert.equal(
    text.includes("hf_xyz789") || text.includes("awq"),
    false,
    "no env values over HTTP",
  );

  assert.equal(
    (await control(api, "PUT", "/faults", { errorRate: 1, operations: ["getJob"] })).status,
    200,
  );
  assert.equal((await api.call("GET", "/acme/job/ft-1")).status, 500);
  assert.equal(
    (await control(api, "POST", "/faults/inject", { kind: "drop", operation: "listJobs" })).status,
    200,
  );
  await assert.rejects(api.call("GET", "/acme/jobs"));
  assert.equal((await control(api, "PUT", "/faults", { errorRate: 2 })).status, 400);
  assert.equal((await control(api, "DELETE", "/faults")).status, 200);
  assert.equal((await api.call("GET", "/acme/job/ft-1")).status, 200);

  const stats = (await control(api, "GET", "/stats")).body as {
    total: number;
    writes: number;
    byOperation: Record<string, number>;
    byMethod: Record<string, number>;
    requests: { method: string; path: string; status: number | string }[];
  };
  assert.equal(stats.byOperation["getJob"], 3);
  assert.equal(stats.writes, 3, "createJob, createService, redeployService");
  assert.equal(stats.byMethod["POST"], 3);
  assert.ok(stats.requests.some((r) => r.path === "/acme/jobs" && r.status === "dropped"));
  assert.equal(JSON.stringify(stats).includes("dev-token"), false);
  assert.equal(api.emulator.stats.count("getJob"), 3);

  assert.equal((await control(api, "POST", "/reset")).status, 200);
  assert.equal((await api.call("GET", "/acme/job/ft-1")).status, 404);
  assert.equal(api.emulator.stats.count("getJob"), 1, "counting starts again");
  assert.equal((await control(api, "GET", "/nothing")).status, 404);
});
