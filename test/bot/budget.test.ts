/**
 * The GitHub write budget as a user meets it: six jobs followed for an hour at the production
 * defaults stay far inside GitHub's limits and inside the bot's own budget in every minute;
 * the sticky comment is edited only when a resource's state changes; and with a tight budget,
 * ends are written before progress.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkRuns, commit, repo, startBed } from "./harness.ts";

const minute = 60_000;

function jobs(count: number, prefix = "job"): string {
  return [
    "version: 1",
    "namespace: acme",
    "jobs:",
    ...Array.from({ length: count }, (_, i) => [
      `  ${prefix}-${i}:`,
      "    command: python train.py --epochs 3",
      "    image: ghcr.io/acme/trainer:v1",
      "    gpu: L4",
    ]).flat(),
    "",
  ].join("\n");
}

test("six running jobs followed for an hour at the defaults: within the budget every minute, the comment edited on state changes only", async (t) => {
  // The production intervals: a cycle every 30 s, check runs written at most every 10 s.
  const bed = await startBed(t, { minCheckRunWriteIntervalSeconds: 10 });
  bed.emulator.controls.script.job("*", { durationSeconds: 5 * 3600, queueSeconds: 60 });
  const sha = commit("six");
  bed.github.state.addPullRequest(repo, { number: 2, headSha: sha });
  await bed.apply(jobs(6), sha);
  const content = () =>
    bed.github.writes() - bed.github.writes("apps/create-installation-access-token");
  const perMinute: number[] = [];
  let last = content();
  for (let i = 0; i < 60; i++) {
    for (let cycle = 0; cycle < 2; cycle++) {
      await bed.bot.poller.cycle();
      bed.advance(30_000);
    }
    perMinute.push(content() - last);
    last = content();
  }
  const total = perMinute.reduce((a, b) => a + b, 0);
  assert.ok(Math.max(...perMinute) <= 60, `per minute: ${perMinute.join(", ")}`);
  // Each job: its check run, queued → running, then progress on the schedule (every minute at
  // first, then every 5) — far fewer than the 900 an hour the bot wrote before.
  assert.ok(total <= 6 * 25, `${total} writes in the hour`);
  assert.ok(
    perMinute.slice(40).some((writes) => writes > 0),
    `progress still shown in the last 20 minutes: ${perMinute.join(", ")}`,
  );
  assert.equal(checkRuns(bed.github).length, 6);
  assert.ok(checkRuns(bed.github).every((run) => run.status === "in_progress"));
  // The comment: created once, then edited when the jobs went from queued to running.
  assert.equal(bed.github.writes("issues/create-comment"), 1);
  assert.ok(
    bed.github.writes("issues/update-comment") <= 6,
    `${bed.github.writes("issues/update-comment")} comment edits`,
  );
});

test("with a tight budget the ends go first and progress waits; nothing is lost", async (t) => {
  const bed = await startBed(t, {
    minCheckRunWriteIntervalSeconds: 0,
    githubWriteBudget: { perMinute: 4, perHour: 400 },
  });
  bed.emulator.controls.script.job("short-*", { durationSeconds: 300, queueSeconds: 0 });
  bed.emulator.controls.script.job("long-*", { durationSeconds: 5 * 3600, queueSeconds: 0 });
  const sha = commit("tight");
  await bed.apply(
    jobs(3, "long").concat(jobs(3, "short").replace("version: 1\nnamespace: acme\njobs:\n", "")),
    sha,
  );
  // Let every check run be created, one minute's budget after another.
  for (let i = 0; i < 6; i++) {
    await bed.bot.poller.cycle();
    bed.advance(minute);
  }
  assert.equal(checkRuns(bed.github).length, 6);
  // The short jobs end: their ends (check run and Deployment) take the minute's budget before
  // the long ones' progress.
  bed.advance(5 * minute);
  const before = bed.github.requests.length;
  await bed.bot.poller.cycle();
  const writes = bed.github.requests
    .slice(before)
    .filter((r) => r.method !== "GET" && r.operationId !== "apps/create-installation-access-token");
  assert.ok(writes.length <= 4, `${writes.length} writes in one minute`);
  const short = checkRuns(bed.github).filter((run) => run.name.includes("short-"));
  const done = short.filter((run) => run.status === "completed").length;
  assert.ok(done >= 1, "an end was written first");
  assert.ok(
    checkRuns(bed.github)
      .filter((run) => run.name.includes("long-"))
      .every((run) => !writes.some((w) => w.path.endsWith(`/check-runs/${run.id}`))),
    "no progress of the long jobs while ends wait",
  );
  for (let i = 0; i < 10; i++) {
    bed.advance(minute);
    await bed.bot.poller.cycle();
  }
  assert.ok(
    short.every((run) => run.status === "completed" && run.conclusion === "success"),
    "every end written, a minute's budget at a time",
  );
  const deployments = bed.github.state.repository(repo)?.deployments ?? [];
  assert.equal(
    deployments.filter((d) => d.statuses.at(-1)?.state === "success").length,
    3,
    "and every short job's Deployment",
  );
});
