import assert from "node:assert/strict";
import { test } from "node:test";
import type { Service, ServiceAnalytics, ServiceChange, Logs } from "../../src/outpost/types.ts";
import { embeddingService, llamaService, servicesPath, startApi, type Api } from "./harness.ts";

const getService = (api: Api, name = "llama-3-serving") =>
  api.call<Service>("GET", `/acme/service/${name}`).then((answer) => answer.body);

async function runningLlama(api: Api, overrides: Record<string, unknown> = {}): Promise<Service> {
  const created = await api.call<Service>("POST", servicesPath(), {
    body: { ...llamaService, ...overrides },
  });
  assert.equal(created.status, 201);
  api.advance(300);
  return getService(api, created.body.name);
}

test("a created service deploys, then runs with its minimum of ready replicas", async (t) => {
  const api = await startApi(t);
  const created = await api.call<Service>("POST", servicesPath(), { body: llamaService });
  assert.equal(created.status, 201);
  assert.match(created.body.id, /^svc_[0-9a-f]{12}$/);
  assert.match(created.headers.get("x-request-id") ?? "", /^req_[0-9a-f]{12}$/);
  // The full answer is compared with the seed page's in seed-examples.test.ts.
  assert.deepEqual(
    [created.body.status, created.body.current_replicas, created.body.ready_replicas],
    ["deploying", 0, 0],
  );
  assert.match(created.body.commit_sha ?? "", /^[0-9a-f]{40}$/);

  api.advance(60); // built: both replicas start
  let service = await getService(api);
  assert.deepEqual(
    [service.status, service.current_replicas, service.ready_replicas],
    ["deploying", 2, 0],
  );
  assert.equal(service.metrics, undefined, "no metrics before a replica has served");

  api.advance(30); // the first replica passes its health check
  service = await getService(api);
  assert.deepEqual(
    [service.status, service.current_replicas, service.ready_replicas],
    ["deploying", 2, 1],
  );

  api.advance(10);
  service = await getService(api);
  assert.deepEqual(
    [service.status, service.current_replicas, service.ready_replicas],
    ["running", 2, 2],
  );
  assert.ok(service.metrics && service.metrics.requests_per_second > 0);
  assert.equal("env" in service, false, "env is never returned");

  const logs = await api.call<Logs>("GET", "/acme/service/llama-3-serving/logs");
  const messages = logs.body.lines.map((line) => line.message);
  assert.ok(messages.includes("Service started successfully"), messages.join("\n"));
  assert.equal(messages.at(-1), "Service started successfully");
});

test("changing min and max scales at once and the autoscaler follows traffic step by step", async (t) => {
  const api = await startApi(t);
  await runningLlama(api);

  const up = await api.call<ServiceChange>("PUT", `${servicesPath()}/llama-3-serving`, {
    body: { min_replicas: 4, max_replicas: 16, target_gpu_utilization: 60 },
  });
  assert.equal(up.status, 200);
  assert.deepEqual(
    [up.body.status, up.body.current_replicas, up.body.ready_replicas, up.body.message],
    ["running", 4, 2, "Scaling up to meet new minimum replica count."],
  );
  api.advance(60);
  let service = await getService(api);
  assert.deepEqual(
    [service.current_replicas, service.ready_replicas, service.target_gpu_utilization],
    [4, 4, 60],
  );

  const down = await api.call<ServiceChange>("PUT", `${servicesPath()}/llama-3-serving`, {
    body: { min_replicas: 1, max_replicas: 3 },
  });
  assert.equal(down.body.message, "Scaling down to meet new maximum replica count.");
  assert.equal(down.body.current_replicas, 3);

  // Traffic that needs six replicas: the autoscaler stays at the maximum of 3 ...
  api.emulator.controls.script.service("llama-3-serving", { load: 6 });
  api.advance(120);
  assert.equal((await getService(api)).current_replicas, 3);
  // ... and climbs one replica per 15-second step once the maximum allows it.
  await api.call("PUT", `${servicesPath()}/llama-3-serving`, { body: { max_replicas: 8 } });
  const counts: number[] = [];
  for (let i = 0; i < 6; i++) {
    api.advance(15);
    counts.push((await getService(api)).current_replicas);
  }
  assert.deepEqual(counts, [4, 5, 6, 6, 6, 6]);
  api.advance(60);
  service = await getService(api);
  assert.deepEqual([service.status, service.ready_replicas], ["running", 6]);
  assert.ok(service.metrics && service.metrics.gpu_utilization_percent > 40);
});

