import assert from "node:assert/strict";
import { test } from "node:test";
import type { FileSeed } from "../support/fake-github/state.ts";
import { adaptPayload, webhookExample } from "../support/webhooks.ts";
import {
  checkRun,
  checkRuns,
  commit,
  installationId,
  operatorSecret,
  name,
  repo,
  serviceConfig,
  startBed,
  trainingConfig,
  type Bed,
} from "./harness.ts";

function pullRequestEvent(
  action: "opened" | "synchronize" | "reopened",
  number: number,
  headSha: string,
  fork?: string,
) {
  const payload = adaptPayload(webhookExample(`pull_request.${action}`), {
    repository: repo,
    installationId,
    headSha,
    sender: fork ?? "octo-dev",
    fork: fork ?? false,
  });
  return { ...payload, number, pull_request: { ...payload.pull_request, number } };
}

/** A pull request whose head commit holds `files`; GitHub serves it from the base repository, forks included. */
function addPull(bed: Bed, files: Record<string, FileSeed>, fork?: string) {
  const number = (bed.github.state.repository(repo)?.issues.size ?? 0) + 1;
  const headSha = commit(`pull-${number}`);
  bed.github.state.addPullRequest(repo, {
    number,
    headSha,
    ...(fork === undefined ? {} : { headRepository: `${fork}/${name}` }),
  });
  bed.github.state.addFiles(repo, headSha, files);
  return { number, headSha, event: pullRequestEvent("opened", number, headSha, fork) };
}

async function openPullRequest(
  bed: Bed,
  files: Record<string, FileSeed>,
  options: { fork?: string } = {},
) {
  const pull = addPull(bed, files, options.fork);
  const response = await bed.send("pull_request", pull.event);
  assert.equal(response.status, 202);
  return pull;
}

test('a valid outpost.yaml gets an "Outpost plan" check run with the plan, from read-only Outpost calls', async (t) => {
  const bed = await startBed(t);
  const { headSha } = await openPullRequest(bed, {
    // The service of one example and the job of the other, in one file.
    "outpost.yaml": `${serviceConfig}${trainingConfig.replace("version: 1\nnamespace: acme\n", "")}`,
  });
  const run = checkRun(bed.github, "Outpost plan");
  assert.equal(run.headSha, headSha);
  assert.equal(run.conclusion, "success");
  assert.equal(run.output.title, "acme: 1 to create, 1 job to submit");
  assert.match(run.output.summary ?? "", /\| `\+` \| service llama \| create \|/);
  assert.match(run.output.summary ?? "", /\| `▶` \| job finetune \| submit finetune-/);
  assert.equal(bed.emulator.stats.snapshot().writes, 0, "planning writes nothing to Outpost");
  assert.ok(bed.emulator.stats.count("listServices") > 0, "the plan read Outpost");
  assert.deepEqual(bed.github.writeCounts(), {
    "apps/create-installation-access-token": 1,
    "checks/create": 1,
  });
});

test("validation problems become annotations at their lines, and Outpost is not called", async (t) => {
  const bed = await startBed(t);
  const config = `version: 1
namespace: acme
services:
  llama:
    image: ghcr.io/acme/llama:v1
    gpu: A100-80G
    min_replicas: 4
    max_replicas: 2
`;
  await openPullRequest(bed, { "outpost.yaml": config });
  const run = checkRun(bed.github, "Outpost plan");
  assert.equal(run.conclusion, "failure");
  assert.match(run.output.title ?? "", /^outpost\.yaml has \d+ errors?$/);
  const gpu = run.annotations.find((a) => a.message.includes("gpu"));
  assert.ok(gpu, JSON.stringify(run.annotations));
  assert.equal(gpu.path, "outpost.yaml");
  assert.equal(gpu.start_line, 6);
  assert.equal(gpu.annotation_level, "failure");
  assert.match(gpu.message, /A100-80GB/, "the did-you-mean is in the annotation");
  assert.ok(run.annotations.some((a) => a.start_line === 7 || a.start_line === 8));
  assert.equal(bed.emulator.stats.snapshot().total, 0);
});

test("an outpost.yaml that is not UTF-8 is annotated at its first bad byte, and Outpost is not called", async (t) => {
  const bed = await startBed(t);
  const config = Buffer.concat([
    Buffer.from(
      "version: 1\nnamespace: acme\nservices:\n  llama:\n    gpu: L4\n    image: ghcr.io/acme/",
    ),
    Buffer.from([0xe2, 0x28, 0xa1, 0x28, 0x20, 0x78]),
    Buffer.from("\n"),
  ]);
  await openPullRequest(bed, { "outpost.yaml": config });
  const run = checkRun(bed.github, "Outpost plan");
  assert.equal(run.conclusion, "failure");
  assert.deepEqual(
    run.annotations.map((a) => [a.start_line, a.start_column, a.message.split("\n")[0]]),
    [
      [
        6,
        25,
        "the file is not valid UTF-8: byte 0xE2 here is not part of a character; save the file as UTF-8",
      ],
    ],
  );
  assert.equal(bed.emulator.stats.snapshot().total, 0);
});

