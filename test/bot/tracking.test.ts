import assert from "node:assert/strict";
import { test } from "node:test";
import { getOctokit } from "@actions/github";
import { testDigester } from "../support/records.ts";
import { stickyMarker } from "../../src/render/sticky-comment.ts";
import { adaptPayload, webhookExample } from "../support/webhooks.ts";
import {
  actionRecords,
  checkRun,
  checkRuns,
  commit,
  installationId,
  name,
  owner,
  repo,
  serviceConfig,
  startBed,
  trainingConfig,
} from "./harness.ts";

const minute = 60_000;

test("a job is followed from submission to success: check run, chart, Deployment, sticky comment", async (t) => {
  const bed = await startBed(t);
  const sha = commit("train-1");
  bed.github.state.addPullRequest(repo, { number: 5, headSha: sha });
  bed.emulator.controls.script.job("finetune-*", { durationSeconds: 3600, queueSeconds: 60 });
  const [deployment] = await bed.apply(trainingConfig, sha);
  assert.ok(deployment);
  const runName = `finetune-${sha.slice(0, 7)}`;

  await bed.bot.poller.cycle();
  let run = checkRun(bed.github, `Outpost job ${runName}`);
  assert.equal(run.status, "queued");
  assert.equal(run.headSha, sha);
  assert.deepEqual(
    run.actions.map((a) => a.identifier),
    ["cancel"],
  );

  bed.advance(30 * minute);
  await bed.bot.poller.cycle();
  run = checkRun(bed.github, `Outpost job ${runName}`);
  assert.equal(run.status, "in_progress");
  assert.match(run.output.title ?? "", /^Running · \d+% · Epoch \d\/3 - Step \d+\/6300$/);
  assert.match(run.output.summary ?? "", /`█+░+ \d+%`/);
  assert.match(run.output.text ?? "", /```mermaid\nxychart-beta/);
  assert.match(run.output.text ?? "", /Last log lines/);

  bed.advance(40 * minute);
  await bed.bot.poller.cycle();
  run = checkRun(bed.github, `Outpost job ${runName}`);
  assert.equal(run.status, "completed");
  assert.equal(run.conclusion, "success");
  assert.match(run.output.title ?? "", /^Succeeded in 1h 00m · \$\d+\.\d\d$/);
  assert.match(run.output.summary ?? "", /\*\*Artifacts:\*\*/);
  assert.match(run.output.text ?? "", /```mermaid\nxychart-beta\n {2}title "Loss by step"/);
  assert.deepEqual(run.actions, [], "the Cancel button goes once the job ended");

  const states = deployment.statuses.map((s) => s.state);
  assert.deepEqual(states, ["queued", "in_progress", "success"]);

  const comments = bed.github.state.repository(repo)?.comments ?? [];
  assert.equal(comments.length, 1, "one sticky comment");
  assert.ok(comments[0]?.body.startsWith(stickyMarker));
  assert.match(comments[0]?.body ?? "", /succeeded/);
  assert.match(comments[0]?.body ?? "", new RegExp(`/runs/${run.id}\\)`));

  // Nothing changes any more: no write at all.
  const writes = bed.github.writes();
  bed.advance(10 * minute);
  await bed.bot.poller.cycle();
  assert.equal(bed.github.writes(), writes);
});

test("a failed job concludes as a failure, with its last log lines; its Deployment too", async (t) => {
  const bed = await startBed(t);
  const sha = commit("train-oom");
  bed.emulator.controls.script.job("finetune-*", {
    durationSeconds: 3600,
    queueSeconds: 60,
    failAtStep: 1500,
    failMessage: "torch.OutOfMemoryError: CUDA out of memory.",
  });
  const [deployment] = await bed.apply(trainingConfig, sha);
  await bed.bot.poller.cycle();
  bed.advance(60 * minute);
  await bed.bot.poller.cycle();
  const run = checkRun(bed.github, `Outpost job finetune-${sha.slice(0, 7)}`);
  assert.equal(run.conclusion, "failure");
  assert.match(run.output.title ?? "", /^Failed \(exit code 1\) after \d+m \d\ds$/);
  assert.match(run.output.text ?? "", /torch\.OutOfMemoryError: CUDA out of memory\./);
  assert.equal(deployment?.statuses.at(-1)?.state, "failure");
});

