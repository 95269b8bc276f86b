/**
 * `--json` is a public interface: every command's JSON carries `format_version` and matches its
 * schema in docs/json/ (each output here is read through `parseJsonOutput`, which checks that),
 * and a command that fails under `--json` still prints JSON — config problems, API errors, usage
 * errors — with the exit code it has without `--json`.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite, test, type TestContext } from "node:test";
import type { CliIo } from "../../src/cli/command.ts";
import { run } from "../../src/cli/main.ts";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.ts";
import { parseJsonOutput } from "../support/json-outputs.ts";

const sha = "3333333ccccccccccccccccccccccccccccccccc";
const config = `version: 1
namespace: acme
services:
  api:
    image: ghcr.io/acme/api:v1
    gpu: L4
    env:
      HF_TOKEN: \${{ secrets.HF_TOKEN }}
jobs:
  train:
    command: python train.py
    image: ghcr.io/acme/train:v1
    gpu: L4
`;

interface World {
  readonly emulator: Emulator;
  outpost(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

async function world(t: TestContext, text = config, token = "dev-token"): Promise<World> {
  const emulator = await startEmulator({ timeScale: 3600, seed: 11 });
  const dir = await mkdtemp(join(tmpdir(), "outpost-json-"));
  t.after(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });
  await writeFile(join(dir, "outpost.yaml"), text);
  return {
    emulator,
    async outpost(...args) {
      let stdout = "";
      let stderr = "";
      const io: CliIo = {
        stdout: { write: (chunk: string) => (stdout += chunk) },
        stderr: { write: (chunk: string) => (stderr += chunk) },
        cwd: dir,
        env: {
          OUTPOST_API_URL: emulator.url,
          OUTPOST_TOKEN: token,
          OUTPOST_SECRET_HF_TOKEN: "hf_json_secret_value",
        },
      };
      const code = await run([...args, "--sha", sha], io);
      assert.doesNotMatch(stdout, /hf_json_secret_value/);
      return { code, stdout, stderr };
    },
  };
}

/** Keys of a document that look like internal (camelCase) names. */
function camelCaseKeys(value: unknown, at = ""): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => camelCaseKeys(item, `${at}/${index}`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    ...(/[A-Z]/.test(key) ? [`${at}/${key}`] : []),
    ...camelCaseKeys(child, `${at}/${key}`),
  ]);
}