test("a scale-to-zero service runs with zero replicas when idle", async (t) => {
  const apiKey = "my-key$sk_live_a1b2c3d4e5f6g7h8i9j0";
  const api = await startApi(t, { credentials: [{ apiKey, namespaces: ["acme"] }] });
  const created = await api.call<Service>("POST", servicesPath(), {
    body: embeddingService,
    auth: `API-Key ${apiKey}`,
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.image, "ghcr.io/acme/embedding-server:v2.1.0");
  assert.equal(created.body.cost_per_hour_per_replica, "0.80");
  assert.equal(created.body.health_check_path, "/health", "the documented default");
  for (const key of ["repo", "branch", "commit_sha"]) assert.equal(key in created.body, false, key);

  api.advance(90); // one replica proves the image healthy ...
  let service = await getService(api, "embedding-api");
  assert.deepEqual([service.status, service.ready_replicas], ["running", 1]);
  api.advance(15); // ... then the idle service scales to zero
  service = await getService(api, "embedding-api");
  assert.deepEqual(
    [service.status, service.current_replicas, service.ready_replicas],
    ["running", 0, 0],
  );
  const analytics = await api.call<ServiceAnalytics>(
    "GET",
    "/acme/service/embedding-api/analytics",
  );
  assert.deepEqual([analytics.body.requests_per_second, analytics.body.current_replicas], [0, 0]);

  // Traffic arrives: it scales up again.
  api.emulator.controls.script.service("embedding-api", { load: 2 });
  api.advance(60);
  service = await getService(api, "embedding-api");
  assert.deepEqual([service.current_replicas, service.ready_replicas], [2, 2]);
});

test("an env change rolls the replicas while the old ones keep serving; env is never returned", async (t) => {
  const api = await startApi(t);
  const before = await runningLlama(api);
  const newEnv = {
    MODEL_ID: "meta-llama/Meta-Llama-3.1-70B-Instruct",
    MAX_BATCH_SIZE: "64",
    QUANTIZATION: "gptq",
  };
  const put = await api.call<ServiceChange>("PUT", `${servicesPath()}/llama-3-serving`, {
    body: { env: newEnv },
  });
  assert.equal(put.status, 200);
  assert.equal(put.body.status, "deploying");
  assert.equal(
    put.body.message,
    "Rolling redeployment initiated. Previous replicas will serve traffic until new ones are ready.",
  );
  assert.equal("env" in put.body, false);

  const again = await api.call("PUT", `${servicesPath()}/llama-3-serving`, {
    body: { min_replicas: 3 },
  });
  assert.equal(again.status, 409);
  assert.deepEqual(Object.keys(again.body), ["error"]);
  assert.equal((again.body["error"] as { code: string }).code, "service_deploying");
  const redeploy = await api.call("POST", `${servicesPath()}/llama-3-serving/redeploy`);
  assert.equal(redeploy.status, 409);

  const seen: [string, number, number][] = [];
  for (let s = 0; s < 200; s += 5) {
    api.advance(5);
    const service = await getService(api);
    seen.push([service.status, service.current_replicas, service.ready_replicas]);
  }
  const rolling = seen.filter(([status]) => status === "deploying");
  assert.ok(rolling.length > 10, "the rollout takes a while");
  assert.ok(
    rolling.every(([, , ready]) => ready >= 2),
    `ready replicas dropped: ${JSON.stringify(rolling)}`,
  );
  assert.ok(
    rolling.some(([, current]) => current === 3),
    "a surge replica boots next to the old ones",
  );
  assert.deepEqual(seen.at(-1), ["running", 2, 2]);

  const after = await getService(api);
  assert.equal(after.commit_sha, before.commit_sha, "same commit, new environment");
  assert.equal("env" in after, false);
  const inspected = api.emulator.controls
    .inspect()
    .services.find((s) => s.name === "llama-3-serving");
  assert.deepEqual(inspected?.env, newEnv);
  const logs = await api.call<Logs>("GET", "/acme/service/llama-3-serving/logs?tail=1");
  assert.equal(logs.body.lines[0]?.message, "Rolling redeployment complete: 2 replica(s) serving.");
  assert.equal(logs.body.has_more, true);
});

test("a branch change redeploys its head; redeploy picks up pushed commits", async (t) => {
  const api = await startApi(t);
  const before = await runningLlama(api);
  const branchHead = api.emulator.controls.pushCommit("acme/inference-engine", "release");
  const put = await api.call<ServiceChange>("PUT", `${servicesPath()}/llama-3-serving`, {
    body: { branch: "release" },
  });
  assert.deepEqual(
    [put.body.status, put.body.branch, put.body.commit_sha],
    ["deploying", "release", branchHead],
  );
  api.advance(300);
  const service = await getService(api);
  assert.deepEqual(
    [service.status, service.branch, service.commit_sha],
    ["running", "release", branchHead],
  );
  assert.notEqual(service.commit_sha, before.commit_sha);

  const same = await api.call<ServiceChange>("POST", `${servicesPath()}/llama-3-serving/redeploy`);
  assert.equal(same.status, 200);
  assert.deepEqual([same.body.status, same.body.commit_sha], ["deploying", branchHead]);
  api.advance(300);
  const pushed = api.emulator.controls.pushCommit("acme/inference-engine", "release");
  const next = await api.call<ServiceChange>("POST", `${servicesPath()}/llama-3-serving/redeploy`);
  assert.equal(next.body.commit_sha, pushed);
});

test("custom_domain is set by a PUT and removed by null", async (t) => {
  const api = await startApi(t);
  await runningLlama(api);
  const set = await api.call<ServiceChange>("PUT", `${servicesPath()}/llama-3-serving`, {
    body: { custom_domain: "llama.acme.com" },
  });
  assert.equal(set.body.custom_domain, "llama.acme.com");
  assert.equal((await getService(api)).custom_domain, "llama.acme.com");
  assert.equal((await getService(api)).status, "running", "no redeploy for a domain");
  const removed = await api.call<ServiceChange>("PUT", `${servicesPath()}/llama-3-serving`, {
    body: { custom_domain: null },
  });
  assert.equal(removed.body.custom_domain, null);
  assert.equal((await getService(api)).custom_domain, null);
});

test("scripted failures: a deployment fails its health check; a running service fails at once", async (t) => {
  const api = await startApi(t);
  api.emulator.controls.script.service("broken-*", { fail: "CUDA driver version is insufficient" });
  await api.call("POST", servicesPath(), { body: { ...llamaService, name: "broken-llama" } });
  api.advance(89);
  assert.equal((await getService(api, "broken-llama")).status, "deploying");
  api.advance(1);
  const failed = await getService(api, "broken-llama");
  assert.deepEqual([failed.status, failed.ready_replicas], ["failed", 0]);
  const logs = await api.call<Logs>("GET", "/acme/service/broken-llama/logs");
  assert.equal(
    logs.body.lines.at(-1)?.message,
    "Deployment failed: CUDA driver version is insufficient.",
  );

  // Fixed: the next redeploy succeeds.
  api.emulator.controls.script.service("broken-*", {});
  await api.call("POST", `${servicesPath()}/broken-llama/redeploy`);
  api.advance(300);
  assert.equal((await getService(api, "broken-llama")).status, "running");

  await runningLlama(api);
  api.emulator.controls.script.service("llama-3-serving", { fail: true });
  const crashed = await getService(api);
  assert.deepEqual(
    [crashed.status, crashed.current_replicas, crashed.ready_replicas],
    ["failed", 2, 0],
  );
  const crashLog = await api.call<Logs>("GET", "/acme/service/llama-3-serving/logs?tail=1");
  assert.equal(
    crashLog.body.lines[0]?.message,
    "Health checks failing on every replica: health check GET /v1/health on port 8080 returned 503.",
  );
});

test("a scripted degradation leaves some replicas unready until it is cleared", async (t) => {
  const api = await startApi(t);
  await runningLlama(api, { min_replicas: 3 });
  api.emulator.controls.script.service("llama-3-serving", { degrade: true });
  const degraded = await getService(api);
  assert.deepEqual(
    [degraded.status, degraded.current_replicas, degraded.ready_replicas],
    ["degraded", 3, 2],
  );
  assert.ok((degraded.metrics?.error_rate_percent ?? 0) >= 1, "errors rise while degraded");
  const list = await api.call<{ data: Service[] }>("GET", "/acme/services?status=degraded");
  assert.deepEqual(
    list.body.data.map((s) => s.name),
    ["llama-3-serving"],
  );
  api.emulator.controls.script.clear();
  const healed = await getService(api);
  assert.deepEqual([healed.status, healed.ready_replicas], ["running", 3]);
});

test("metrics and analytics move with emulated time, plausibly", async (t) => {
  const api = await startApi(t);
  await runningLlama(api, { min_replicas: 3 });
  const samples: ServiceAnalytics[] = [];
  for (let minute = 0; minute < 10; minute++) {
    api.advance(60);
    samples.push(
      (await api.call<ServiceAnalytics>("GET", "/acme/service/llama-3-serving/analytics")).body,
    );
  }
  for (const sample of samples) {
    assert.equal(sample.name, "llama-3-serving");
    assert.equal(sample.ready_replicas, 3);
    assert.ok(
      sample.requests_per_second > 100 && sample.requests_per_second < 160,
      `${sample.requests_per_second}`,
    );
    assert.ok(sample.gpu_utilization_percent > 50 && sample.gpu_utilization_percent < 80);
    assert.ok(sample.p99_latency_ms > sample.avg_latency_ms);
  }
  assert.ok(new Set(samples.map((s) => s.requests_per_second)).size > 5, "the numbers move");
  // Within one emulated minute they hold still.
  const again = (await api.call<ServiceAnalytics>("GET", "/acme/service/llama-3-serving/analytics"))
    .body;
  assert.deepEqual(again, samples.at(-1));
});

test("a deleted service is gone and its name is free again", async (t) => {
  const api = await startApi(t);
  await runningLlama(api);
  const deleted = await api.call("DELETE", `${servicesPath()}/llama-3-serving?force=true`);
  assert.equal(deleted.status, 204);
  assert.equal(deleted.body, undefined);
  assert.equal((await api.call("GET", "/acme/service/llama-3-serving")).status, 404);
  assert.equal((await api.call("DELETE", `${servicesPath()}/llama-3-serving`)).status, 404);
  assert.equal((await api.call("POST", servicesPath(), { body: llamaService })).status, 201);
});
