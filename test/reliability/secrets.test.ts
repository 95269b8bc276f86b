/**
 * Secrets: canary values used in the env of a service and a job — one from `${{ secrets.* }}`,
 * one from `${{ env.* }}` — reach Outpost and nothing else. Through every command of the CLI
 * (records kept in GitHub Deployments, as the action keeps them), and through the bundled action
 * on a push, including the paths most likely to leak: a service and a job that fail printing the
 * canary in their logs, JSON output, and Deployment payloads and statuses. The canaries are
 * looked for in stdout, stderr, the job summary, the outputs and every request GitHub received.
 *
 * (The action's own tests also check its log, summary and outputs for one secret; what this adds
 * is the canary from `env`, the job's env, the failing job, and GitHub's side.)
 */
import assert from "node:assert/strict";
import { suite, test } from "node:test";
import { startEmulator } from "../../src/emulator/emulator.ts";
import { commit, repository, runAction, startTestbed, transcript } from "../action/harness.ts";
import { errorReply } from "../support/fake-outpost.ts";
import { startFakeGitHub } from "../support/fake-github/fake-github.ts";
import { startGarblingProxy } from "../support/garbling-proxy.ts";
import { outpost, projectDir, type CliRun } from "./cli.ts";

const secretCanary = "canary-secret-7f3e9c2b1a60";
const envCanary = "canary-env-5d4c3b2a1f09";
const canaries = [secretCanary, envCanary];

const config = `version: 1
namespace: acme
services:
  api:
    image: ghcr.io/acme/api:v1
    gpu: L4
    env:
      API_KEY: \${{ secrets.CANARY }}
      UPSTREAM: \${{ env.UPSTREAM_TOKEN }}
      STAGE: prod
jobs:
  train:
    command: python train.py --epochs 1
    image: ghcr.io/acme/train:v1
    gpu: L4
    env:
      TOKEN: \${{ secrets.CANARY }}
      UPSTREAM: \${{ env.UPSTREAM_TOKEN }}
`;

/** Fails with every place a canary shows up in `text`. */
function assertClean(where: string, text: string, which: readonly string[] = canaries): void {
  for (const canary of which) {
    const at = text.indexOf(canary);
    assert.equal(
      at,
      -1,
      `${where} holds ${canary}: …${text.slice(Math.max(0, at - 200), at + 60)}…`,
    );
  }
}

