import assert from "node:assert/strict";
import { test } from "node:test";
import { parseJsonOutput } from "../support/json-outputs.ts";
import {
  annotations,
  commit,
  failureOf,
  oneService,
  runAction,
  startTestbed,
  transcript,
} from "./harness.ts";

const config = `${oneService}jobs:
  nightly-eval:
    image: ghcr.io/acme/eval:v1
    command: python eval.py --epochs 1
    gpu: L4
`;

test("a pull request from a fork, which gets no secrets, is validated without contacting Outpost", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", config);
  const run = await runAction(bed, {
    event: { name: "pull_request", sha: commit("fork"), fork: true },
    // What GitHub gives a fork's workflow: no secrets, so an empty token.
    inputs: { token: "", "api-url": bed.emulator.url, "github-token": bed.githubToken() },
    defaults: false,
  });
  assert.equal(run.exitCode, 0, transcript(run));
  const notice = run.commands.find((c) => c.command === "notice");
  assert.match(
    notice?.message ?? "",
    /comes from the fork fork-owner\/app.*validates outpost\.yaml/,
  );
  assert.equal(bed.emulator.stats.snapshot().total, 0);
  assert.equal(bed.github.requests.length, 0);
  assert.match(run.summary, /## 🔎 Outpost validation/);
  assert.deepEqual(run.outputs, {});

  // Its errors are annotated all the same.
  await bed.writeFile("outpost.yaml", config.replace("gpu: L4", "gpu: L5"));
  const broken = await runAction(bed, {
    event: { name: "pull_request", sha: commit("fork2"), fork: true },
    inputs: { token: "" },
    defaults: false,
  });
  assert.equal(broken.exitCode, 1, transcript(broken));
  const error = annotations(broken, "error").find((a) => a.properties["line"] === "6");
  assert.match(error?.message ?? "", /services\.embedding-api\.gpu: must be one of/);
});

test("pull requests never apply, whatever `mode` says; pull_request_target is refused", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", config);
  const apply = await runAction(bed, {
    event: { name: "pull_request", sha: commit("pr") },
    inputs: { mode: "apply" },
  });
  assert.match(
    failureOf(apply),
    /^Pull request #\d+ \(`pull_request`\): `mode: apply` is refused here\. A pull request's \(or merge queue's\) code is not merged yet/,
  );
  const target = await runAction(bed, { event: { name: "pull_request_target", sha: commit("t") } });
  assert.match(
    failureOf(target),
    /Outpost does not run here\. It gives the base repository's secrets/,
  );
  assert.equal(bed.emulator.stats.snapshot().total, 0);
  assert.equal(bed.github.writes(), 0);
});

test("a push to another branch plans only; `mode: apply` applies it", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", config);
  const planned = await runAction(bed, {
    event: { name: "push", sha: commit("feature"), branch: "feature" },
  });
  assert.equal(planned.exitCode, 0, transcript(planned));
  assert.ok(
    planned.logLines.includes(
      "`push` on `refs/heads/feature`: this run plans only; nothing is written to Outpost. Not a deployed ref (the deploy branch `main`): set `deploy-branch` or an environment's `deploy`, or `mode: apply`, to apply from it.",
    ),
    transcript(planned),
  );
  assert.equal(bed.emulator.stats.snapshot().writes, 0);
  const applied = await runAction(bed, {
    event: { name: "push", sha: commit("feature"), branch: "feature" },
    inputs: { mode: "apply" },
  });
  assert.equal(applied.exitCode, 0, transcript(applied));
  assert.equal(bed.emulator.controls.inspect().services.length, 1);
});

test("workflow_dispatch with `jobs` runs that job now and streams its log while waiting", async (t) => {
  const bed = await startTestbed(t);
  bed.emulator.controls.script.job("*", { durationSeconds: 600, queueSeconds: 5 });
  await bed.writeFile("outpost.yaml", config);
  const sha = commit("main");
  const pushed = await runAction(bed, { event: { name: "push", sha } });
  assert.equal(pushed.exitCode, 0, transcript(pushed));
  const runName = `nightly-eval-${sha.slice(0, 7)}`;

  // Nothing changed, so the job is not due; the dispatch asks for it.
  const dispatched = await runAction(bed, {
    event: { name: "workflow_dispatch", sha },
    inputs: { jobs: "nightly-eval", "wait-for-jobs": "true" },
  });
  assert.equal(dispatched.exitCode, 0, transcript(dispatched));
  assert.deepEqual(
    bed.emulator.controls.inspect().jobs.map((j) => [j.name, j.status]),
    [
      [runName, "succeeded"],
      [`${runName}-2`, "succeeded"],
    ],
  );
  const streamed = dispatched.logLines.filter((l) => l.startsWith("nightly-eval │ "));
  assert.ok(
    streamed.some((l) => l.includes("Step 10/")),
    transcript(dispatched),
  );
  assert.ok(streamed.at(-1)?.startsWith("nightly-eval │ Done"), transcript(dispatched));
  const { jobs } = parseJsonOutput("action-jobs", dispatched.outputs["jobs"] ?? "");
  assert.deepEqual(Object.keys(jobs), ["nightly-eval"]);
  assert.match(JSON.stringify(jobs["nightly-eval"]), new RegExp(`"run_name":"${runName}-2"`));
  assert.match(JSON.stringify(jobs["nightly-eval"]), /"status":"succeeded"/);
  assert.match(
    dispatched.summary,
    /job nightly-eval \| submit nightly-eval-[0-9a-f]{7}-2 \| run requested/,
  );
});

test("a job that fails while the step waits for it fails the step with its traceback", async (t) => {
  const bed = await startTestbed(t);
  bed.emulator.controls.script.job("*", {
    durationSeconds: 60,
    queueSeconds: 5,
    failAtStep: 300,
    failMessage: "torch.OutOfMemoryError: CUDA out of memory.",
  });
  await bed.writeFile("outpost.yaml", config);
  const run = await runAction(bed, {
    event: { name: "push", sha: commit("oom") },
    inputs: { "wait-for-jobs": "true" },
  });
  assert.equal(run.exitCode, 1, transcript(run));
  const failure = annotations(run, "error").find((a) =>
    a.properties["title"]?.startsWith("Outpost job nightly-eval"),
  );
  assert.match(
    failure?.message ?? "",
    /the job failed\nLast log lines:\n(.*\n)*.*torch\.OutOfMemoryError/,
  );
  assert.ok(run.logLines.includes("nightly-eval │ torch.OutOfMemoryError: CUDA out of memory."));
  assert.match(run.summary, /<summary>Last log lines of job nightly-eval<\/summary>/);
});