test("a degraded service concludes as a failure once its grace period passed", async (t) => {
  const bed = await startBed(t, { degradedGraceSeconds: 120 });
  const sha = commit("serve-1");
  bed.github.state.addPullRequest(repo, { number: 9, headSha: sha });
  const [deployment] = await bed.apply(serviceConfig, sha);
  await bed.bot.poller.cycle();
  let run = checkRun(bed.github, "Outpost service llama");
  assert.equal(run.status, "in_progress");
  assert.match(run.output.title ?? "", /^Deploying · 0\/\d replicas ready$/);

  bed.emulator.controls.script.service("llama", { degrade: 1 });
  bed.advance(5 * minute);
  await bed.bot.poller.cycle();
  run = checkRun(bed.github, "Outpost service llama");
  assert.equal(run.status, "in_progress", "degraded, but within the grace period");
  assert.match(run.output.title ?? "", /^Degraded for 0s · 1\/2 replicas ready$/);

  bed.advance(3 * minute);
  await bed.bot.poller.cycle();
  run = checkRun(bed.github, "Outpost service llama");
  assert.equal(run.conclusion, "failure");
  assert.match(run.output.title ?? "", /^Degraded for 3m 00s/);
  assert.match(run.output.summary ?? "", /https:\/\/llama\.acme\.outpost\.run/);
  assert.match(run.output.text ?? "", /Last log lines/);
  assert.equal(deployment?.statuses.at(-1)?.state, "failure");
  assert.match(
    bed.github.state.repository(repo)?.comments[0]?.body ?? "",
    /service `llama` \| degraded/,
  );
});

test("a ready service concludes as a success with its endpoint, replicas and Deployment", async (t) => {
  const bed = await startBed(t);
  const [deployment] = await bed.apply(serviceConfig, commit("serve-2"));
  await bed.bot.poller.cycle();
  bed.advance(10 * minute);
  await bed.bot.poller.cycle();
  const run = checkRun(bed.github, "Outpost service llama");
  assert.equal(run.conclusion, "success");
  assert.equal(run.output.title, "Ready · 2/2 replicas ready");
  assert.equal(run.detailsUrl, "https://llama.acme.outpost.run");
  const last = deployment?.statuses.at(-1);
  assert.equal(last?.state, "success");
  assert.equal(last?.environmentUrl, "https://llama.acme.outpost.run");
});

test("nothing is written to GitHub when nothing changed, and logs are read only when a check run is due", async (t) => {
  const bed = await startBed(t, { minCheckRunWriteIntervalSeconds: 300 });
  bed.emulator.controls.script.job("*", { durationSeconds: 7200, queueSeconds: 60 });
  const config = trainingConfig
    .replace("  finetune:", "  finetune:")
    .concat(
      [
        "  evaluate:",
        "    command: python eval.py",
        "    image: ghcr.io/acme/trainer:v1",
        "    gpu: L4",
        "",
      ].join("\n"),
    );
  await bed.apply(config, commit("two-jobs"));
  await bed.bot.poller.cycle();
  bed.advance(10 * minute);
  await bed.bot.poller.cycle();
  const writes = bed.github.writes();
  const lists = bed.emulator.stats.count("listJobs");
  const logs = bed.emulator.stats.count("getJobLogs");
  const reads = bed.emulator.stats.count("getJob");

  // Same state: the renderings are equal, nothing is written.
  await bed.bot.poller.cycle();
  assert.equal(bed.github.writes(), writes);
  // A minute later the jobs moved on, but their check runs are not due: Outpost is listed, not read per job.
  bed.advance(minute);
  await bed.bot.poller.cycle();
  assert.equal(bed.github.writes(), writes);
  assert.equal(bed.emulator.stats.count("listJobs") - lists, 4, "queued + running, per cycle");
  assert.equal(bed.emulator.stats.count("getJobLogs"), logs);
  assert.equal(
    bed.emulator.stats.count("getJob"),
    reads,
    "no single-job read for jobs still listed",
  );

  // Due again: both check runs written, each after one log read.
  bed.advance(5 * minute);
  await bed.bot.poller.cycle();
  assert.equal(bed.github.writes("checks/update") > 0, true);
  assert.equal(bed.emulator.stats.count("getJobLogs") - logs, 2);
});

test("GitHub's Retry-After: 120 is honoured: nothing is written for two minutes, then the write goes through", async (t) => {
  const bed = await startBed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 3600, queueSeconds: 60 });
  const sha = commit("limited");
  bed.github.state.addPullRequest(repo, { number: 3, headSha: sha });
  await bed.apply(trainingConfig, sha);
  await bed.bot.poller.cycle();
  const name = `Outpost job finetune-${sha.slice(0, 7)}`;
  assert.equal(checkRun(bed.github, name).status, "queued");
  const writes: { at: number; operation: string; status: number }[] = [];
  bed.github.onRequest((request) => {
    if (request.method !== "GET" && request.operationId !== "apps/create-installation-access-token")
      writes.push({ at: bed.now(), operation: request.operationId ?? "", status: request.status });
  });
  bed.github.injectRateLimit({
    kind: "secondary",
    retryAfterSeconds: 120,
    operationId: "checks/update",
  });
  bed.advance(10 * minute);
  const limitedAt = bed.now();
  const first = await bed.bot.poller.cycle();
  assert.deepEqual(writes, [{ at: limitedAt, operation: "checks/update", status: 403 }]);
  assert.ok(first.deferred > 0, "the refused write waits for a later cycle");
  // Cycles every 15 s for two minutes: neither the check run nor the comment is written.
  for (let i = 0; i < 7; i++) {
    bed.advance(15_000);
    await bed.bot.poller.cycle();
  }
  assert.equal(writes.length, 1, `written within the 120 s: ${JSON.stringify(writes)}`);
  bed.advance(15_000);
  await bed.bot.poller.cycle();
  assert.ok(writes.length > 1, "written once the 120 s passed");
  assert.ok((writes[1]?.at ?? 0) - limitedAt >= 120_000);
  assert.equal(checkRun(bed.github, name).status, "in_progress");
  assert.equal(checkRuns(bed.github).length, 1);
});

