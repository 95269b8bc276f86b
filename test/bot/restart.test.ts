import assert from "node:assert/strict";
import { test } from "node:test";
import { checkRun, checkRuns, commit, repo, startBed, trainingConfig } from "./harness.ts";

const minute = 60_000;

test("stopped mid-job and started again on the same state, the bot still concludes the check run", async (t) => {
  const bed = await startBed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 3600, queueSeconds: 60 });
  const sha = commit("restart");
  bed.github.state.addPullRequest(repo, { number: 3, headSha: sha });
  const [deployment] = await bed.apply(trainingConfig, sha);
  const name = `Outpost job finetune-${sha.slice(0, 7)}`;
  await bed.bot.poller.cycle();
  bed.advance(20 * minute);
  await bed.bot.poller.cycle();
  assert.equal(checkRun(bed.github, name).status, "in_progress");

  await bed.restart();
  bed.advance(60 * minute);
  const report = await bed.bot.poller.cycle();
  assert.equal(report.claimed, 1, "the new process took the watch over at once");
  const run = checkRun(bed.github, name);
  assert.equal(run.conclusion, "success");
  assert.match(run.output.text ?? "", /xychart-beta/, "the chart kept its earlier points");
  assert.equal(checkRuns(bed.github).length, 1, "the same check run, not a second one");
  assert.equal(deployment?.statuses.at(-1)?.state, "success");
  assert.equal(
    bed.github.state.repository(repo)?.comments.length,
    1,
    "the sticky comment was found again and edited",
  );
});
