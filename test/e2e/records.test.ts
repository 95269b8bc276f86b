/**
 * Records, ownership and idempotency end to end, as a user of the CLI meets them: config files
 * that keep to their own records, `jobs prune` that touches only what the project recorded, job
 * runs that are submitted once per run identity, and applies stopped half-way that the next
 * apply finishes without a redundant write.
 */
import { suite, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { join } from "node:path";
import type { RequestRecord } from "../../src/emulator/stats.ts";
import { OutpostClient } from "../../src/outpost/client.ts";
import { llama, project } from "./project.ts";

const execFileAsync = promisify(execFile);

const image = (name: string) => ({ image: `ghcr.io/acme/${name}:v1`, gpu: "L4" });
const trainJob = (command = "python train.py") => ({
  image: "ghcr.io/acme/train:v1",
  command,
  gpu: "L4",
});

suite("records: one project per config file", { concurrency: true }, () => {
  test("a second config file in the folder neither sees nor prunes the first one's services", async (t) => {
    const p = await project(t);
    await p.write({ "prod-api": image("prod") });
    assert.equal((await p.outpost("apply", "--yes")).code, 0);
    await p.write({ "staging-api": image("staging") }, {}, "outpost.staging.yaml");
    const planned = await p.outpost("plan", "-c", "outpost.staging.yaml", "--prune");
    assert.equal(planned.code, 0, planned.stderr);
    assert.doesNotMatch(planned.stdout, /prod-api/);
    assert.match(planned.stdout, /Plan for acme \(outpost\.staging\.yaml\): 1 to create/);
    const applied = await p.outpost("apply", "--yes", "-c", "outpost.staging.yaml", "--prune");
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(
      p.emulator.controls
        .inspect()
        .services.map((s) => s.name)
        .sort(),
      ["prod-api", "staging-api"],
    );
    assert.deepEqual((await readdir(join(p.dir, ".outpost"))).sort(), [
      "outpost.staging.yaml.json",
      "outpost.yaml.json",
    ]);
  });

  test("the folder's old shared state.json is divided by what each config file declares", async (t) => {
    const p = await project(t);
    await p.write({ "prod-api": image("prod") });
    await p.write({ "staging-api": image("staging") }, {}, "outpost.staging.yaml");
    assert.equal((await p.outpost("apply", "--yes")).code, 0);
    assert.equal((await p.outpost("apply", "--yes", "-c", "outpost.staging.yaml")).code, 0);
    // As the previous version left it: one shared file, salted digests, no identity.
    const legacy = (key: string) => ({
      kind: "service",
      namespace: "acme",
      key,
      outpostName: key,
      digest: { salt: "00", spec: "00", env: {} },
      appliedAt: "2026-01-01T00:00:00.000Z",
    });
    const outpostDir = join(p.dir, ".outpost");
    for (const file of await readdir(outpostDir)) await writeFile(join(outpostDir, file), "{}");
    await writeFile(
      join(outpostDir, "state.json"),
      JSON.stringify({ version: 1, records: [legacy("prod-api"), legacy("staging-api")] }),
    );
    await writeFile(join(outpostDir, "outpost.yaml.json"), '{"version":2,"records":[]}');
    await writeFile(join(outpostDir, "outpost.staging.yaml.json"), '{"version":2,"records":[]}');
    await p.write({}, {}, "outpost.staging.yaml");
    const planned = await p.outpost("plan", "-c", "outpost.staging.yaml", "--prune");
    assert.equal(planned.code, 0, planned.stderr);
    assert.doesNotMatch(planned.stdout, /prod-api/, "outpost.yaml's service is not staging's");
    assert.doesNotMatch(planned.stdout, /staging-api/, "undeclared now: not claimed, never pruned");
    const prod = await p.outpost("apply", "--yes");
    assert.equal(prod.code, 0, prod.stderr);
    const left = JSON.parse(await readFile(join(outpostDir, "state.json"), "utf8")) as {
      records: { key: string }[];
    };
    assert.deepEqual(
      left.records.map((r) => r.key),
      ["staging-api"],
    );
  });
});

suite("records: a config file in a folder of its repository", { concurrency: true }, () => {
  test("its identity is its path from the repository root, and its jobs' paths are the repository's", async (t) => {
    const p = await project(t);
    await execFileAsync("git", ["init", "-q", p.dir]);
    await mkdir(join(p.dir, "deploy"));
    await mkdir(join(p.dir, "training"));
    await writeFile(join(p.dir, "training", "train.py"), "print('v1')\n");
    await p.write({}, { train: { ...trainJob(), paths: ["training/**"] } }, "deploy/outpost.yaml");
    const applied = await p.outpost("apply", "--yes", "-c", "deploy/outpost.yaml");
    assert.equal(applied.code, 0, applied.stderr + applied.stdout);
    assert.match(applied.stdout, /Plan for acme \(deploy\/outpost\.yaml\)/);
    const records = JSON.parse(
      await readFile(join(p.dir, "deploy", ".outpost", "outpost.yaml.json"), "utf8"),
    ) as { records: { identity: { config: string } }[] };
    assert.deepEqual(
      records.records.map((r) => r.identity.config),
      ["deploy/outpost.yaml"],
    );
    assert.match((await p.outpost("plan", "-c", "deploy/outpost.yaml")).stdout, /not due/);
    await writeFile(join(p.dir, "training", "train.py"), "print('v2')\n");
    assert.match(
      (await p.outpost("plan", "-c", "deploy/outpost.yaml")).stdout,
      /files under its `?paths:`? changed/,
    );
  });
});

suite("records: jobs prune acts on recorded runs only", { concurrency: true }, () => {
  test("runs named like the job's but never recorded are left alone; recorded finished runs go", async (t) => {
    const p = await project(t);
    p.emulator.controls.script.job("*", { durationSeconds: 1, queueSeconds: 0 });
    const client = new OutpostClient({
      baseUrl: p.emulator.url,
      credentials: { kind: "token", token: "dev-token" },
    });
    t.after(() => client.close());
    for (const name of ["train-b-3333333", "train-a-f9f5865"]) {
      await client.createJob("acme", {
        name,
        image: "ghcr.io/other/job:v1",
        command: "x",
        gpu: "L4",
      });
    }
    await p.write({}, { train: trainJob() });
    const never = await p.outpost("jobs", "prune", "--keep", "0");
    assert.equal(never.code, 0, never.stderr);
    assert.match(never.stdout, /^Deleted 0 runs\n/);
    assert.match(never.stdout, /Not recorded by this project, left alone: .*train-b-3333333/);
    assert.deepEqual(p.writes(), { createJob: 2 });

    assert.equal((await p.outpost("apply", "--yes", "--wait-for-jobs")).code, 0);
    const dry = await p.outpost("jobs", "prune", "--keep", "0", "--dry-run");
    assert.match(dry.stdout, /Would delete 1 run: train-1111111\n/);
    assert.match(
      dry.stdout,
      /delete {2}train-1111111 {2}\(succeeded on .*; older than the 0 newest finished runs of train\)/,
    );
    p.writes();
    const pruned = await p.outpost("jobs", "prune", "--keep", "0");
    assert.match(pruned.stdout, /^Deleted 1 run: train-1111111\n/);
    assert.deepEqual(p.writes(), { deleteJob: 1 });
    assert.deepEqual(
      p.emulator.controls
        .inspect()
        .jobs.map((j) => j.name)
        .sort(),
      ["train-a-f9f5865", "train-b-3333333"],
    );
    // Its record stays: the job is not due again.
    assert.match((await p.outpost("plan")).stdout, /job train\s+not due/);
  });
});

suite("records: one job run per run identity", { concurrency: true }, () => {
  test("each new definition at one commit is submitted exactly once, the third and fourth too", async (t) => {
    const p = await project(t);
    const names: string[] = [];
    for (const epochs of [1, 2, 3, 4]) {
      await p.write({}, { j: trainJob(`python train.py --epochs ${epochs}`) });
      const applied = await p.outpost("apply", "--yes");
      assert.equal(applied.code, 0, applied.stderr);
      assert.deepEqual(p.writes(), { createJob: 1 }, `definition ${epochs}: ${applied.stdout}`);
      names.push(/submit (\S+)/.exec(applied.stdout)?.[1] ?? "");
    }
    assert.deepEqual(names, ["j-1111111", "j-1111111-2", "j-1111111-3", "j-1111111-4"]);
    assert.match((await p.outpost("plan")).stdout, /job j\s+not due/);
  });

  test("a run nobody recorded holding the run name is never attached to: the next name is taken", async (t) => {
    const p = await project(t);
    const api = new OutpostClient({
      baseUrl: p.emulator.url,
      credentials: { kind: "token", token: "dev-token" },
    });
    t.after(() => api.close());
    await api.createJob("acme", {
      name: "train-1111111",
      image: "ghcr.io/x/y:v1",
      command: "x",
      gpu: "L4",
    });
    p.writes();
    await p.write({}, { train: trainJob() });
    const applied = await p.outpost("apply", "--yes");
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(
      applied.stdout,
      /submitted as train-1111111-2: train-1111111 held by runs this project did not submit/,
    );
    assert.deepEqual(p.writes(), { createJob: 2 }, "one refused for its name, one made");
    assert.match(
      (await p.outpost("plan")).stdout,
      /job train\s+not due\s+unchanged since train-1111111-2/,
    );
  });

  test("a requested run asked again by the same request submits nothing; a new request runs again", async (t) => {
    const p = await project(t);
    await p.write({}, { train: trainJob() });
    assert.equal((await p.outpost("apply", "--yes")).code, 0);
    p.writes();
    const first = await p.outpost("apply", "--yes", "--run", "train", "--request", "48");
    assert.match(first.stdout, /submit train-1111111-2\s+run requested/);
    assert.deepEqual(p.writes(), { createJob: 1 });
    const again = await p.outpost("apply", "--yes", "--run", "train", "--request", "48");
    assert.match(again.stdout, /attach train-1111111-2\s+already submitted for this request/);
    assert.deepEqual(p.writes(), {});
    const other = await p.outpost("apply", "--yes", "--run", "train");
    assert.match(other.stdout, /submit train-1111111-3/);
    assert.deepEqual(p.writes(), { createJob: 1 });
  });
});

suite("records: keyed digests", { concurrency: true }, () => {
  test("a new records key costs one PUT per service whose env holds a secret, and no job", async (t) => {
    const p = await project(t);
    const key = (letter: string) => ({ OUTPOST_RECORDS_KEY: letter.repeat(40) });
    await p.write(
      { llama: llama(), embed: { ...image("embed"), env: { MODE: "fast" } } },
      { train: trainJob() },
    );
    assert.equal((await p.outpostWith({ env: key("a") }, "apply", "--yes")).code, 0);
    p.writes();
    const rotated = await p.outpostWith({ env: key("b") }, "apply", "--yes");
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(
      rotated.stdout,
      /llama\s+update \(rolling redeploy\)\s+env: set in full \(its record was made with another records key/,
    );
    assert.match(rotated.stdout, /embed\s+no change\s+its record is rewritten/);
    assert.match(rotated.stdout, /job train\s+not due/);
    assert.deepEqual(p.writes(), { updateService: 1 });
    const again = await p.outpostWith({ env: key("b") }, "apply", "--yes");
    assert.match(again.stdout, /no changes/);
    assert.doesNotMatch(again.stdout, /rewritten/);
    assert.deepEqual(p.writes(), {});
  });
});

suite("records: an interrupted apply", { concurrency: true }, () => {
  test("stopped while services deploy: what was created is recorded, the next apply does the rest", async (t) => {
    let created: (signal: "SIGINT") => void = () => undefined;
    const stop = new Promise<"SIGINT">((resolve) => (created = resolve));
    const p = await project(t, {
      onRequest: (request: RequestRecord) => {
        if (request.operationId === "createService" && request.status === 201) created("SIGINT");
      },
    });
    p.emulator.controls.script.service("*", { deploySeconds: 600 });
    await p.write({ llama: llama(), embed: { ...image("embed"), env: { MODE: "fast" } } });
    const stopped = await p.outpostWith({ stop }, "apply", "--yes");
    assert.equal(stopped.code, 130, stopped.stdout + stopped.stderr);
    assert.match(stopped.stdout, /stopped after .*: \d of 2 resources not done/);
    assert.doesNotMatch(stopped.stdout + stopped.stderr, /\n\s+at /, "no stack trace");
    const sent = p.writes()["createService"] ?? 0;
    assert.ok(sent >= 1);

    p.emulator.controls.script.clear();
    const next = await p.outpost("plan");
    assert.doesNotMatch(next.stdout, /set in full/, "no pointless redeploy of what was created");
    assert.match(next.stdout, new RegExp(`${2 - sent} to create|no changes`));
    const finished = await p.outpost("apply", "--yes");
    assert.equal(finished.code, 0, finished.stderr);
    assert.deepEqual(p.writes(), sent === 2 ? {} : { createService: 2 - sent });
    assert.match((await p.outpost("plan")).stdout, /no changes/);
  });

  test("a create whose readiness could not be read is recorded all the same", async (t) => {
    let afterCreate = () => undefined as void;
    const p = await project(t, {
      onRequest: (request: RequestRecord) => {
        if (request.operationId === "createService" && request.status === 201) afterCreate();
      },
    });
    afterCreate = () =>
      p.emulator.controls.faults.inject({
        kind: "rate_limit",
        operation: "listServices",
        times: 6,
        retryAfterSeconds: 0,
      });
    await p.write({ embed: { ...image("embed"), env: { MODE: "fast" } } });
    const failed = await p.outpost("apply", "--yes");
    assert.equal(failed.code, 1);
    assert.deepEqual(p.writes(), { createService: 1 });
    p.emulator.controls.faults.clear();
    const next = await p.outpost("plan");
    assert.match(next.stdout, /no changes/, next.stdout);
  });

  test("Ctrl-C at the confirmation prompt writes nothing, with no stack trace", async (t) => {
    const p = await project(t);
    await p.write({ embed: image("embed") });
    const stopped = await p.outpostWith({ answer: undefined }, "apply");
    assert.equal(stopped.code, 130);
    assert.match(stopped.stdout, /Apply cancelled; nothing was written\./);
    assert.doesNotMatch(stopped.stdout + stopped.stderr, /AbortError|\n\s+at /);
    assert.deepEqual(p.writes(), {});
  });
});
