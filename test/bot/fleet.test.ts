/**
 * Fleets: past the operator's threshold, the resources of one kind on a commit share one
 * aggregate check run, which shows every end; their own check runs are not written (those
 * written before the fleet grew are closed, pointing to it); the sticky comment counts them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkRun, checkRuns, commit, repo, startBed } from "./harness.ts";

const minute = 60_000;

function jobs(count: number): string {
  return [
    "version: 1",
    "namespace: acme",
    "jobs:",
    ...Array.from({ length: count }, (_, i) => [
      `  train-${String(i).padStart(2, "0")}:`,
      "    command: python train.py --epochs 3",
      "    image: ghcr.io/acme/trainer:v1",
      "    gpu: L4",
    ]).flat(),
    "",
  ].join("\n");
}

test("30 jobs on one commit share one check run, which shows every end; each Deployment gets its own", async (t) => {
  const bed = await startBed(t, { minCheckRunWriteIntervalSeconds: 10 });
  bed.emulator.controls.script.job("*", { durationSeconds: 1800, queueSeconds: 60 });
  for (const failing of ["train-00-*", "train-01-*", "train-02-*"]) {
    bed.emulator.controls.script.job(failing, {
      durationSeconds: 1800,
      queueSeconds: 60,
      failAtStep: 100,
      failMessage: "torch.OutOfMemoryError: CUDA out of memory.",
    });
  }
  const sha = commit("fleet");
  bed.github.state.addPullRequest(repo, { number: 4, headSha: sha });
  const deployments = await bed.apply(jobs(30), sha);
  assert.equal(deployments.length, 30);
  await bed.bot.poller.cycle();
  assert.deepEqual(
    checkRuns(bed.github).map((run) => run.name),
    ["Outpost jobs"],
    "one check run, none per job",
  );
  assert.equal(checkRun(bed.github, "Outpost jobs").output.title, "Outpost jobs: 30 — 30 queued");
  bed.advance(10 * minute);
  await bed.bot.poller.cycle();
  const running = checkRun(bed.github, "Outpost jobs");
  assert.equal(running.status, "in_progress");
  assert.match(running.output.title ?? "", /^Outpost jobs: 30 — 27 running, 3 failed$/);
  assert.match(running.output.text ?? "", /job `train-00` · run `train-00-[0-9a-f]{7}`: failed/);
  assert.match(running.output.text ?? "", /CUDA out of memory/);
  for (let i = 0; i < 6; i++) {
    bed.advance(5 * minute);
    await bed.bot.poller.cycle();
  }
  const done = checkRun(bed.github, "Outpost jobs");
  assert.equal(done.status, "completed");
  assert.equal(done.conclusion, "failure");
  assert.equal(done.output.title, "Outpost jobs: 30 — 27 succeeded, 3 failed");
  assert.equal(checkRuns(bed.github).length, 1);
  assert.deepEqual(deployments.map((d) => d.statuses.at(-1)?.state).sort(), [
    ...Array<string>(3).fill("failure"),
    ...Array<string>(27).fill("success"),
  ]);
  const sticky = bed.github.state.repository(repo)?.comments ?? [];
  assert.equal(sticky.length, 1);
  assert.match(sticky[0]?.body ?? "", /\| ❌ \| 30 jobs \| 27 succeeded, 3 failed \|/);
  assert.match(sticky[0]?.body ?? "", /Failed jobs: `train-00`, `train-01`, `train-02`\./);
  // Nothing changes any more: nothing is written.
  const writes = bed.github.writes();
  bed.advance(10 * minute);
  await bed.bot.poller.cycle();
  assert.equal(bed.github.writes(), writes);
});

test("resources that had check runs of their own before the commit became a fleet get them closed, once", async (t) => {
  const bed = await startBed(t, { fleetThreshold: 3 });
  bed.emulator.controls.script.job("*", { durationSeconds: 3600, queueSeconds: 60 });
  const sha = commit("growing");
  const first = await bed.apply(jobs(2), sha);
  await bed.bot.poller.cycle();
  assert.equal(checkRuns(bed.github).length, 2);
  await bed.apply(jobs(4), sha, { runJobs: ["train-02", "train-03"] });
  assert.equal(first.length, 2);
  await bed.bot.poller.cycle();
  const own = checkRuns(bed.github).filter((run) => run.name.startsWith("Outpost job "));
  assert.equal(own.length, 2, "no new check run of its own");
  for (const run of own) {
    assert.equal(run.conclusion, "neutral");
    assert.equal(run.output.title, "Followed in “Outpost jobs” from now on");
  }
  assert.equal(checkRun(bed.github, "Outpost jobs").output.title, "Outpost jobs: 4 — 4 queued");
  const updates = bed.github.writes("checks/update");
  bed.advance(minute);
  await bed.bot.poller.cycle();
  for (const run of own) assert.equal(checkRun(bed.github, run.name).conclusion, "neutral");
  assert.ok(
    bed.github.writes("checks/update") - updates <= 1,
    "closed once; at most the fleet's is written",
  );
});
