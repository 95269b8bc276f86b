import assert from "node:assert/strict";
import { test } from "node:test";
import { annotations, commit, failureOf, runAction, startTestbed, transcript } from "./harness.ts";

// Three errors and a warning, at known lines and columns.
const broken = `version: 1
namespace: acme
services:
  embedding-api:
    image: ghcr.io/acme/embedding-server:v2.1.0
    gpu: L4
    gpu_cuont: 2
    min_replicas: 3
    max_replicas: 2
jobs:
  train:
    command: python train.py
    image: ghcr.io/acme/train:v1
    gpu: A100-80G
    env:
      WANDB_API_KEY: wk_abcdefghijklmnop
`;

test("config errors fail the step with annotations at their lines and columns, and nothing is planned", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("deploy/outpost.yaml", broken);
  const run = await runAction(bed, {
    event: { name: "push", sha: commit("broken") },
    inputs: { config: "./deploy/outpost.yaml" },
  });
  assert.equal(run.exitCode, 1, transcript(run));
  const positioned = [...annotations(run, "error"), ...annotations(run, "warning")]
    .filter((a) => a.properties["file"] !== undefined)
    .map((a) => ({ ...a.properties, message: a.message }));
  assert.deepEqual(positioned, [
    {
      title: "deploy/outpost.yaml: unknown-key",
      file: "deploy/outpost.yaml",
      line: "7",
      endLine: "7",
      col: "5",
      endColumn: "14",
      message:
        "services.embedding-api.gpu_cuont: unknown key `gpu_cuont`; did you mean `gpu_count`?",
    },
    {
      title: "deploy/outpost.yaml: replicas",
      file: "deploy/outpost.yaml",
      line: "8",
      endLine: "8",
      col: "19",
      endColumn: "20",
      message:
        "services.embedding-api.min_replicas: min_replicas (3) is greater than max_replicas (2); raise `max_replicas` or lower `min_replicas`",
    },
    {
      title: "deploy/outpost.yaml: invalid-value",
      file: "deploy/outpost.yaml",
      line: "14",
      endLine: "14",
      col: "10",
      endColumn: "18",
      message:
        'jobs.train.gpu: must be one of A100-40GB, A100-80GB, H100-80GB, L4, T4, none, got "A100-80G"; did you mean "A100-80GB"?',
    },
    {
      title: "deploy/outpost.yaml: possible-credential",
      file: "deploy/outpost.yaml",
      line: "16",
      endLine: "16",
      col: "22",
      endColumn: "41",
      message:
        "jobs.train.env.WANDB_API_KEY: this looks like a Weights & Biases key written in clear, readable by everyone who can read the repository; store it as a secret and write `${{ secrets.WANDB_API_KEY }}`",
    },
  ]);
  // The runner's own format, as GitHub reads it.
  assert.ok(
    run.stdout.includes(
      "::error title=deploy/outpost.yaml%3A unknown-key,file=deploy/outpost.yaml,line=7,endLine=7,col=5,endColumn=14::services.embedding-api.gpu_cuont",
    ),
    run.stdout,
  );
  // The step fails with one line, not a stack trace.
  assert.equal(
    failureOf(run),
    "deploy/outpost.yaml has 3 errors (annotated on its lines); the first: deploy/outpost.yaml:7:5: error: services.embedding-api.gpu_cuont: unknown key `gpu_cuont`; did you mean `gpu_count`?",
  );
  assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /);
  assert.equal(bed.emulator.stats.snapshot().total, 0, "Outpost is not contacted");
  assert.equal(bed.github.requests.length, 0, "GitHub is not contacted");
  assert.deepEqual(run.outputs, {});
  assert.match(run.summary, /## ❌ Outpost/);
  assert.match(run.summary, /### `deploy\/outpost\.yaml`: 3 errors, 1 warning/);
  assert.match(
    run.summary,
    /\| ❌ \| `deploy\/outpost\.yaml:14:10` \| jobs\.train\.gpu: must be one of/,
  );
});

test("an unset secret is an error naming it, and a missing file says so", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile(
    "outpost.yaml",
    `version: 1
namespace: acme
services:
  api:
    image: ghcr.io/acme/api:v1
    gpu: L4
    env:
      HF_TOKEN: \${{ secrets.HF_TOKEN }}
`,
  );
  const unset = await runAction(bed, { event: { name: "push", sha: commit("unset") } });
  assert.equal(unset.exitCode, 1, transcript(unset));
  const problem = annotations(unset, "error").find((a) => a.properties["line"] === "8");
  assert.match(problem?.message ?? "", /secrets\.HF_TOKEN/);

  const missing = await runAction(bed, {
    event: { name: "push", sha: commit("missing") },
    inputs: { config: "nowhere.yaml" },
  });
  assert.match(failureOf(missing), /cannot read nowhere\.yaml: no such file/);
});