suite("--json", { concurrency: true }, () => {
  test("plan, apply and status print versioned documents of their own shape, never env values", async (t) => {
    const w = await world(t);
    const planned = await w.outpost("plan", "--json");
    assert.equal(planned.code, 0, planned.stderr);
    const plan = parseJsonOutput("plan", planned.stdout);
    assert.equal(plan.format_version, "1.0");
    assert.deepEqual(
      plan.changes.map((c) => [c.kind, c.name, c.action, c.writes]),
      [
        ["service", "api", "create", true],
        ["job", "train", "submit", true],
      ],
    );
    assert.deepEqual(plan.changes[0]?.spec?.env, ["HF_TOKEN"]);
    assert.equal(plan.changes[1]?.outpost_name, `train-${sha.slice(0, 7)}`);
    assert.deepEqual(camelCaseKeys(plan), []);

    const applied = await w.outpost("apply", "--yes", "--json", "--poll-interval", "50ms");
    assert.equal(applied.code, 0, applied.stderr);
    const apply = parseJsonOutput("apply", applied.stdout);
    assert.equal(apply.ok, true);
    assert.deepEqual(
      apply.results.map((r) => [r.kind, r.name, r.ok]),
      [
        ["service", "api", true],
        ["job", "train", true],
      ],
    );
    assert.deepEqual(camelCaseKeys(apply), []);

    const status = parseJsonOutput("status", (await w.outpost("status", "--json")).stdout);
    assert.deepEqual(
      status.services.map((s) => [s.name, s.status]),
      [["api", "running"]],
    );
    assert.deepEqual(
      status.jobs.map((j) => j.name),
      [`train-${sha.slice(0, 7)}`],
    );
  });

  test("logs, logs --follow, cancel and jobs prune print versioned documents", async (t) => {
    const w = await world(t);
    w.emulator.controls.script.job("train-*", { durationSeconds: 7200, queueSeconds: 0 });
    assert.equal((await w.outpost("apply", "--yes", "--no-wait")).code, 0);

    const cancelled = await w.outpost("cancel", "train", "--json");
    assert.equal(cancelled.code, 0, cancelled.stderr);
    const cancel = parseJsonOutput("cancel", cancelled.stdout);
    assert.deepEqual([cancel.run_name, cancel.status], [`train-${sha.slice(0, 7)}`, "cancelled"]);

    const followed = await w.outpost("logs", "train", "--follow", "--json");
    const lines = followed.stdout
      .trimEnd()
      .split("\n")
      .map((line) => parseJsonOutput("logs", line));
    assert.ok(lines.length > 1, followed.stdout);
    assert.ok(
      lines.slice(0, -1).every((line) => line.type === "line" && line.message !== undefined),
    );
    assert.deepEqual(lines.at(-1), {
      format_version: "1.0",
      type: "end",
      run_name: `train-${sha.slice(0, 7)}`,
      status: "cancelled",
    });
    assert.equal(followed.code, 1, "a cancelled run is not a success");

    const pruned = await w.outpost("jobs", "prune", "--keep", "0", "--dry-run", "--json");
    assert.equal(pruned.code, 0, pruned.stderr);
    const prune = parseJsonOutput("jobs-prune", pruned.stdout);
    assert.deepEqual(
      { ...prune, decisions: prune.decisions.map((d) => [d.job, d.run_name, d.delete]) },
      {
        format_version: "1.0",
        namespace: "acme",
        dry_run: true,
        delete_artifacts: false,
        deleted: [`train-${sha.slice(0, 7)}`],
        decisions: [["train", `train-${sha.slice(0, 7)}`, true]],
        unrecorded: [],
      },
    );
  });

  test("config errors are a JSON error with every problem, exit 1", async (t) => {
    const w = await world(t, config.replace("gpu: L4", "gpu: L5"));
    for (const command of ["plan", "apply", "status"]) {
      const failed = await w.outpost(command, "--json", ...(command === "apply" ? ["--yes"] : []));
      assert.equal(failed.code, 1, command);
      const { error } = parseJsonOutput("error", failed.stdout);
      assert.equal(error.code, "config_invalid", command);
      assert.deepEqual(
        error.problems?.map((p) => [p.path, p.line, p.column, p.suggestion]),
        [["services.api.gpu", 6, 10, "L4"]],
        command,
      );
    }
    assert.equal(w.emulator.stats.snapshot().requests.length, 0, "nothing reached Outpost");
  });

  test("usage errors are a JSON error, exit 2", async (t) => {
    const w = await world(t);
    for (const args of [
      ["plan", "--json", "--no-such-option"],
      ["validate", "--json", "a.yaml", "b.yaml"],
      ["logs", "--json"],
      ["apply", "--json"],
    ]) {
      const failed = await w.outpost(...args);
      assert.equal(failed.code, 2, args.join(" "));
      assert.equal(parseJsonOutput("error", failed.stdout).error.code, "usage", args.join(" "));
      assert.match(failed.stderr, /^outpost \w+: /, "the message is still on standard error");
    }
  });

  test("an error answer of Outpost is a JSON error with its status, exit 1", async (t) => {
    const w = await world(t, config, "not-a-token");
    const failed = await w.outpost("plan", "--json");
    assert.equal(failed.code, 1);
    const { error } = parseJsonOutput("error", failed.stdout);
    assert.equal(error.code, "outpost_api");
    assert.equal(error.status, 401);
  });
});