suite("a canary secret appears nowhere but in what Outpost receives", { concurrency: true }, () => {
  test("the CLI: validate, plan, apply, status, logs, failures, JSON, Deployment records", async (t) => {
    const emulator = await startEmulator({ timeScale: 2000, seed: 21 });
    const github = await startFakeGitHub({ repositories: [{ fullName: repository }] });
    t.after(() => Promise.all([emulator.close(), github.close()]));
    const dir = await projectDir(t, { "outpost.yaml": config });
    const token = github.state.issueActionsToken(repository);
    const env = {
      OUTPOST_API_URL: emulator.url,
      OUTPOST_TOKEN: "dev-token",
      OUTPOST_SECRET_CANARY: secretCanary,
      UPSTREAM_TOKEN: envCanary,
    };
    const sha = commit("cli");
    const withRecords = [
      ...["--repository", repository, "--github-token", token],
      ...["--github-api-url", github.url, "--sha", sha],
    ];
    // `--run` submits the job again under the next free name.
    const rerun = `train-${sha.slice(0, 7)}-2`;
    const runs: [string, CliRun][] = [];
    /** Read commands (status, logs) are checked for the secret only; see the test below. */
    const readRuns: [string, CliRun][] = [];
    const command =
      (into: [string, CliRun][]) =>
      async (expected: number, ...argv: string[]) => {
        const run = await outpost(argv, { cwd: dir, env });
        into.push([argv.join(" "), run]);
        assert.equal(run.code, expected, `outpost ${argv.join(" ")}\n${run.stdout}${run.stderr}`);
      };
    const cli = command(runs);
    const read = command(readRuns);

    await cli(0, "validate");
    await cli(0, "plan", ...withRecords);
    await cli(0, "plan", "--json", ...withRecords);
    await cli(0, "apply", "--yes", "--poll-interval", "50ms", ...withRecords);
    await cli(0, "apply", "--yes", "--json", ...withRecords);
    await read(0, "status");
    await read(0, "status", "--json", "--namespace", "acme");

    // The job fails, its traceback printing the canary; its logs, followed or not, and an apply
    // that waits for it carry that line.
    emulator.controls.script.job("train-*", {
      failAtStep: 1,
      failMessage: `RuntimeError: bad token ${secretCanary} for ${envCanary}`,
      queueSeconds: 1,
    });
    await cli(
      1,
      "apply",
      "--yes",
      "--run",
      "train",
      "--wait-for-jobs",
      "--poll-interval",
      "50ms",
      ...withRecords,
    );
    await read(0, "logs", rerun, "--namespace", "acme", "--tail", "50");
    await read(1, "logs", rerun, "--namespace", "acme", "--follow");
    await read(0, "logs", rerun, "--namespace", "acme", "--json");

    // The service fails printing the canary: the apply's failure carries its last log lines.
    emulator.controls.script.service("api", { fail: `refused key ${secretCanary}` });
    await cli(1, "apply", "--yes", "--redeploy", "api", "--poll-interval", "50ms", ...withRecords);
    await cli(
      1,
      "apply",
      "--yes",
      "--json",
      "--redeploy",
      "api",
      "--poll-interval",
      "50ms",
      ...withRecords,
    );
    await read(0, "logs", "api", "--namespace", "acme");

    // The canaries did flow: to Outpost, and into the logs the CLI printed masked.
    const { services, jobs } = emulator.controls.inspect();
    assert.equal(services[0]?.env["API_KEY"], secretCanary);
    assert.equal(jobs[0]?.env["UPSTREAM"], envCanary);
    const printed = [...runs, ...readRuns].map(([, run]) => run.stdout).join("");
    assert.match(printed, /RuntimeError: bad token \*\*\* for \*\*\*/);
    assert.match(printed, /refused key \*\*\*/);

    for (const [argv, run, which] of [
      ...runs.map(([argv, run]) => [argv, run, canaries] as const),
      ...readRuns.map(([argv, run]) => [argv, run, [secretCanary]] as const),
    ]) {
      assertClean(`outpost ${argv}: stdout`, run.stdout, which);
      assertClean(`outpost ${argv}: stderr`, run.stderr, which);
      assert.ok(!run.stdout.includes(token) && !run.stderr.includes(token), "the GitHub token");
    }
    assert.ok(github.requests.some((r) => r.operationId === "repos/create-deployment"));
    for (const request of github.requests) {
      assertClean(`GitHub ${request.method} ${request.path}`, JSON.stringify(request.body ?? null));
    }
    assert.deepEqual(github.rejections, []);
  });

  test("the read commands mask values from `${{ env.* }}` too", async (t) => {
    const emulator = await startEmulator({ timeScale: 2000, seed: 22 });
    t.after(() => emulator.close());
    const dir = await projectDir(t, { "outpost.yaml": config });
    emulator.controls.script.job("*", {
      failAtStep: 1,
      failMessage: `bad ${envCanary}`,
      queueSeconds: 1,
    });
    const env = {
      OUTPOST_API_URL: emulator.url,
      OUTPOST_TOKEN: "dev-token",
      OUTPOST_SECRET_CANARY: secretCanary,
      UPSTREAM_TOKEN: envCanary,
    };
    const applied = await outpost(
      ["apply", "--yes", "--sha", commit("env"), "--wait-for-jobs", "--poll-interval", "50ms"],
      { cwd: dir, env },
    );
    assert.equal(applied.code, 1, applied.stdout + applied.stderr);
    assertClean("apply", applied.stdout + applied.stderr);
    const logs = await outpost(["logs", "train", "--tail", "50"], { cwd: dir, env });
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /bad /);
    assertClean("outpost logs", logs.stdout + logs.stderr);
  });

  test("the action on a push: log, summary, outputs, Deployment payloads and statuses", async (t) => {
    const bed = await startTestbed(t);
    await bed.writeFile("outpost.yaml", config);
    bed.emulator.controls.script.job("*", { durationSeconds: 120, queueSeconds: 10 });
    const inputs = {
      secrets: JSON.stringify({ CANARY: secretCanary }),
      "wait-for-jobs": "true",
    };
    const env = { UPSTREAM_TOKEN: envCanary };
    const first = await runAction(bed, {
      event: { name: "push", sha: commit("one") },
      inputs,
      env,
    });
    assert.equal(first.exitCode, 0, transcript(first));
    bed.emulator.controls.script.service("api", {
      fail: `refused key ${secretCanary} ${envCanary}`,
    });
    const failed = await runAction(bed, {
      event: { name: "push", sha: commit("two") },
      inputs: { ...inputs, redeploy: "api" },
      env,
    });
    assert.equal(failed.exitCode, 1, transcript(failed));
    assert.match(failed.summary, /refused key \*\*\* \*\*\*/);

    assert.equal(bed.emulator.controls.inspect().services[0]?.env["UPSTREAM"], envCanary);
    for (const run of [first, failed]) {
      const masks = run.commands.filter((c) => c.command === "add-mask").map((c) => c.message);
      for (const canary of canaries) assert.ok(masks.includes(canary), `${canary} is masked`);
      // `::add-mask::` lines must name the value; nothing else may.
      const log = run.stdout
        .split("\n")
        .filter((line) => !line.startsWith("::add-mask::"))
        .join("\n");
      assertClean("the action's log", log);
      assertClean("the action's stderr", run.stderr);
      assertClean("the job summary", run.summary);
      assertClean("the outputs", run.outputsFile);
    }
    const deployments = bed.github.requests.filter((r) => r.path.includes("/deployments"));
    assert.ok(deployments.length > 0, "the action recorded Deployments");
    for (const request of bed.github.requests) {
      assertClean(`GitHub ${request.method} ${request.path}`, JSON.stringify(request.body ?? null));
    }
  });
});

