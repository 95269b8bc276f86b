/**
 * The action's records at the edges users trust most: a re-run attempt of a workflow run, a
 * cancelled workflow run (the runner's SIGINT, then SIGTERM), a job watched to its end, and the
 * events whose code must never be applied.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseJsonOutput } from "../support/json-outputs.ts";
import {
  commit,
  oneService,
  repository,
  runAction,
  startTestbed,
  transcript,
  type Testbed,
} from "./harness.ts";

const withJob = `${oneService}jobs:
  nightly-eval:
    image: ghcr.io/acme/eval:v1
    command: python eval.py
    gpu: L4
`;

function deployments(bed: Testbed) {
  return bed.github.state.repository(repository)?.deployments ?? [];
}

/** The run name the `jobs` output gives a job. */
function runNameOutput(outputs: Readonly<Record<string, string>>, key: string): unknown {
  return parseJsonOutput("action-jobs", outputs["jobs"] ?? "").jobs[key]?.run_name;
}

function createdJobs(bed: Testbed): string[] {
  return bed.emulator.controls.inspect().jobs.map((job) => job.name);
}

test("a re-run of a manual run submits nothing twice: attempt 2 attaches to what attempt 1 submitted", async (t) => {
  const bed = await startTestbed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 3600 });
  await bed.writeFile("outpost.yaml", withJob);
  const sha = commit("dispatch");
  const first = await runAction(bed, {
    event: { name: "workflow_dispatch", sha },
    inputs: { jobs: "nightly-eval" },
    env: { GITHUB_RUN_ID: "48", GITHUB_RUN_ATTEMPT: "1" },
  });
  assert.equal(first.exitCode, 0, transcript(first));
  const run = `nightly-eval-${sha.slice(0, 7)}`;
  assert.deepEqual(createdJobs(bed), [run]);
  const second = await runAction(bed, {
    event: { name: "workflow_dispatch", sha },
    inputs: { jobs: "nightly-eval" },
    env: { GITHUB_RUN_ID: "48", GITHUB_RUN_ATTEMPT: "2" },
  });
  assert.equal(second.exitCode, 0, transcript(second));
  assert.ok(
    second.logLines.some((line) => line.includes(`attach ${run}`)),
    transcript(second),
  );
  assert.deepEqual(createdJobs(bed), [run], "one GPU job, however many attempts");
  assert.equal(runNameOutput(second.outputs, "nightly-eval"), run);
});

test("a manual run of a job never attaches to an older run of the job still running", async (t) => {
  const bed = await startTestbed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 3600 });
  await bed.writeFile("outpost.yaml", withJob);
  const sha = commit("main");
  assert.equal((await runAction(bed, { event: { name: "push", sha } })).exitCode, 0);
  const run = `nightly-eval-${sha.slice(0, 7)}`;
  const manual = await runAction(bed, {
    event: { name: "workflow_dispatch", sha },
    inputs: { jobs: "nightly-eval" },
    env: { GITHUB_RUN_ID: "49" },
  });
  assert.equal(manual.exitCode, 0, transcript(manual));
  assert.deepEqual(createdJobs(bed).sort(), [run, `${run}-2`]);
  // Its re-run attaches to its own run, not to the push's one still running.
  const again = await runAction(bed, {
    event: { name: "workflow_dispatch", sha },
    inputs: { jobs: "nightly-eval" },
    env: { GITHUB_RUN_ID: "49", GITHUB_RUN_ATTEMPT: "2" },
  });
  assert.equal(again.exitCode, 0, transcript(again));
  assert.equal(runNameOutput(again.outputs, "nightly-eval"), `${run}-2`);
  assert.deepEqual(createdJobs(bed).sort(), [run, `${run}-2`]);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  test(`a workflow run cancelled (${signal}) while a service deploys: summary, outputs, settled Deployments, exit ${signal === "SIGINT" ? 130 : 143}`, async (t) => {
    const bed = await startTestbed(t);
    bed.emulator.controls.script.service("*", { deploySeconds: 36_000 });
    await bed.writeFile("outpost.yaml", oneService);
    const run = await runAction(bed, {
      event: { name: "push", sha: commit("cancel") },
      stop: { signal, when: /service embedding-api: (deploying|pending)/ },
    });
    assert.equal(run.exitCode, signal === "SIGINT" ? 130 : 143, transcript(run));
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at .*:\d+:\d+/, "no stack trace");
    assert.match(run.summary, /cancelled/, transcript(run));
    assert.ok(run.outputs["services"] !== undefined, "outputs are written");
    const [deployment] = deployments(bed);
    assert.deepEqual(
      deployment?.statuses.map((s) => s.state),
      ["queued", "in_progress", "error"],
    );
    assert.match(deployment?.statuses.at(-1)?.description ?? "", /stopped while waiting/);
    // The next run does only what is left: the service was created, its record says so.
    bed.emulator.controls.script.clear();
    const next = await runAction(bed, { event: { name: "push", sha: commit("cancel") } });
    assert.equal(next.exitCode, 0, transcript(next));
    assert.equal(
      bed.emulator.stats.snapshot().requests.filter((r) => r.method === "POST").length,
      1,
    );
  });
}

test("a job the step watched to its end gets its final Deployment status from the step", async (t) => {
  const bed = await startTestbed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 60 });
  await bed.writeFile("outpost.yaml", withJob);
  const run = await runAction(bed, {
    event: { name: "push", sha: commit("watched") },
    inputs: { "wait-for-jobs": "true" },
  });
  assert.equal(run.exitCode, 0, transcript(run));
  const job = deployments(bed).find((d) => d.task === "outpost:job");
  assert.deepEqual(
    job?.statuses.map((s) => s.state),
    ["queued", "in_progress", "success"],
  );
});

test("a workflow_run after a fork's pull request, the fork's file checked out, is refused", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", oneService);
  const run = await runAction(bed, {
    event: {
      name: "workflow_run",
      sha: commit("main"),
      triggering: { event: "pull_request", headRepository: "fork-owner/app", branch: "main" },
    },
  });
  assert.equal(run.exitCode, 1, transcript(run));
  assert.match(run.stdout, /fork-owner\/app/);
  assert.equal(bed.emulator.stats.snapshot().total, 0, "Outpost is not contacted");
  assert.equal(bed.github.writes(), 0);
  const own = await runAction(bed, {
    event: {
      name: "workflow_run",
      sha: commit("main"),
      triggering: { event: "push", headRepository: repository, branch: "main" },
    },
  });
  assert.equal(own.exitCode, 0, transcript(own));
  assert.equal(bed.emulator.controls.inspect().services.length, 1);
});

test("a same-repository pull request without secrets (Dependabot's) is validated offline", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", oneService);
  const run = await runAction(bed, {
    event: { name: "pull_request", sha: commit("dependabot"), fork: false },
    inputs: { token: "", "api-url": bed.emulator.url, "github-token": bed.githubToken() },
    defaults: false,
  });
  assert.equal(run.exitCode, 0, transcript(run));
  const notice = run.commands.find((c) => c.command === "notice");
  assert.match(notice?.message ?? "", /no Outpost credentials.*validates outpost\.yaml/);
  assert.equal(bed.emulator.stats.snapshot().total, 0);
});