test("a primary limit holds every request, reads too, until its x-ratelimit-reset", async (t) => {
  const bed = await startBed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 3600, queueSeconds: 60 });
  await bed.apply(trainingConfig, commit("primary"));
  bed.github.injectRateLimit({
    kind: "primary",
    retryAfterSeconds: 900,
    operationId: "checks/create",
  });
  await bed.bot.poller.cycle();
  const requests = bed.github.requests.length;
  for (let i = 0; i < 4; i++) {
    bed.advance(3 * minute);
    await bed.bot.poller.cycle();
  }
  assert.equal(bed.github.requests.length, requests, "no request before the reset");
  bed.advance(4 * minute);
  await bed.bot.poller.cycle();
  assert.equal(checkRuns(bed.github).length, 1, "written after the reset");
});

test("the Cancel job button cancels the run, and the check run concludes as cancelled", async (t) => {
  const bed = await startBed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 3600, queueSeconds: 60 });
  const sha = commit("cancel-me");
  const [deployment] = await bed.apply(trainingConfig, sha);
  await bed.bot.poller.cycle();
  bed.advance(10 * minute);
  await bed.bot.poller.cycle();
  const run = checkRun(bed.github, `Outpost job finetune-${sha.slice(0, 7)}`);
  bed.github.state.setCollaborator(repo, "maintainer", "maintain");
  const payload = adaptPayload(webhookExample("check_run.requested_action"), {
    repository: repo,
    installationId,
    headSha: sha,
    sender: "maintainer",
  });
  const event = {
    ...payload,
    requested_action: { identifier: "cancel" },
    check_run: { ...payload.check_run, id: run.id, external_id: run.externalId, name: run.name },
  };
  assert.equal((await bed.send("check_run", event)).status, 202);
  assert.equal(bed.emulator.stats.count("cancelJob"), 1);
  await bed.bot.poller.cycle();
  const after = checkRun(bed.github, `Outpost job finetune-${sha.slice(0, 7)}`);
  assert.equal(after.conclusion, "cancelled");
  assert.equal(deployment?.statuses.at(-1)?.state, "error", "never inactive for a job");
});

test("a Deployment in a namespace not granted to the owner is not followed, and says why", async (t) => {
  const bed = await startBed(t);
  const sha = commit("globex");
  const octokit = getOctokit(bed.github.state.issueActionsToken(repo), { baseUrl: bed.github.url });
  const records = actionRecords(octokit, sha, { services: [], jobs: [{ key: "train" }] });
  await records.begin({
    kind: "job",
    namespace: "globex",
    key: "train",
    outpostName: `train-${sha.slice(0, 7)}`,
    digest: testDigester.digest({ command: "python train.py" }, {}),
    request: "change",
    appliedAt: new Date(bed.now()).toISOString(),
  });
  const deployment = bed.github.state.repository(repo)?.deployments.at(-1);
  assert.ok(deployment);
  assert.equal((await bed.send("deployment", bed.deploymentEvent(deployment))).status, 202);
  const run = checkRun(bed.github, `Outpost job train-${sha.slice(0, 7)}`);
  assert.equal(run.conclusion, "failure");
  assert.equal(run.output.title, "Namespace globex is not available to this repository");
  assert.deepEqual(await bed.bot.context.store.listWatches({ owner, repo: name }), []);
  assert.equal((await bed.bot.poller.cycle()).claimed, 0);
  assert.equal(bed.emulator.stats.snapshot().total, 0);
});

test("a job's Deployment that already has a final status (the action watched the job end) gets no second one", async (t) => {
  const bed = await startBed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 600, queueSeconds: 0 });
  const sha = commit("watched");
  const [deployment] = await bed.apply(trainingConfig, sha);
  assert.ok(deployment);
  await bed.bot.poller.cycle();
  bed.advance(20 * minute);
  // The action (`wait-for-jobs`) saw the run end and posted its end first, in its own words.
  const octokit = getOctokit(bed.github.state.issueActionsToken(repo), { baseUrl: bed.github.url });
  await octokit.request("POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
    owner,
    repo: name,
    deployment_id: deployment.id,
    state: "failure",
    description: "The workflow stopped waiting: the job's outputs were rejected",
  });
  await bed.bot.poller.cycle();
  assert.equal(
    checkRun(bed.github, `Outpost job finetune-${sha.slice(0, 7)}`).conclusion,
    "success",
  );
  assert.deepEqual(
    deployment.statuses.map((s) => s.state),
    ["queued", "in_progress", "failure"],
    "the bot read the statuses and wrote none",
  );
  const watches = await bed.bot.context.store.listWatches({ owner, repo: name });
  assert.equal(watches[0]?.state, "done");
});