/**
 * A secret with every character that changes how it is written in transit: quotes, a backslash,
 * `/`, `+`, `%`, a space, non-ASCII letters and a line break. Each piece between them is a
 * canary of its own, so that any form that keeps letters readable (raw, JSON-escaped,
 * URL-encoded) shows up as one of them; base64 forms are looked for as such.
 */
const tricky = 'trkA1"trkB2\\trkC3/trkD4+trkE5%trkF6 trkGñé7\ntrkH8';
const trickyPieces = ["trkA1", "trkB2", "trkC3", "trkD4", "trkE5", "trkF6", "trkG", "trkH8"];
/** A token of printable ASCII with the characters that JSON and URLs escape. */
const trickyToken = 'tok"A1\\B2/C3+D4%E5-tokcanary';
const tokenPieces = ["tokcanary", "A1\\B2", 'tok"A1'];

/** Base64 of `value` at each alignment it may take inside a longer payload, inner part only. */
function base64Windows(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  return [0, 1, 2].flatMap((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString("base64");
    const inner = encoded.slice(4, -4);
    return [inner, inner.replaceAll("+", "-").replaceAll("/", "_")];
  });
}

/** The error an API might answer, quoting a value in every form it takes in transit. */
function echoOf(value: string): string {
  const json = JSON.stringify(value);
  const ascii = json.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  const form = new URLSearchParams({ key: value }).toString();
  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  return [
    `refused env {"API_KEY":${json}}`,
    `ascii {"API_KEY":${ascii}}`,
    `callback https://hooks.example/cb?key=${encodeURIComponent(value)}&${form}`,
    `Authorization: Basic ${b64(`ci:${value}`)}`,
    `raw64 ${b64(value)} url64 ${Buffer.from(value, "utf8").toString("base64url")}`,
  ].join("; ");
}

function assertNoForm(where: string, text: string, pieces: readonly string[], value: string) {
  for (const piece of pieces) {
    const at = text.indexOf(piece);
    assert.equal(
      at,
      -1,
      `${where} shows ${piece}: …${text.slice(Math.max(0, at - 120), at + 60)}…`,
    );
  }
  for (const window of base64Windows(value)) {
    assert.ok(!text.includes(window), `${where} shows base64 of the secret (${window})`);
  }
}

