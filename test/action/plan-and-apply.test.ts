import assert from "node:assert/strict";
import { test } from "node:test";
import { parseJsonOutput } from "../support/json-outputs.ts";
import { parseDeploymentPayload } from "../../src/records/deployment-payload.ts";
import {
  annotations,
  commit,
  failureOf,
  oneService,
  outpostToken,
  repository,
  runAction,
  startTestbed,
  transcript,
  type Testbed,
} from "./harness.ts";

const hfToken = "hf_s3cr3tValueThatMustNeverShow";

const config = `${oneService}    env:
      HF_TOKEN: \${{ secrets.HF_TOKEN }}
      MODEL_ID: BAAI/bge-large-en
jobs:
  nightly-eval:
    image: ghcr.io/acme/eval:v1
    command: python eval.py
    gpu: L4
`;

/** The emulator's dev token, given as the action's `token`. */
const secretsInput = JSON.stringify({ HF_TOKEN: hfToken, github_token: "ghs_unused" });

async function bedWithConfig(t: Parameters<typeof startTestbed>[0]): Promise<Testbed> {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", config);
  return bed;
}

function deployments(bed: Testbed) {
  return bed.github.state.repository(repository)?.deployments ?? [];
}

test("a pull request plans, shows the plan, and writes nothing to Outpost or GitHub", async (t) => {
  const bed = await bedWithConfig(t);
  const run = await runAction(bed, {
    event: { name: "pull_request", sha: commit("pr-head") },
    inputs: { secrets: secretsInput },
  });
  assert.equal(run.exitCode, 0, transcript(run));
  assert.equal(bed.emulator.stats.snapshot().writes, 0, "Outpost writes on a pull request");
  assert.equal(bed.github.writes(), 0, "GitHub writes on a pull request");
  assert.equal(run.outputs["changed"], "true");
  const plan = parseJsonOutput("plan", run.outputs["plan"] ?? "");
  assert.equal(plan.summary, "1 to create, 1 job to submit");
  assert.match(run.summary, /## 📝 Outpost plan · `acme`/);
  assert.match(
    run.summary,
    /Pull request #\d+ \(`pull_request`\): this run plans only; nothing is written to Outpost\./,
  );
  assert.match(run.summary, /\| `\+` \| service embedding-api \| create \|/);
  assert.match(run.summary, /job nightly-eval \| submit nightly-eval-[0-9a-f]{7}/);
  assert.deepEqual(parseJsonOutput("action-services", run.outputs["services"] ?? "").services, {
    "embedding-api": { endpoint: null, status: null },
  });
});

test("a push to the deploy branch applies, records Deployments, and a second identical push writes nothing", async (t) => {
  const bed = await bedWithConfig(t);
  const first = await runAction(bed, {
    event: { name: "push", sha: commit("first") },
    inputs: { secrets: secretsInput },
  });
  assert.equal(first.exitCode, 0, transcript(first));
  const inspected = bed.emulator.controls.inspect();
  assert.deepEqual(
    inspected.services.map((s) => [s.name, s.status, s.env["HF_TOKEN"]]),
    [["embedding-api", "running", hfToken]],
  );
  assert.deepEqual(
    inspected.jobs.map((j) => j.name),
    [`nightly-eval-${commit("first").slice(0, 7)}`],
  );

  const { services } = parseJsonOutput("action-services", first.outputs["services"] ?? "");
  assert.deepEqual(services, {
    "embedding-api": { endpoint: "https://embedding-api.acme.outpost.run", status: "running" },
  });
  const { jobs } = parseJsonOutput("action-jobs", first.outputs["jobs"] ?? "");
  assert.equal(jobs["nightly-eval"]?.run_name, `nightly-eval-${commit("first").slice(0, 7)}`);
  assert.equal(first.outputs["changed"], "true");

  // One Deployment per applied resource, its payload the record, its statuses the resource's.
  const recorded = deployments(bed).map((d) => {
    const parsed = parseDeploymentPayload(d.payload);
    assert.equal(parsed.type, "outpost");
    return {
      environment: d.environment,
      sha: d.sha,
      kind: parsed.type === "outpost" ? parsed.payload.kind : "",
      outpostName: parsed.type === "outpost" ? parsed.payload.outpostName : "",
      states: d.statuses.map((s) => s.state),
      url: d.statuses.at(-1)?.environmentUrl,
    };
  });
  assert.deepEqual(
    recorded.sort((a, b) => a.environment.localeCompare(b.environment)),
    [
      {
        environment: "outpost/acme/embedding-api",
        sha: commit("first"),
        kind: "service",
        outpostName: "embedding-api",
        states: ["queued", "in_progress", "success"],
        url: "https://embedding-api.acme.outpost.run",
      },
      {
        environment: "outpost/acme/jobs/nightly-eval",
        sha: commit("first"),
        kind: "job",
        outpostName: `nightly-eval-${commit("first").slice(0, 7)}`,
        states: ["queued", "in_progress"],
        url: "",
      },
    ],
  );

  // The summary: results with the endpoint and run name, and timings.
  assert.match(first.summary, /## ✅ Outpost apply · `acme`/);
  assert.match(
    first.summary,
    /service embedding-api \| created \| running \(1 ready\) \| https:\/\/embedding-api\.acme\.outpost\.run/,
  );
  assert.match(first.summary, /job nightly-eval \| submitted \| queued \| nightly-eval-/);
  assert.match(first.summary, /<summary>Timings<\/summary>/);
  // One log group per resource, titled with its outcome.
  const groups = first.commands.filter((c) => c.command === "group").map((c) => c.message);
  assert.deepEqual(groups.length, 2, transcript(first));
  assert.ok(groups.some((g) => g.startsWith("✅ service embedding-api: created")));
  assert.ok(groups.some((g) => g.startsWith("✅ job nightly-eval: submitted")));

  const writesBefore = bed.emulator.stats.snapshot().writes;
  const githubWritesBefore = bed.github.writes();
  const second = await runAction(bed, {
    event: { name: "push", sha: commit("second") },
    inputs: { secrets: secretsInput },
  });
  assert.equal(second.exitCode, 0, transcript(second));
  assert.equal(bed.emulator.stats.snapshot().writes - writesBefore, 0, transcript(second));
  assert.equal(bed.github.writes() - githubWritesBefore, 0, "no new Deployments");
  assert.equal(second.outputs["changed"], "false");
  assert.match(second.summary, /no changes/);
  const secondJobs = parseJsonOutput("action-jobs", second.outputs["jobs"] ?? "").jobs;
  assert.deepEqual(Object.keys(secondJobs), ["nightly-eval"]);
});

test("a secret passed through `secrets` appears nowhere: not in the log, the summary or the outputs", async (t) => {
  const bed = await bedWithConfig(t);
  // A short job, whose log is streamed into the step's log.
  bed.emulator.controls.script.job("*", { durationSeconds: 120, queueSeconds: 10 });
  const runs = [
    await runAction(bed, {
      event: { name: "pull_request", sha: commit("pr") },
      inputs: { secrets: secretsInput },
    }),
    await runAction(bed, {
      event: { name: "push", sha: commit("push") },
      inputs: { secrets: secretsInput, "wait-for-jobs": "true" },
    }),
  ];
  for (const run of runs) assert.equal(run.exitCode, 0, transcript(run));
  // The service then fails printing the secret: its last log lines, shown in the log, the
  // annotations and the summary, carry it.
  bed.emulator.controls.script.service("embedding-api", { fail: `invalid HF_TOKEN ${hfToken}` });
  const failed = await runAction(bed, {
    event: { name: "push", sha: commit("redeploy") },
    inputs: { secrets: secretsInput, redeploy: "embedding-api" },
  });
  assert.equal(failed.exitCode, 1, transcript(failed));
  assert.match(failed.summary, /invalid HF_TOKEN \*\*\*/);
  for (const run of [...runs, failed]) {
    // The runner learns the value from `::add-mask::` before anything else mentions it, and
    // hides it from then on; nothing else may carry it, in case the runner's masking misses it.
    const masks = run.commands.filter((c) => c.command === "add-mask").map((c) => c.message);
    assert.ok(masks.includes(hfToken), "the secret is registered for masking");
    assert.ok(masks.includes(outpostToken), "the token is registered for masking");
    assert.ok(run.stdout.startsWith("::add-mask::"), "masks come first");
    const unmasked = run.stdout
      .split("\n")
      .filter((line) => !line.startsWith("::add-mask::"))
      .join("\n");
    for (const [where, text] of [
      ["stdout", unmasked],
      ["stderr", run.stderr],
      ["summary", run.summary],
      ["outputs", run.outputsFile],
    ] as const) {
      assert.equal(text.includes(hfToken), false, `${where} holds the secret:\n${text}`);
      assert.equal(text.includes(outpostToken), false, `${where} holds the token:\n${text}`);
    }
  }
});

test("a failed service fails the step with its last log lines in the log and the summary", async (t) => {
  const bed = await bedWithConfig(t);
  bed.emulator.controls.script.service("embedding-api", {
    fail: "CUDA error: no kernel image is available for execution on the device",
  });
  const run = await runAction(bed, {
    event: { name: "push", sha: commit("broken") },
    inputs: { secrets: secretsInput },
  });
  assert.equal(run.exitCode, 1, transcript(run));
  const errors = annotations(run, "error");
  const service = errors.find((e) => e.properties["title"]?.includes("service embedding-api"));
  assert.ok(service, transcript(run));
  assert.match(service.message, /the service failed/);
  assert.match(service.message, /Last log lines:\n.*CUDA error: no kernel image/s);
  assert.match(
    failureOf(run),
    /^1 of 2 resources failed: service embedding-api: the service failed/,
  );
  assert.ok(run.logLines.some((l) => l.includes("CUDA error: no kernel image")));
  assert.match(run.summary, /## ❌ Outpost · `acme`/);
  assert.match(run.summary, /<summary>Last log lines of service embedding-api<\/summary>/);
  assert.match(run.summary, /CUDA error: no kernel image/);
  const deployment = deployments(bed).find((d) => d.environment === "outpost/acme/embedding-api");
  assert.deepEqual(
    deployment?.statuses.map((s) => s.state),
    ["queued", "in_progress", "failure"],
  );
});
