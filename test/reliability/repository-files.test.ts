/**
 * The trust boundary of repository files, through the CLI as a user runs it: a job's `paths:`
 * reach only the repository's own files. A glob cannot climb out or start at `/` (a config error
 * at its line, before anything is read), a symlink is digested as a link and never followed (so
 * a file outside the checkout cannot make a job due), and nothing but regular files and links is
 * ever read.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, suite, test, type TestContext } from "node:test";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.ts";
import { CheckoutFiles } from "../../src/files/checkout-files.ts";
import { legacyJobInputsDigest } from "../../src/files/legacy-job-inputs.ts";
import { hasStackTrace, outpost } from "./cli.ts";
import { parseJsonOutput } from "../support/json-outputs.ts";

function config(paths: readonly string[]): string {
  return `version: 1
namespace: acme
jobs:
  train:
    command: python train.py
    image: ghcr.io/acme/train:v1
    gpu: L4
    paths: ${JSON.stringify(paths)}
`;
}

/** A folder holding `project/` (the checkout, with outpost.yaml) and `outside/` beside it. */
async function layout(t: TestContext, paths: readonly string[]) {
  const top = await mkdtemp(join(tmpdir(), "outpost-files-"));
  t.after(() => rm(top, { recursive: true, force: true }));
  const project = join(top, "project");
  const outside = join(top, "outside");
  await mkdir(join(project, "training"), { recursive: true });
  await mkdir(outside);
  await writeFile(join(project, "outpost.yaml"), config(paths));
  await writeFile(join(project, "training", "train.py"), "print('train')\n");
  await writeFile(join(outside, "secret.txt"), "outside, version 1\n");
  return { project, outside };
}

suite("a job's paths: reach only the repository's files", () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ seed: 3, timeScale: 3600 });
  });
  after(() => emulator.close());
  const env = () => ({ OUTPOST_API_URL: emulator.url, OUTPOST_TOKEN: "dev-token" });
  // The checkouts here are no git repositories: the commit that names job runs is given.
  const sha = ["--sha", "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2"];

  for (const glob of ["../outside/*", "/abs/dir/*", "../../../../../../../dev/zero"]) {
    test(`\`${glob}\` is a config error at its line: validate and plan fail cleanly, nothing read`, async (t) => {
      const { project } = await layout(t, ["training/**", glob]);
      const before = emulator.stats.snapshot().total;
      for (const argv of [["validate"], ["plan"]]) {
        const run = await outpost(argv, { cwd: project, env: env() });
        const shown = `outpost ${argv.join(" ")}\n${run.stdout}${run.stderr}`;
        assert.equal(run.crashed, false, shown);
        assert.equal(run.code, 1, shown);
        assert.ok(!hasStackTrace(run.stdout + run.stderr), shown);
        assert.match(
          run.stdout + run.stderr,
          /^outpost\.yaml:8:\d+: error: jobs\.train\.paths\[1\]: expected a glob relative to the repository root/m,
          shown,
        );
      }
      assert.equal(emulator.stats.snapshot().total, before, "a request reached Outpost");
    });
  }

  test("a symlink pointing out of the checkout is digested as a link: editing its target does not make the job due", async (t) => {
    const { project, outside } = await layout(t, ["training/**"]);
    await symlink(join(outside, "secret.txt"), join(project, "training", "data.txt"));
    const apply = await outpost(["apply", "--yes", ...sha], { cwd: project, env: env() });
    assert.equal(apply.code, 0, apply.stdout + apply.stderr);
    await writeFile(join(outside, "secret.txt"), "outside, version 2\n");
    const plan = await outpost(["plan", "--json", ...sha], { cwd: project, env: env() });
    assert.equal(plan.code, 0, plan.stderr);
    const { changes } = parseJsonOutput("plan", plan.stdout);
    assert.deepEqual(
      changes.map((change) => [change.name, change.action]),
      [["train", "skip"]],
      "the outside file made the job due",
    );
  });

  test("a record made before Git blob ids (an upgrade) does not make the job due; another digest does", async (t) => {
    const { project } = await layout(t, ["training/**"]);
    const upgradeSha = ["--sha", "b".repeat(40)];
    const apply = await outpost(["apply", "--yes", ...upgradeSha], { cwd: project, env: env() });
    assert.equal(apply.code, 0, apply.stdout + apply.stderr);
    const recordsFile = join(project, ".outpost", "outpost.yaml.json");
    const legacy = await legacyJobInputsDigest(new CheckoutFiles(project), {
      key: "train",
      paths: ["training/**"],
    });
    const planWith = async (inputsDigest: string) => {
      const state = JSON.parse(await readFile(recordsFile, "utf8")) as {
        records: { kind: string; inputsDigest?: string }[];
      };
      for (const record of state.records)
        if (record.kind === "job") record.inputsDigest = inputsDigest;
      await writeFile(recordsFile, JSON.stringify(state));
      const plan = await outpost(["plan", "--json", ...upgradeSha], { cwd: project, env: env() });
      assert.equal(plan.code === 0 || plan.code === 3, true, plan.stderr);
      const { changes } = parseJsonOutput("plan", plan.stdout);
      return changes.find((change) => change.name === "train")?.action;
    };
    assert.equal(await planWith(legacy), "skip", "the legacy digest was not recognised");
    assert.equal(await planWith("0".repeat(64)), "submit");
  });

  test("a FIFO and a device under a glob are never opened; plan finishes", async (t) => {
    const { project } = await layout(t, ["training/**"]);
    execFileSync("mkfifo", [join(project, "training", "pipe")]);
    await symlink("/dev/zero", join(project, "training", "zeros"));
    const run = await outpost(["plan", "--sha", "f".repeat(40)], { cwd: project, env: env() });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /job train\s+submit/);
  });
});
