/**
 * Answers: the `outpost` commands against an emulator behind a proxy that misanswers chosen
 * operations — `{}`, `null`, truncated JSON, an HTML page (200 and 404), valid JSON of the wrong
 * types. An answer the description does not list is an error (retried on reads), never taken
 * as "absent", "empty" or "changed": no command writes on it, each fails with one clean line and
 * exit code 1, and a read that is misanswered once is simply retried.
 */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { suite, test, type TestContext } from "node:test";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.ts";
import type { FakeReply } from "../support/fake-outpost.ts";
import {
  garbledAnswers,
  startGarblingProxy,
  wrongTypes,
  type GarblingProxy,
  type ProxiedRequest,
} from "../support/garbling-proxy.ts";
import { hasStackTrace, outpost, projectDir, type CliRun } from "./cli.ts";

const sha = "c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff";

const config = (image = "ghcr.io/acme/api:v1") => `version: 1
namespace: acme
services:
  api:
    image: ${image}
    gpu: L4
jobs:
  train:
    command: python train.py --epochs 1
    image: ghcr.io/acme/train:v1
    gpu: L4
`;

/**
 * Services for every kind of write, before and after a change: `api` replaced (a new image),
 * `web` updated (a new env value), `worker` unchanged (to redeploy), `old` gone (to prune).
 */
function fleet(stage: "before" | "after"): string {
  const service = (name: string, image: string, env = "") =>
    `  ${name}:\n    image: ${image}\n    gpu: L4\n${env}`;
  const before = stage === "before";
  return `version: 1
namespace: acme
services:
${service("api", before ? "ghcr.io/acme/api:v1" : "ghcr.io/acme/api:v2")}
${service("web", "ghcr.io/acme/web:v1", `    env:\n      STAGE: ${before ? "one" : "two"}\n`)}
${service("worker", "ghcr.io/acme/worker:v1")}
${before ? service("old", "ghcr.io/acme/old:v1") : ""}
jobs:
  train:
    command: python train.py --epochs 1
    image: ghcr.io/acme/train:v1
    gpu: L4
`;
}

interface Bed {
  readonly emulator: Emulator;
  readonly proxy: GarblingProxy;
  /** Runs `outpost` in the project against the proxy; retries do not wait. */
  cli(...argv: string[]): Promise<CliRun>;
  /** Runs `outpost` against the emulator itself. */
  direct(...argv: string[]): Promise<CliRun>;
  write(text: string): Promise<void>;
}

async function startBed(t: TestContext, seed: number): Promise<Bed> {
  const emulator = await startEmulator({ timeScale: 3000, seed });
  const proxy = await startGarblingProxy(emulator.url);
  t.after(async () => {
    await proxy.close();
    await emulator.close();
  });
  const dir = await projectDir(t, { "outpost.yaml": config() });
  const run = (url: string) => (argv: string[]) =>
    outpost(argv, {
      cwd: dir,
      env: { OUTPOST_API_URL: url, OUTPOST_TOKEN: "dev-token" },
      outpostClient: { sleep: () => Promise.resolve() },
    });
  const viaProxy = run(proxy.url);
  const viaEmulator = run(emulator.url);
  return {
    emulator,
    proxy,
    cli: (...argv) => viaProxy(argv),
    direct: (...argv) => viaEmulator(argv),
    write: (text) => writeFile(join(dir, "outpost.yaml"), text),
  };
}

const applyArgs = ["apply", "--yes", "--sha", sha, "--poll-interval", "20ms"];

function writes(log: readonly ProxiedRequest[]): ProxiedRequest[] {
  return log.filter((r) => r.method !== "GET" && r.forwarded);
}

function transcript(run: CliRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
}

/** Exit code 1, no crash and no stack trace, and one line saying the answer was unexpected. */
function assertCleanFailure(run: CliRun, where: "stdout" | "stderr" = "stderr"): void {
  assert.equal(run.crashed, false, transcript(run));
  assert.equal(run.code, 1, transcript(run));
  assert.ok(!hasStackTrace(run.stdout + run.stderr), transcript(run));
  const lines = run[where].split("\n").filter((line) => /unexpected answer/i.test(line));
  assert.equal(
    lines.length > 0,
    true,
    `no line says the answer was unexpected\n${transcript(run)}`,
  );
  for (const line of lines) assert.ok(line.length < 400, `a long line: ${line}`);
}