test("a namespace not granted to the repository's owner is refused before any Outpost call", async (t) => {
  const bed = await startBed(t);
  await openPullRequest(bed, {
    "outpost.yaml": serviceConfig.replace("namespace: acme", "namespace: globex"),
  });
  const run = checkRun(bed.github, "Outpost plan");
  assert.equal(run.conclusion, "failure");
  assert.equal(run.output.title, "Namespace globex is not available to this repository");
  assert.match(
    run.output.summary ?? "",
    /grants `acme` only `acme`; a repository cannot widen that/,
  );
  assert.equal(bed.emulator.stats.snapshot().total, 0);
});

test("a fork's pull request is planned read-only, without the operator's secrets", async (t) => {
  const bed = await startBed(t);
  await openPullRequest(bed, { "outpost.yaml": trainingConfig }, { fork: "stranger" });
  const run = checkRun(bed.github, "Outpost plan");
  assert.equal(run.conclusion, "success");
  assert.match(run.output.summary ?? "", /from the fork `stranger\/models`: planned read-only/);
  assert.match(
    run.output.summary ?? "",
    /does not know `WANDB_API_KEY` \(a fork's pull request gets no secrets\)/,
  );
  assert.equal(bed.emulator.stats.snapshot().writes, 0);
  assert.ok(!JSON.stringify(run).includes(operatorSecret));
});

test("no outpost.yaml, no check run", async (t) => {
  const bed = await startBed(t);
  await openPullRequest(bed, { "README.md": "# models\n" });
  assert.equal(checkRuns(bed.github).length, 0);
});

test("webhooks that are unsigned or signed with another secret are refused, and do nothing", async (t) => {
  const bed = await startBed(t);
  const { event: payload } = addPull(bed, { "outpost.yaml": serviceConfig });
  const unsigned = await bed.send("pull_request", payload, { secret: null });
  const forged = await bed.send("pull_request", payload, { secret: "not-the-secret" });
  assert.equal(unsigned.status, 400);
  assert.equal(forged.status, 400);
  assert.equal(bed.github.requests.length, 0);
  assert.equal(bed.emulator.stats.snapshot().total, 0);
});

test("a redelivered webhook is ignored; a new event for the same commit writes nothing new", async (t) => {
  const bed = await startBed(t);
  const { headSha, event: payload } = addPull(bed, { "outpost.yaml": serviceConfig });
  const id = "5a4f8e20-2a4b-11f0-8000-000000000001";
  assert.equal((await bed.send("pull_request", payload, { id })).status, 202);
  const requests = bed.github.requests.length;
  const outpost = bed.emulator.stats.snapshot().total;
  assert.equal((await bed.send("pull_request", payload, { id })).status, 202);
  assert.equal(bed.github.requests.length, requests, "the redelivery made no GitHub request");
  assert.equal(bed.emulator.stats.snapshot().total, outpost, "nor an Outpost one");
  // `reopened` is a new delivery: planned again, but the output is the same, so nothing is written.
  assert.equal(
    (await bed.send("pull_request", pullRequestEvent("reopened", 1, headSha))).status,
    202,
  );
  assert.equal(bed.github.writes("checks/create"), 1);
  assert.equal(bed.github.writes("checks/update"), 0);
  assert.equal(checkRuns(bed.github).length, 1);
});

test("more than 50 problems are all annotated: GitHub takes 50 per request", async (t) => {
  const bed = await startBed(t);
  const services = Array.from(
    { length: 60 },
    (_, i) => `  svc-${i}:\n    image: ghcr.io/acme/s:v1\n    gpu: X${i}\n`,
  ).join("");
  await openPullRequest(bed, {
    "outpost.yaml": `version: 1\nnamespace: acme\nservices:\n${services}`,
  });
  const run = checkRun(bed.github, "Outpost plan");
  assert.equal(run.conclusion, "failure");
  assert.equal(run.annotations.length, 60);
  assert.deepEqual(
    run.annotations.slice(0, 3).map((a) => a.start_line),
    [6, 9, 12],
  );
  assert.equal(bed.github.writes("checks/create"), 1);
  assert.equal(bed.github.writes("checks/update"), 1, "the other ten in one more request");
});

test("a job's `paths:` digest alike in the action's checkout and in the bot's Git tree: `./training/**`, `training/**`, `**/*.py`", async (t) => {
  const bed = await startBed(t);
  const files = {
    "training/train.py": "print('train')\n",
    "training/data/prompts.jsonl": '{"prompt": "hi"}\n',
    "tools/util.py": "def util(): pass\n",
    "README.md": "# models\n",
  };
  const globs = ["./training/**", "training/**", "**/*.py"];
  for (const [index, glob] of globs.entries()) {
    const config = `version: 1
namespace: acme
jobs:
  finetune:
    command: python training/train.py
    image: ghcr.io/acme/trainer:v1
    gpu: L4
    paths: [${JSON.stringify(glob)}]
`;
    const sha = commit(`paths-${index}`);
    await bed.apply(config, sha, { files });
    // The pull request's head holds the same files as the checkout that was applied.
    await openPullRequest(bed, { "outpost.yaml": config, ...files });
    const run = checkRun(bed.github, "Outpost plan");
    assert.equal(run.conclusion, "success");
    assert.match(
      run.output.summary ?? "",
      /\| job finetune \| not due \|/,
      `${glob}: the bot digests other files than the checkout\n${run.output.summary ?? ""}`,
    );
    assert.equal(run.output.title, "acme: no changes", glob);
  }
});
