/**
 * Records under random use (fast-check, fixed seed): two config files in one folder and
 * resources nobody's config made, driven through random sequences of edits, applies, re-asked
 * runs, applies stopped at a random request, prune and `jobs prune`, against the emulator. After
 * every sequence:
 * - no two Outpost jobs share a run identity (job, definition, commit, request);
 * - nothing was deleted that another config file, or nobody, created;
 * - one more apply of each file converges, and the apply after it writes nothing.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import type { CliIo } from "../../src/cli/command.ts";
import { run } from "../../src/cli/main.ts";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.ts";
import type { RequestRecord } from "../../src/emulator/stats.ts";
import { OutpostClient } from "../../src/outpost/client.ts";

const configs = {
  a: { file: "outpost.yaml", services: ["a-api", "a-embed"], job: "a-train" },
  b: { file: "outpost.b.yaml", services: ["b-api"], job: "b-train" },
} as const;
type ConfigName = keyof typeof configs;
const commits = [
  "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
];
/** Resources no config file made: one named as `a`'s first run will be. */
const foreignServices = ["x-api"];
const foreignJobs = ["a-train-1111111", "b-train-x"];

type Op =
  | {
      readonly kind: "edit";
      readonly config: ConfigName;
      readonly services: readonly boolean[];
      readonly variant: number;
    }
  | { readonly kind: "apply"; readonly config: ConfigName; readonly prune: boolean }
  | { readonly kind: "request"; readonly config: ConfigName; readonly id: string }
  | { readonly kind: "interrupt"; readonly config: ConfigName; readonly after: number }
  | { readonly kind: "jobs-prune"; readonly config: ConfigName; readonly keep: number }
  | { readonly kind: "commit"; readonly index: number };

const config = fc.constantFrom<ConfigName>("a", "b");
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("edit" as const),
    config,
    services: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    variant: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({ kind: fc.constant("apply" as const), config, prune: fc.boolean() }),
  fc.record({ kind: fc.constant("request" as const), config, id: fc.constantFrom("r1", "r2") }),
  fc.record({
    kind: fc.constant("interrupt" as const),
    config,
    after: fc.integer({ min: 1, max: 6 }),
  }),
  fc.record({
    kind: fc.constant("jobs-prune" as const),
    config,
    keep: fc.integer({ min: 0, max: 1 }),
  }),
  fc.record({ kind: fc.constant("commit" as const), index: fc.integer({ min: 0, max: 1 }) }),
);

interface File {
  readonly services: readonly string[];
  readonly variant: number;
}

function yaml(name: ConfigName, file: File): string {
  const { job } = configs[name];
  const services = Object.fromEntries(
    file.services.map((service) => [
      service,
      { image: `ghcr.io/acme/${service}:v1`, gpu: "L4", max_replicas: 1 + file.variant },
    ]),
  );
  const jobs = {
    [job]: {
      image: "ghcr.io/acme/train:v1",
      command: `python train.py --variant ${file.variant}`,
      gpu: "L4",
      env: { VARIANT: String(file.variant), COMMIT: "${{ git.short_sha }}" },
    },
  };
  return `${JSON.stringify({ version: 1, namespace: "acme", services, jobs }, null, 2)}\n`;
}

class World {
  readonly emulator: Emulator;
  readonly dir: string;
  /** Every request Outpost received, with the op that sent it. */
  readonly requests: {
    readonly op: number;
    readonly config: ConfigName | undefined;
    readonly request: RequestRecord;
  }[] = [];
  readonly files: Record<ConfigName, File> = {
    a: { services: ["a-api"], variant: 0 },
    b: { services: ["b-api"], variant: 0 },
  };
  /** The request ids used per job and commit: each may make one run of each definition. */
  readonly requestsUsed = new Map<string, Set<string>>();
  commit = commits[0] ?? "";
  #op = 0;
  #config: ConfigName | undefined;
  #stopAfter: { count: number; stop: () => void } | undefined;

  private constructor(emulator: Emulator, dir: string) {
    this.emulator = emulator;
    this.dir = dir;
  }

  static async start(): Promise<World> {
    const seen: { world?: World } = {};
    const emulator = await startEmulator({
      timeScale: 5000,
      seed: 3,
      onRequest: (request) => seen.world?.seen(request),
    });
    const world = new World(emulator, await mkdtemp(join(tmpdir(), "outpost-property-")));
    seen.world = world;
    emulator.controls.script.job("*", { durationSeconds: 30, queueSeconds: 0 });
    const client = new OutpostClient({
      baseUrl: emulator.url,
      credentials: { kind: "token", token: "dev-token" },
    });
    for (const name of foreignServices) {
      await client.createService("acme", { name, image: "ghcr.io/other/x:v1", gpu: "L4" });
    }
    for (const name of foreignJobs) {
      await client.createJob("acme", {
        name,
        image: "ghcr.io/other/job:v1",
        command: "x",
        gpu: "L4",
        env: { FOREIGN: "1" },
      });
    }
    await client.close();
    for (const name of ["a", "b"] as const) await world.write(name);
    return world;
  }

