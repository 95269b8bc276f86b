import assert from "node:assert/strict";
import { test } from "node:test";
import type { Job, JobAnalytics, JobCancellation, JobList, Logs } from "../../src/outpost/types.ts";
import { embeddingsJob, finetuneJob, jobsPath, startApi, type Api } from "./harness.ts";

const getJob = (api: Api, name = "finetune-llama-3-r1") =>
  api.call<Job>("GET", `/acme/job/${name}`).then((answer) => answer.body);

const progressFormat = /^Epoch (\d+)\/(\d+) - Step (\d+)\/(\d+)$/;
const lossLine =
  /^\[Epoch (\d+)\/3\] Step (\d+)\/6300 \| Loss: (\d+\.\d{4}) \| LR: (\d\.\de-\d+|0\.0)$/;

test("the seed's fine-tune: queued 75 s, six hours of training, then succeeded with artifacts", async (t) => {
  const api = await startApi(t);
  const created = await api.call<Job>("POST", jobsPath(), { body: finetuneJob });
  assert.equal(created.status, 201);
  const id = created.body.id;
  assert.match(id, /^job_[0-9a-f]{12}$/);
  // The full answer is compared with the seed page's in seed-examples.test.ts.
  assert.deepEqual([created.body.status, created.body.started_at], ["queued", null]);

  api.advance(74);
  assert.equal((await getJob(api)).status, "queued");
  api.advance(1);
  const started = await getJob(api);
  assert.deepEqual([started.status, started.started_at], ["running", "2026-03-18T10:01:15Z"]);
  assert.equal(started.progress, "Epoch 1/3 - Step 0/6300");

  api.advance(4 * 3600); // the seed's list example: four hours in
  const running = await api.call<JobList>("GET", "/acme/jobs?status=running");
  const entry = running.body.data[0];
  assert.equal(entry?.runtime_seconds, 14400);
  const [, epoch, epochs, step, steps] = progressFormat.exec(entry?.progress ?? "") ?? [];
  assert.deepEqual([epochs, steps], ["3", "6300"]);
  assert.ok(Math.abs(Number(step) - 4200) < 30, `step ${step} is about two thirds in`);
  assert.equal(Number(epoch), Math.ceil(Number(step) / 2100), "2,100 steps per epoch");
  assert.equal((await getJob(api)).total_cost, "51.20", "cost so far: 4 h at 12.80/h");

  api.advance(2 * 3600);
  const done = await getJob(api);
  assert.deepEqual(
    {
      status: done.status,
      exit_code: done.exit_code,
      runtime_seconds: done.runtime_seconds,
      total_cost: done.total_cost,
      progress: done.progress,
      completed_at: done.completed_at,
      url: done.artifacts?.download_url,
      path: done.artifacts?.path,
    },
    {
      status: "succeeded",
      exit_code: 0,
      runtime_seconds: 21600,
      total_cost: "76.80",
      progress: undefined, // shown while running only
      completed_at: "2026-03-18T16:01:15Z",
      url: `https://artifacts.outpost.run/acme/${id}/checkpoints`,
      path: "/workspace/output/checkpoints",
    },
  );
  assert.ok((done.artifacts?.size_bytes ?? 0) > 2 ** 30);
  assert.equal("env" in done, false, "env is never returned");

  const logs = await api.call<Logs>("GET", "/acme/job/finetune-llama-3-r1/logs?tail=8");
  assert.equal(logs.body.has_more, true);
  const messages = logs.body.lines.map((line) => line.message);
  const sizeGb = ((done.artifacts?.size_bytes ?? 0) / 2 ** 30).toFixed(1);
  assert.deepEqual(messages.slice(2), [
    messages[2] ?? "",
    `Training complete. Final loss: ${/Loss: (\S+)/.exec(messages[2] ?? "")?.[1] ?? ""}`,
    "Saving checkpoint to /workspace/output/checkpoints/final...",
    `Checkpoint saved. Total size: ${sizeGb} GB`,
    "Uploading artifacts...",
    `Done. Artifacts uploaded to acme/${id}/checkpoints`,
  ]);
  assert.match(messages[2] ?? "", /^\[Epoch 3\/3\] Step 6300\/6300 \| Loss: \S+ \| LR: 0\.0$/);
  assert.deepEqual(
    logs.body.lines.slice(2).map((line) => line.timestamp),
    [
      "2026-03-18T15:59:30Z",
      "2026-03-18T15:59:45Z",
      "2026-03-18T16:00:00Z",
      "2026-03-18T16:00:30Z",
      "2026-03-18T16:01:00Z",
      "2026-03-18T16:01:15Z",
    ],
  );

  const all = await api.call<Logs>("GET", "/acme/job/finetune-llama-3-r1/logs?tail=10000");
  const losses = all.body.lines.flatMap((line) => {
    const match = lossLine.exec(line.message);
    return match ? [Number(match[3])] : [];
  });
  assert.equal(losses.length, 630, "one line per 10 steps");
  assert.ok((losses[0] ?? 0) > 1 && (losses.at(-1) ?? 1) < 0.1, "the loss falls");
  const firstTenth = losses.slice(0, 63).reduce((a, b) => a + b) / 63;
  const lastTenth = losses.slice(-63).reduce((a, b) => a + b) / 63;
  assert.ok(firstTenth > 5 * lastTenth);
});

