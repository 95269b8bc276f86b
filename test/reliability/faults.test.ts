/**
 * Faults: `outpost apply` of the example outpost.yaml, repeated under 20% injected faults on
 * every endpoint — 500s, 429s with `Retry-After`, dropped connections before and after the
 * emulator acted, and 409s — each seed from an empty namespace: applied, applied again (a
 * no-op), then applied with a changed env and a changed job (an update and a new run). Every run
 * must end with exit code 0, the namespace exactly as the file describes (env included), and
 * each job run submitted once: a transient fault is ridden out, never reported as a failure and
 * never turned into a second submission.
 *
 * 409s can only hit the writes that may answer one, which are few; so that every seed meets
 * them, each apply's first create and update is also answered 409, on top of the 20%.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, suite, test, type TestContext } from "node:test";
import { loadConfigText } from "../../src/config/load.ts";
import type { DesiredState } from "../../src/config/desired-state.ts";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.ts";
import type { FaultSettings } from "../../src/emulator/faults.ts";
import { outpost, projectDir, type CliRun } from "./cli.ts";

const example = await readFile(join(import.meta.dirname, "../../examples/outpost.yaml"), "utf8");
const sha = "feedfacefeedfacefeedfacefeedfacefeedface";
const secrets = { WANDB_API_KEY: "wandb-reliability-key", HF_TOKEN: "hf-reliability-token" };

/** Four kinds of fault and 409s, 20% of requests in all, on every operation. */
function faults(seed: number): FaultSettings {
  return {
    seed,
    errorRate: 0.04,
    rateLimitRate: 0.04,
    retryAfterSeconds: 1,
    conflictRate: 0.04,
    dropRate: 0.04,
    dropAfterRate: 0.04,
  };
}

/** The example with llama-3-serving's env and batch-embeddings' command changed. */
const changed = example
  .replace("QUANTIZATION: awq", "QUANTIZATION: gptq")
  .replace("--output /workspace/output/embeddings", "--output /workspace/output/embeddings-v2");

function desiredState(text: string): DesiredState {
  const loaded = loadConfigText({
    path: "outpost.yaml",
    text,
    secrets,
    git: { sha, ref: "refs/heads/main" },
  });
  assert.ok(loaded.config, "the example loads");
  return loaded.config;
}

interface Project {
  /** Applies, the first request to each of `conflicts` (operation ids) answered 409. */
  apply(conflicts: readonly string[]): Promise<CliRun>;
  write(text: string): Promise<void>;
}

async function exampleProject(t: TestContext, emulator: Emulator): Promise<Project> {
  const dir = await projectDir(t, { "outpost.yaml": example });
  const env = {
    OUTPOST_API_URL: emulator.url,
    OUTPOST_TOKEN: "dev-token",
    OUTPOST_SECRET_WANDB_API_KEY: secrets.WANDB_API_KEY,
    OUTPOST_SECRET_HF_TOKEN: secrets.HF_TOKEN,
  };
  return {
    apply(conflicts) {
      for (const operation of conflicts) {
        emulator.controls.faults.inject({ kind: "conflict", operation });
      }
      return outpost(["apply", "--yes", "--sha", sha, "--poll-interval", "50ms"], {
        cwd: dir,
        env,
      });
    },
    write: (text) => writeFile(join(dir, "outpost.yaml"), text),
  };
}

type Run = readonly [name: string, env: Readonly<Record<string, string>>];

/** The job runs a desired state submits: run name and env. */
function runsOf(desired: DesiredState): Run[] {
  return desired.jobs.map((j) => [j.runName, j.body.env]);
}

/**
 * The namespace is exactly as wanted: the desired state's services, running, env included, and
 * the job runs `runs` — the emulator refuses a second job of the same name, so one job per run
 * name, and no other (a stray `-2` run), means that no job was submitted twice.
 */
function assertConverged(
  emulator: Emulator,
  desired: DesiredState,
  runs: readonly Run[],
  seed: number,
): void {
  const { services, jobs } = emulator.controls.inspect();
  assert.deepEqual(
    services.map((s) => [s.name, s.status, s.env]).sort(),
    desired.services.map((s) => [s.name, "running", s.env]).sort(),
    `seed ${seed}: services`,
  );
  assert.deepEqual(
    jobs.map((j) => [j.name, j.env]).sort(),
    [...runs].sort(),
    `seed ${seed}: job runs`,
  );
}

const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
const firedKinds = new Set<string>();

suite("apply under 20% injected faults on every endpoint", { concurrency: 4 }, () => {
  for (const seed of seeds) {
    test(`seed ${seed}: converges, submits each job once, exits 0, re-applies to a no-op`, async (t) => {
      const emulator = await startEmulator({ timeScale: 2000, seed, faults: faults(seed) });
      t.after(() => emulator.close());
      const project = await exampleProject(t, emulator);
      const desired = desiredState(example);
      const transcript = (run: CliRun) => `seed ${seed}:\n${run.stdout}${run.stderr}`;

      const first = await project.apply(["createService", "createJob"]);
      assert.equal(first.code, 0, transcript(first));
      assertConverged(emulator, desired, runsOf(desired), seed);

      const again = await project.apply([]);
      assert.equal(again.code, 0, transcript(again));
      assert.match(again.stdout, /Plan for acme: no changes/);
      assertConverged(emulator, desired, runsOf(desired), seed);

      await project.write(changed);
      const next = desiredState(changed);
      const update = await project.apply(["updateService", "createJob"]);
      assert.equal(update.code, 0, transcript(update));
      assert.match(update.stdout, /submit batch-embeddings-2/);
      // The changed job runs under the next free name; its earlier run stays, once.
      const batch = next.jobs.find((j) => j.key === "batch-embeddings");
      assert.ok(batch);
      assertConverged(
        emulator,
        next,
        [...runsOf(desired), ["batch-embeddings-2", batch.body.env]],
        seed,
      );

      const injected = emulator.stats.snapshot().requests.filter((r) => r.fault !== undefined);
      for (const request of injected) if (request.fault) firedKinds.add(request.fault);
      assert.deepEqual(emulator.drift, []);
    });
  }

  // The suite proves little if a kind of fault never fired: across the seeds, each one did.
  after(() => {
    assert.deepEqual([...firedKinds].sort(), [
      "conflict",
      "drop",
      "drop_after",
      "error",
      "rate_limit",
    ]);
  });
});