suite("answers the description does not list", { concurrency: true }, () => {
  test("one invalid-JSON answer to a read is retried: the apply goes on", async (t) => {
    const bed = await startBed(t, 31);
    // The plan's first read: the namespace's services, a page at a time.
    bed.proxy.garble("listServices", { reply: garbledAnswers["truncated JSON"], times: 1 });
    const run = await bed.cli(...applyArgs);
    assert.equal(run.code, 0, transcript(run));
    const reads = bed.proxy.log.filter((r) => r.operation === "listServices");
    assert.equal(reads[0]?.garbled, true);
    assert.equal(reads[1]?.garbled, false, "the read was sent again");
    assert.equal(bed.emulator.controls.inspect().services.length, 1);
  });

  test("a live service read as `{}` is neither replaced nor planned as a change", async (t) => {
    const bed = await startBed(t, 32);
    assert.equal((await bed.direct(...applyArgs)).code, 0);
    const before = bed.emulator.controls.inspect().services;
    await bed.write(config("ghcr.io/acme/api:v2"));
    bed.proxy.garble("getService", { reply: garbledAnswers["an empty object"] });

    const plan = await bed.cli("plan", "--sha", sha);
    assertCleanFailure(plan);
    assert.doesNotMatch(plan.stdout, /replace/);

    const apply = await bed.cli(...applyArgs, "--allow-replace");
    assertCleanFailure(apply);
    assert.deepEqual(writes(bed.proxy.log), [], "no write reached Outpost");
    assert.deepEqual(bed.emulator.controls.inspect().services, before, "the service is untouched");
  });

  test("`outpost status` on lists answered `{}` fails in one line, without a stack", async (t) => {
    const bed = await startBed(t, 33);
    assert.equal((await bed.direct(...applyArgs)).code, 0);
    bed.proxy.garble("listServices", { reply: garbledAnswers["an empty object"] });
    assertCleanFailure(await bed.cli("status"));
    bed.proxy.clear();
    bed.proxy.garble("listJobs", { reply: garbledAnswers["an empty object"] });
    assertCleanFailure(await bed.cli("status", "--json"));
  });

  test("a job submission answered `200 null` is not reported as submitted", async (t) => {
    const bed = await startBed(t, 34);
    bed.proxy.garble("createJob", { reply: garbledAnswers.null });
    const run = await bed.cli(...applyArgs);
    assertCleanFailure(run, "stdout");
    assert.doesNotMatch(run.stdout, /job train\s+submitted/);
    assert.equal(bed.emulator.controls.inspect().jobs.length, 0);
    // Each submission was sent again only after reading the name back and finding no job.
    const job = bed.proxy.log.filter((r) => r.path.includes("/job"));
    for (const [i, request] of job.entries()) {
      if (request.operation !== "createJob" || i === 0) continue;
      assert.equal(job[i - 1]?.operation, "getJob", `submission ${i} follows a read`);
    }
  });

  test("a submission that took effect but was answered `200 null` is found by reading it back", async (t) => {
    const bed = await startBed(t, 35);
    bed.proxy.garble("createJob", { reply: garbledAnswers.null, afterActing: true });
    const run = await bed.cli(...applyArgs);
    assert.equal(run.code, 0, transcript(run));
    assert.match(run.stdout, /job train\s+submitted/);
    assert.equal(bed.emulator.controls.inspect().jobs.length, 1, "submitted once");
    const creates = bed.proxy.log.filter((r) => r.operation === "createJob");
    assert.equal(creates.length, 1, "not sent again");
  });
});

/** One use of a command: the state it starts from, and how it runs. */
interface Scenario {
  readonly name: string;
  /** Brings the emulator and the project to the state the command works on (not proxied). */
  readonly setup: (bed: Bed) => Promise<void>;
  readonly argv: readonly string[];
  /** Where the failure is told: apply reports a failed resource in its result, on stdout. */
  readonly reportedOn?: (operation: string) => "stdout" | "stderr";
}

const applied = async (bed: Bed) => {
  bed.emulator.controls.script.job("*", { durationSeconds: 60, queueSeconds: 1 });
  const run = await bed.direct(...applyArgs, "--wait-for-jobs");
  assert.equal(run.code, 0, transcript(run));
};

const writesReportedOnStdout = (operation: string) =>
  ["createService", "createJob", "updateService", "deleteService", "redeployService"].includes(
    operation,
  )
    ? "stdout"
    : "stderr";