test("a run scripted to fail at a step is retried, and succeeds when the failure was a one-off", async (t) => {
  const api = await startApi(t);
  // 630 s runs: 31.5 s of set-up, 535.5 s of training, 63 s of saving; step 3150 is 299.25 s in.
  api.emulator.controls.script.job("flaky-*", {
    failAtStep: 3150,
    failAttempts: 1,
    durationSeconds: 630,
  });
  await api.call("POST", jobsPath(), { body: { ...finetuneJob, name: "flaky-1", retries: 2 } });
  api.advance(75 + 298);
  let job = await getJob(api, "flaky-1");
  assert.deepEqual([job.status, job.retry_count], ["running", 0]);
  api.advance(2);
  job = await getJob(api, "flaky-1");
  assert.deepEqual(
    [job.status, job.retry_count, "progress" in job, job.started_at],
    ["queued", 1, false, "2026-03-18T10:01:15Z"],
  );
  const failureLog = await api.call<Logs>("GET", "/acme/job/flaky-1/logs?tail=7");
  assert.deepEqual(failureLog.body.lines.map((line) => line.message).slice(1), [
    "Traceback (most recent call last):",
    '  File "train.py", line 214, in <module>',
    "    trainer.train()",
    "RuntimeError: CUDA error: an illegal memory access was encountered",
    "Process exited with code 1.",
    "Retry 1 of 2: job queued again.",
  ]);
  api.advance(75 + 630);
  job = await getJob(api, "flaky-1");
  assert.deepEqual([job.status, job.retry_count, job.exit_code], ["succeeded", 1, 0]);
});

test("a run that always fails exhausts its retries and ends failed with its exit code", async (t) => {
  const api = await startApi(t);
  api.emulator.controls.script.job("doomed", {
    failAtStep: 4200,
    exitCode: 3,
    failMessage: "torch.OutOfMemoryError: CUDA out of memory.",
  });
  await api.call("POST", jobsPath(), { body: { ...finetuneJob, name: "doomed" } });
  api.advance(3 * 24 * 3600);
  const job = await getJob(api, "doomed");
  assert.deepEqual(
    [job.status, job.retry_count, job.exit_code, job.artifacts],
    ["failed", 1, 3, null],
  );
  const logs = await api.call<Logs>("GET", "/acme/job/doomed/logs?tail=6");
  const messages = logs.body.lines.map((line) => line.message);
  assert.match(
    messages[0] ?? "",
    /^\[Epoch 2\/3\] Step 4190\/6300 \| Loss/,
    "the last step printed",
  );
  assert.deepEqual(messages.slice(-2), [
    "torch.OutOfMemoryError: CUDA out of memory.",
    "Process exited with code 3.",
  ]);
  const failed = await api.call<JobList>("GET", "/acme/jobs?status=failed");
  assert.deepEqual(
    failed.body.data.map((j) => j.name),
    ["doomed"],
  );
});

test("a run longer than timeout_minutes is killed: timed_out", async (t) => {
  const api = await startApi(t);
  await api.call("POST", jobsPath(), {
    body: { ...finetuneJob, name: "too-long", timeout_minutes: 60 },
  });
  api.advance(75 + 3600);
  const job = await getJob(api, "too-long");
  assert.deepEqual(
    [job.status, job.runtime_seconds, job.exit_code, job.completed_at, job.total_cost],
    ["timed_out", 3600, 137, "2026-03-18T11:01:15Z", "12.80"],
  );
  const logs = await api.call<Logs>("GET", "/acme/job/too-long/logs?tail=1");
  assert.equal(
    logs.body.lines[0]?.message,
    "Job exceeded its timeout of 60 minutes. Sending SIGTERM; processes still running after 30s get SIGKILL.",
  );
});