  seen(request: RequestRecord): void {
    this.requests.push({ op: this.#op, config: this.#config, request });
    if (this.#stopAfter !== undefined && --this.#stopAfter.count === 0) this.#stopAfter.stop();
  }

  async write(name: ConfigName): Promise<void> {
    await writeFile(join(this.dir, configs[name].file), yaml(name, this.files[name]));
  }

  async outpost(
    name: ConfigName,
    args: string[],
    stopAfter?: number,
  ): Promise<{ code: number; out: string }> {
    this.#op += 1;
    this.#config = name;
    let out = "";
    const controller = new AbortController();
    this.#stopAfter =
      stopAfter === undefined
        ? undefined
        : { count: stopAfter, stop: () => controller.abort("SIGINT") };
    const io: CliIo = {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (out += text) },
      cwd: this.dir,
      env: { OUTPOST_API_URL: this.emulator.url, OUTPOST_TOKEN: "dev-token" },
      claimInterrupts: () => controller.signal,
    };
    const poll = args[0] === "apply" ? ["--poll-interval", "20ms", "--yes"] : [];
    const code = await run([...args, "-c", configs[name].file, "--sha", this.commit, ...poll], io);
    this.#stopAfter = undefined;
    this.#config = undefined;
    assert.ok([0, 1, 130].includes(code), `exit ${code}: ${out}`);
    assert.doesNotMatch(out, /\n\s+at .*:\d+:\d+\)?\n/, `a stack trace:\n${out}`);
    return { code, out };
  }

  async do(step: Op): Promise<void> {
    switch (step.kind) {
      case "edit": {
        const pool = configs[step.config].services;
        this.files[step.config] = {
          services: pool.filter((_, index) => step.services[index] === true),
          variant: step.variant,
        };
        await this.write(step.config);
        return;
      }
      case "apply":
        await this.outpost(step.config, ["apply", ...(step.prune ? ["--prune"] : [])]);
        return;
      case "request": {
        const key = `${configs[step.config].job}@${this.commit.slice(0, 7)}`;
        const used = this.requestsUsed.get(key) ?? new Set<string>();
        used.add(step.id);
        this.requestsUsed.set(key, used);
        await this.outpost(step.config, [
          "apply",
          "--run",
          configs[step.config].job,
          "--request",
          step.id,
        ]);
        return;
      }
      case "interrupt":
        await this.outpost(step.config, ["apply"], step.after);
        return;
      case "jobs-prune":
        await this.outpost(step.config, ["jobs", "prune", "--keep", String(step.keep)]);
        return;
      case "commit":
        this.commit = commits[step.index] ?? this.commit;
        return;
    }
  }

  async close(): Promise<void> {
    await this.emulator.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

function checkRunIdentities(world: World): void {
  const runs = new Map<string, number>();
  for (const job of world.emulator.controls.inspect().jobs) {
    if (job.env["FOREIGN"] !== undefined) continue;
    const key = `${job.name.replace(/-\d{7}.*$/, "")}@${job.env["COMMIT"]}#${job.env["VARIANT"]}`;
    runs.set(key, (runs.get(key) ?? 0) + 1);
  }
  for (const [identity, count] of runs) {
    const [jobAtCommit = ""] = identity.split("#");
    const allowed = 1 + (world.requestsUsed.get(jobAtCommit)?.size ?? 0);
    assert.ok(count <= allowed, `${count} runs of ${identity}, at most ${allowed} run identities`);
  }
}

function checkDeletes(world: World): void {
  for (const { config, request } of world.requests) {
    if (request.method !== "DELETE" || typeof request.status !== "number" || request.status >= 300)
      continue;
    const name = decodeURIComponent(request.path.split("?")[0]?.split("/").at(-1) ?? "");
    assert.ok(![...foreignServices, ...foreignJobs].includes(name), `deleted ${name}, nobody's`);
    assert.ok(
      config !== undefined && name.startsWith(`${config}-`),
      `config ${config ?? "?"} deleted ${name}, another config's`,
    );
  }
}

async function checkConvergence(world: World): Promise<void> {
  for (const name of ["a", "b"] as const) {
    const finished = await world.outpost(name, ["apply"]);
    assert.equal(finished.code, 0, finished.out);
  }
  const before = world.requests.length;
  for (const name of ["a", "b"] as const) {
    const again = await world.outpost(name, ["apply"]);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /no changes/, again.out);
  }
  const writes = world.requests.slice(before).filter((r) => r.request.method !== "GET");
  assert.deepEqual(
    writes.map((r) => `${r.request.method} ${r.request.path}`),
    [],
  );
  const live = new Set(world.emulator.controls.inspect().services.map((s) => s.name));
  for (const name of ["a", "b"] as const) {
    for (const service of world.files[name].services) assert.ok(live.has(service), service);
  }
  for (const service of foreignServices) assert.ok(live.has(service), `${service} still there`);
}

test("random sequences of edits, applies, re-runs, interruptions and prunes keep the records' promises", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 7 }), async (steps) => {
      const world = await World.start();
      try {
        for (const step of steps) await world.do(step);
        checkRunIdentities(world);
        checkDeletes(world);
        await checkConvergence(world);
        checkRunIdentities(world);
        checkDeletes(world);
      } finally {
        await world.close();
      }
    }),
    { seed: 20261201, numRuns: 12, endOnFailure: true },
  );
});