const scenarios: readonly Scenario[] = [
  {
    name: "plan",
    setup: async (bed) => {
      await applied(bed);
      await bed.write(config("ghcr.io/acme/api:v2"));
    },
    argv: ["plan", "--sha", sha, "--allow-replace", "--prune"],
  },
  {
    name: "apply from nothing",
    setup: () => Promise.resolve(),
    argv: applyArgs,
    reportedOn: writesReportedOnStdout,
  },
  {
    name: "apply: update, replace, redeploy and prune",
    setup: async (bed) => {
      await bed.write(fleet("before"));
      await applied(bed);
      await bed.write(fleet("after"));
    },
    argv: [...applyArgs, "--allow-replace", "--prune", "--redeploy", "worker", "--run", "train"],
    reportedOn: writesReportedOnStdout,
  },
  { name: "status", setup: applied, argv: ["status"] },
  { name: "logs of a service", setup: applied, argv: ["logs", "api"] },
  { name: "logs of a job", setup: applied, argv: ["logs", "train"] },
  { name: "logs --follow of a job", setup: applied, argv: ["logs", "train", "--follow"] },
  {
    name: "cancel",
    setup: async (bed) => {
      bed.emulator.controls.script.job("*", { durationSeconds: 86_400, queueSeconds: 1 });
      const run = await bed.direct(...applyArgs, "--no-wait");
      assert.equal(run.code, 0, transcript(run));
    },
    argv: ["cancel", "train"],
  },
  {
    name: "jobs prune",
    setup: async (bed) => {
      await applied(bed);
      const again = await bed.direct(...applyArgs, "--run", "train", "--wait-for-jobs");
      assert.equal(again.code, 0, transcript(again));
    },
    argv: ["jobs", "prune", "--keep", "0"],
  },
];

const kinds = Object.keys(garbledAnswers) as (keyof typeof garbledAnswers)[];

/** The garbled answer for the n-th case: every kind in turn; wrong types only for reads. */
function garbleFor(
  n: number,
  method: string,
): { name: string; reply: FakeReply | typeof wrongTypes } {
  const choices = method === "GET" ? [...kinds, "wrong types" as const] : kinds;
  const name = choices[n % choices.length] ?? "an empty object";
  return name === "wrong types"
    ? { name, reply: wrongTypes }
    : { name, reply: garbledAnswers[name] };
}

suite("every command, every endpoint it uses, misanswered", { concurrency: true }, () => {
  for (const [index, scenario] of scenarios.entries()) {
    test(`outpost ${scenario.name}`, async (t) => {
      // Which operations the command uses, from a run where nothing is misanswered.
      const clean = await startBed(t, 40 + index);
      await scenario.setup(clean);
      const cleanRun = await clean.cli(...scenario.argv);
      assert.ok([0, 1].includes(cleanRun.code) && !cleanRun.crashed, transcript(cleanRun));
      const used = new Map<string, string>();
      for (const request of clean.proxy.log) used.set(request.operation, request.method);
      const cleanWrites = new Set(writes(clean.proxy.log).map((r) => r.operation));
      assert.ok(used.size > 0);

      for (const [n, [operation, method]] of [...used].entries()) {
        const garble = garbleFor(index + n, method);
        const where = `outpost ${scenario.argv.join(" ")}, ${operation} answered ${garble.name}`;
        const bed = await startBed(t, 40 + index);
        await scenario.setup(bed);
        bed.proxy.garble(operation, { reply: garble.reply });
        const run = await bed.cli(...scenario.argv);
        assertCleanFailure(run, scenario.reportedOn?.(operation) ?? "stderr");
        const misanswered = bed.proxy.log.filter((r) => r.operation === operation);
        const tries = new Map<string, number>();
        for (const r of misanswered) tries.set(r.path, (tries.get(r.path) ?? 0) + 1);
        assert.ok(
          [...tries.values()].some((count) => count === 6),
          `${where}: tried 6 times (${JSON.stringify([...tries])})`,
        );
        const written = writes(bed.proxy.log);
        if (method === "GET") {
          assert.deepEqual(written, [], `${where}: no write follows a misanswered read`);
        }
        for (const w of written) {
          assert.ok(cleanWrites.has(w.operation), `${where}: an unplanned ${w.operation}`);
        }
        if (operation === "createService" || operation === "createJob") {
          // Sent again only after reading the name back and finding nothing there.
          const log = bed.proxy.log;
          for (const [i, r] of log.entries()) {
            if (r.operation !== operation || r === misanswered[0]) continue;
            const before = log
              .slice(0, i)
              .filter((x) => x.method === "GET")
              .at(-1);
            assert.ok(before, `${where}: a read before resending`);
          }
        }
      }
    });
  }
});