test("cancel: a running job gets SIGTERM, then SIGKILL after the 30 s grace period", async (t) => {
  const api = await startApi(t);
  await api.call("POST", jobsPath(), { body: finetuneJob });
  api.advance(75 + 4 * 3600);
  const cancelled = await api.call<JobCancellation>(
    "POST",
    `${jobsPath()}/finetune-llama-3-r1/cancel`,
  );
  assert.equal(cancelled.status, 200);
  assert.deepEqual(
    { ...cancelled.body, id: "" },
    {
      id: "",
      name: "finetune-llama-3-r1",
      namespace: "acme",
      status: "cancelled",
      message: "Job cancellation initiated. Running processes will be terminated.",
      runtime_seconds: 14400,
      total_cost: "51.20",
      completed_at: "2026-03-18T14:01:15Z",
    },
  );
  const job = await getJob(api);
  assert.deepEqual([job.status, job.exit_code, job.artifacts], ["cancelled", 137, null]);
  api.advance(30);
  const logs = await api.call<Logs>("GET", "/acme/job/finetune-llama-3-r1/logs?tail=2");
  assert.deepEqual(
    logs.body.lines.map((line) => [line.timestamp, line.message]),
    [
      [
        // A millisecond after the line of step 4200, printed at the same instant.
        "2026-03-18T14:01:15.001Z",
        "Cancellation requested. Sending SIGTERM; processes still running after 30s get SIGKILL.",
      ],
      ["2026-03-18T14:01:45Z", "Grace period of 30s elapsed. Sending SIGKILL."],
    ],
  );
  const again = await api.call("POST", `${jobsPath()}/finetune-llama-3-r1/cancel`);
  assert.equal(again.status, 409);
  assert.equal((again.body["error"] as { code: string }).code, "job_finished");

  await api.call("POST", jobsPath(), { body: embeddingsJob });
  const queued = await api.call<JobCancellation>("POST", `${jobsPath()}/batch-embeddings/cancel`);
  assert.deepEqual([queued.body.runtime_seconds, queued.body.total_cost], [0, "0.00"]);
  const never = await getJob(api, "batch-embeddings");
  assert.deepEqual([never.status, never.started_at, never.exit_code], ["cancelled", null, null]);
});

test("delete: only finished jobs, and the name is free again", async (t) => {
  const api = await startApi(t);
  await api.call("POST", jobsPath(), { body: embeddingsJob });
  const early = await api.call("DELETE", `${jobsPath()}/batch-embeddings`);
  assert.equal(early.status, 409);
  assert.equal((early.body["error"] as { code: string }).code, "job_not_finished");
  api.advance(75 + 6 * 3600);
  const image = await getJob(api, "batch-embeddings");
  assert.deepEqual(
    [image.status, image.image, "repo" in image, image.cost_per_hour, image.total_cost],
    ["succeeded", "ghcr.io/acme/embedding-batch:v1.3.0", false, "0.80", "4.80"],
  );
  const deleted = await api.call("DELETE", `${jobsPath()}/batch-embeddings?delete_artifacts=true`);
  assert.equal(deleted.status, 204);
  assert.equal((await api.call("GET", "/acme/job/batch-embeddings")).status, 404);
  assert.equal((await api.call("DELETE", `${jobsPath()}/batch-embeddings`)).status, 404);
  assert.equal((await api.call("POST", jobsPath(), { body: embeddingsJob })).status, 201);
});

test("job analytics: nothing used in the queue, plausible figures while running and after", async (t) => {
  const api = await startApi(t);
  await api.call("POST", jobsPath(), { body: finetuneJob });
  const queued = await api.call<JobAnalytics>("GET", "/acme/job/finetune-llama-3-r1/analytics");
  assert.deepEqual(queued.body, {
    name: "finetune-llama-3-r1",
    namespace: "acme",
    gpu_utilization_percent: 0,
    cpu_utilization_percent: 0,
    memory_used_gb: 0,
    disk_used_gb: 0,
    runtime_seconds: 0,
  });
  api.advance(75 + 3600);
  const running = (await api.call<JobAnalytics>("GET", "/acme/job/finetune-llama-3-r1/analytics"))
    .body;
  assert.ok(running.gpu_utilization_percent >= 85 && running.gpu_utilization_percent <= 100);
  assert.ok(running.memory_used_gb > 150 && running.memory_used_gb < 256);
  assert.equal(running.runtime_seconds, 3600);
  api.advance(10 * 3600);
  const finished = (await api.call<JobAnalytics>("GET", "/acme/job/finetune-llama-3-r1/analytics"))
    .body;
  assert.equal(finished.runtime_seconds, 21600);
  assert.ok(finished.disk_used_gb > running.disk_used_gb, "disk fills as the run goes");
});
