import assert from "node:assert/strict";
import { test } from "node:test";
import {
  annotations,
  commit,
  failureOf,
  oneService as config,
  repository,
  runAction,
  startTestbed,
  transcript,
} from "./harness.ts";

test("without `deployments: write` the apply still works and warns once, naming the permission", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", config);
  const run = await runAction(bed, {
    event: { name: "push", sha: commit("readonly") },
    inputs: { "github-token": bed.githubToken({ contents: "read", deployments: "read" }) },
  });
  assert.equal(run.exitCode, 0, transcript(run));
  assert.equal(bed.emulator.controls.inspect().services[0]?.status, "running");
  const warnings = annotations(run, "warning");
  assert.equal(warnings.length, 1, transcript(run));
  assert.match(warnings[0]?.message ?? "", /`deployments: write`/);
  assert.equal(bed.github.state.repository(repository)?.deployments.length, 0);
});

test("a replacement that is not allowed fails before anything is written, with the plan saying why", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", config);
  const first = await runAction(bed, { event: { name: "push", sha: commit("one") } });
  assert.equal(first.exitCode, 0, transcript(first));

  await bed.writeFile("outpost.yaml", config.replace("gpu: L4", "gpu: A100-80GB"));
  const writes = bed.emulator.stats.snapshot().writes;
  const githubWrites = bed.github.writes();
  const refused = await runAction(bed, { event: { name: "push", sha: commit("two") } });
  assert.match(
    failureOf(refused),
    /^Refusing to apply: embedding-api needs replacement.*`allow-replace`/,
  );
  assert.equal(bed.emulator.stats.snapshot().writes, writes);
  assert.equal(bed.github.writes(), githubWrites);
  assert.match(
    refused.summary,
    /service embedding-api \| replace \(not allowed\) \| `gpu`: L4 → A100-80GB/,
  );
  assert.equal(refused.outputs["changed"], "false");

  const allowed = await runAction(bed, {
    event: { name: "push", sha: commit("two") },
    inputs: { "allow-replace": "true" },
  });
  assert.equal(allowed.exitCode, 0, transcript(allowed));
  assert.match(allowed.summary, /service embedding-api \| replaced \| running/);
});

test("a service not ready by the timeout fails the step, saying what it was waiting for", async (t) => {
  const bed = await startTestbed(t);
  bed.emulator.controls.script.service("embedding-api", { deploySeconds: 1_000_000 });
  await bed.writeFile("outpost.yaml", config);
  const run = await runAction(bed, {
    event: { name: "push", sha: commit("slow") },
    inputs: { timeout: "1s" },
  });
  assert.match(
    failureOf(run),
    /^1 of 1 resources failed: service embedding-api: not ready before the timeout: deploying with 0 of 1 replicas ready$/,
  );
});

test("invalid inputs fail with a message naming the input, never a stack trace", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile(
    "outpost.yaml",
    config + "jobs:\n  train:\n    image: x/y:1\n    command: go\n    gpu: L4\n",
  );
  const cases: [Record<string, string>, RegExp][] = [
    [
      { timeout: "15" },
      /^`timeout` must be a duration with a unit, e.g. `15m`, `90s` or `1h30m`; got `15`\.$/,
    ],
    [{ mode: "deploy" }, /^`mode` must be one of `auto`, `plan`, `apply`; got `deploy`\.$/],
    [{ wait: "maybe" }, /^`wait` must be `true` or `false`; got `maybe`\.$/],
    [{ "api-key": "key$secret" }, /^Set either `token` or `api-key`, not both\.$/],
    [
      { secrets: "HF_TOKEN=abc" },
      /^`secrets` must be a JSON object of names and values; pass `\$\{\{ toJSON\(secrets\) \}\}`\.$/,
    ],
    [
      { jobs: "trian" },
      /^`jobs` names `trian` \(did you mean `train`\?\), not a job of outpost\.yaml \(it declares `train`\)\.$/,
    ],
    [
      { namespace: "prod" },
      /deploys to the namespace `acme`, but the `namespace` input expects `prod`/,
    ],
    [{ token: "not a token" }, /^`token`: The Outpost token contains spaces/],
  ];
  for (const [inputs, message] of cases) {
    const run = await runAction(bed, { event: { name: "push", sha: commit("inputs") }, inputs });
    assert.match(failureOf(run), message, transcript(run));
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /);
  }
  assert.equal(bed.emulator.stats.snapshot().writes, 0);
});

test("an API key works in place of a token, and it is masked, its secret part too", async (t) => {
  const apiKey = "ci-deploy$sk_test_4f9a8b7c6d5e4f3a2b1c";
  const bed = await startTestbed(t, {
    devToken: false,
    credentials: [{ apiKey, namespaces: ["acme"] }],
  });
  await bed.writeFile("outpost.yaml", config);
  const run = await runAction(bed, {
    event: { name: "push", sha: commit("api-key") },
    inputs: { token: "", "api-key": apiKey },
  });
  assert.equal(run.exitCode, 0, transcript(run));
  assert.equal(bed.emulator.controls.inspect().services[0]?.status, "running");
  const masks = run.commands.filter((c) => c.command === "add-mask").map((c) => c.message);
  assert.ok(masks.includes(apiKey) && masks.includes("sk_test_4f9a8b7c6d5e4f3a2b1c"));

  const refused = await runAction(bed, {
    event: { name: "push", sha: commit("wrong-key") },
    inputs: { token: "", "api-key": "ci-deploy$sk_test_wrong" },
  });
  assert.match(
    failureOf(refused),
    /Outpost API 401.*Outpost refused the credential: check the `token` or `api-key` input\.$/,
  );
  assert.equal(refused.summary.includes("sk_test_wrong"), false);
});