suite("a secret is masked in every form it takes in transit", { concurrency: true }, () => {
  const trickyConfig = `version: 1
namespace: acme
services:
  api:
    image: ghcr.io/acme/api:v1
    gpu: L4
    env:
      API_KEY: \${{ secrets.TRICKY }}
`;

  test("the CLI: apply text and --json, and a read command's error", async (t) => {
    const emulator = await startEmulator({ timeScale: 2000, seed: 23, devToken: trickyToken });
    const proxy = await startGarblingProxy(emulator.url);
    t.after(async () => {
      await proxy.close();
      await emulator.close();
    });
    const dir = await projectDir(t, { "outpost.yaml": trickyConfig });
    const env = {
      OUTPOST_API_URL: proxy.url,
      OUTPOST_TOKEN: trickyToken,
      OUTPOST_SECRET_TRICKY: tricky,
    };
    proxy.garble("createService", {
      reply: errorReply(422, "invalid_configuration", echoOf(tricky)),
    });
    const fast = { sleep: () => Promise.resolve() };
    const runs: [string, CliRun][] = [];
    for (const argv of [
      ["apply", "--yes", "--sha", commit("forms")],
      ["apply", "--yes", "--json", "--sha", commit("forms")],
    ]) {
      const run = await outpost(argv, { cwd: dir, env, outpostClient: fast });
      assert.equal(run.code, 1, `${argv.join(" ")}\n${run.stdout}${run.stderr}`);
      runs.push([argv.join(" "), run]);
    }
    assert.match(runs[0]?.[1].stdout ?? "", /refused env/, "the API's message is shown");
    proxy.garble("listServices", {
      reply: errorReply(401, "invalid_token", `${echoOf(trickyToken)}; ${echoOf(tricky)}`),
    });
    for (const argv of [["status"], ["status", "--json"]]) {
      const run = await outpost(argv, { cwd: dir, env, outpostClient: fast });
      assert.equal(run.code, 1, `${argv.join(" ")}\n${run.stdout}${run.stderr}`);
      assert.match(run.stderr, /Outpost API 401/);
      runs.push([argv.join(" "), run]);
    }
    for (const [argv, run] of runs) {
      for (const [stream, text] of [
        ["stdout", run.stdout],
        ["stderr", run.stderr],
      ] as const) {
        assertNoForm(`outpost ${argv}: ${stream}`, text, trickyPieces, tricky);
        assertNoForm(`outpost ${argv}: ${stream}`, text, tokenPieces, trickyToken);
      }
    }
  });

  test("the action: log, summary and outputs; every form registered with add-mask", async (t) => {
    const bed = await startTestbed(t);
    const proxy = await startGarblingProxy(bed.emulator.url);
    t.after(() => proxy.close());
    await bed.writeFile("outpost.yaml", trickyConfig);
    proxy.garble("createService", {
      reply: errorReply(422, "invalid_configuration", echoOf(tricky)),
    });
    const run = await runAction(bed, {
      event: { name: "push", sha: commit("forms") },
      inputs: { secrets: JSON.stringify({ TRICKY: tricky }), "api-url": proxy.url },
    });
    assert.equal(run.exitCode, 1, transcript(run));
    assert.match(run.summary, /refused env/, "the API's message is in the summary");
    const masks = run.commands.filter((c) => c.command === "add-mask").map((c) => c.message);
    const forms = [
      tricky,
      JSON.stringify(tricky).slice(1, -1),
      encodeURIComponent(tricky),
      new URLSearchParams({ k: tricky }).toString().slice(2),
      Buffer.from(tricky, "utf8").toString("base64"),
      Buffer.from(tricky, "utf8").toString("base64url"),
    ];
    for (const form of forms) assert.ok(masks.includes(form), `${form} is registered`);
    const log = run.stdout
      .split("\n")
      .filter((line) => !line.startsWith("::add-mask::"))
      .join("\n");
    for (const [where, text] of [
      ["the log", log],
      ["stderr", run.stderr],
      ["the summary", run.summary],
      ["the outputs", run.outputsFile],
    ] as const) {
      assertNoForm(`the action's ${where}`, text, trickyPieces, tricky);
    }
  });
});
