/**
 * Three bot processes on one PostgreSQL database follow 50 jobs; one is killed (SIGKILL) while
 * the jobs run. Every check run must conclude, each once, and no watch may be polled by two
 * processes within one poll interval. Each process is the real entry point (`src/bot/server.ts`)
 * configured by environment variables; polls are recorded from their debug logs. And three
 * replicas in one process, writing the sticky comments of three pull requests at once while
 * GitHub lists comments slowly, never create a second one.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { signDelivery } from "../support/webhooks.ts";
import { TestSchemas, testDatabaseUrl, unavailableReason } from "./store/postgres-test-database.ts";
import { openPostgresStore } from "../../src/bot/store/postgres-store.ts";
import {
  actionApply,
  commit,
  deploymentEvent,
  repo,
  startBed,
  startProcessWorld,
  webhookSecret,
} from "./harness.ts";

function jobsOf(count: number, prefix: string): string {
  return [
    "version: 1",
    "namespace: acme",
    "jobs:",
    ...Array.from({ length: count }, (_, i) => [
      `  ${prefix}-${i}:`,
      "    command: python train.py --epochs 3",
      "    image: ghcr.io/acme/trainer:v1",
      "    gpu: L4",
    ]).flat(),
    "",
  ].join("\n");
}

const pollIntervalMs = 250;
const jobs = 50;
const schemas = new TestSchemas();
let skip: string | undefined;

before(async () => {
  skip = await unavailableReason();
});
after(async () => {
  if (skip === undefined) await schemas.dropAll();
});

interface Poll {
  readonly watch: number;
  readonly replica: string;
  readonly at: number;
}

interface Instance {
  readonly child: ChildProcess;
  readonly url: Promise<string>;
  readonly polls: Poll[];
  readonly output: string[];
}

function startInstance(env: Record<string, string>): Instance {
  const child = spawn(process.execPath, ["src/bot/server.ts"], {
    cwd: new URL("../../", import.meta.url).pathname,
    env: { PATH: process.env["PATH"] ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const polls: Poll[] = [];
  const output: string[] = [];
  let resolveUrl: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (resolveUrl = resolve));
  let buffer = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      output.push(line);
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (record["msg"] === "Outpost bot listening") resolveUrl(String(record["url"]));
      if (record["event"] === "poll") {
        polls.push({
          watch: Number(record["watch"]),
          replica: String(record["replica"]),
          at: Number(record["time"]),
        });
      }
    }
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  return { child, url, polls, output };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

test("three replicas on PostgreSQL follow 50 jobs; one is killed; every check run concludes once", async (t) => {
  if (skip !== undefined) return t.skip(skip);
  const {
    emulator,
    github,
    env: world,
  } = await startProcessWorld(t, {
    seed: 3,
    pollIntervalSeconds: pollIntervalMs / 1000,
    minCheckRunWriteIntervalSeconds: 1,
    logLevel: "debug",
    // A check run per job, and GitHub's budget out of the way: fleets and the budget are
    // tested on their own (real time runs here, and 50 jobs make some 200 writes in seconds).
    fleetThreshold: jobs,
    githubWriteBudget: { perMinute: 100_000, perHour: 100_000 },
  });
  const instances: Instance[] = [];
  t.after(() => {
    for (const instance of instances) instance.child.kill("SIGKILL");
  });
  const schema = schemas.next();
  const env = {
    ...world,
    DATABASE_URL: testDatabaseUrl,
    OUTPOST_BOT_PG_SCHEMA: schema,
    // The killed replica's deliveries are taken over quickly too.
    OUTPOST_BOT_DELIVERY_LEASE_SECONDS: "2",
  };
  for (let i = 0; i < 3; i++) instances.push(startInstance(env));
  const urls = await Promise.all(instances.map((instance) => instance.url));
  // All three have claimed once, so they share the watches from the start.
  await until("every replica's first cycle", async () => {
    const health = await Promise.all(
      urls.map(
        async (url) => (await (await fetch(`${url}/healthz`)).json()) as { lastCycle: unknown },
      ),
    );
    return health.every((h) => h.lastCycle !== null);
  });

  const sha = commit("fifty");
  const config = [
    "version: 1",
    "namespace: acme",
    "jobs:",
    ...Array.from({ length: jobs }, (_, i) => [
      `  job-${String(i + 1).padStart(2, "0")}:`,
      "    command: python train.py --epochs 3",
      "    image: ghcr.io/acme/trainer:v1",
      "    gpu: L4",
    ]).flat(),
    "",
  ].join("\n");
  await actionApply(github, emulator, config, sha);
  const deployments = github.state.repository(repo)?.deployments ?? [];
  assert.equal(deployments.length, jobs);
  await Promise.all(
    deployments.map(async (deployment, i) => {
      const delivery = signDelivery(
        "deployment",
        deploymentEvent(deployment),
        webhookSecret,
        randomUUID(),
      );
      const response = await fetch(`${urls[i % 3]}/api/github/webhooks`, {
        method: "POST",
        headers: delivery.headers,
        body: delivery.body,
      });
      assert.equal(response.status, 202);
    }),
  );

  const explained = async (wait: Promise<void>) => {
    try {
      await wait;
    } catch (error) {
      // What the replicas said beyond their debug lines, to tell why.
      for (const instance of instances) {
        console.error(instance.output.filter((line) => !/"level":(10|20)/.test(line)).join("\n"));
      }
      throw error;
    }
  };
  await explained(
    until("some check runs in progress", () =>
      (github.state.repository(repo)?.checkRuns ?? []).some((r) => r.status === "in_progress"),
    ),
  );
  const victim = instances[2];
  assert.ok(victim);
  victim.child.kill("SIGKILL");
  const killedAt = Date.now();

  const runs = () => github.state.repository(repo)?.checkRuns ?? [];
  await explained(
    until(
      "every check run and Deployment to conclude",
      () =>
        runs().length >= jobs &&
        runs().every((run) => run.status === "completed") &&
        deployments.every((d) => d.statuses.at(-1)?.state !== "in_progress"),
    ),
  );
  assert.deepEqual(
    new Set(runs().map((run) => run.conclusion)),
    new Set(["success"]),
    "every job succeeded and its check run says so",
  );
  assert.equal(new Set(runs().map((run) => run.name)).size, jobs, "one check run per job");
  assert.deepEqual(
    new Set(deployments.map((d) => d.statuses.at(-1)?.state)),
    new Set(["success"]),
    "every Deployment ends in success",
  );

  const polls = instances.flatMap((instance) => instance.polls);
  const survivors = new Set(instances.slice(0, 2).flatMap((i) => i.polls.map((p) => p.replica)));
  assert.ok(victim.polls.length > 0, "the killed replica had polled watches");
  const takenOver = new Set(
    polls
      .filter((p) => survivors.has(p.replica) && p.at > killedAt)
      .map((p) => p.watch)
      .filter((watch) => victim.polls.some((p) => p.watch === watch)),
  );
  assert.ok(takenOver.size > 0, "the survivors took over the killed replica's watches");
  for (const [watch, list] of Map.groupBy(polls, (p) => p.watch)) {
    const ordered = list.toSorted((a, b) => a.at - b.at);
    for (let i = 1; i < ordered.length; i++) {
      const [a, b] = [ordered[i - 1], ordered[i]];
      if (!a || !b || a.replica === b.replica) continue;
      assert.ok(
        b.at - a.at >= pollIntervalMs,
        `watch ${watch} was polled by ${a.replica} and ${b.replica} ${b.at - a.at} ms apart`,
      );
    }
  }
  assert.deepEqual(github.rejections, []);
  assert.deepEqual(github.responseProblems, []);
  assert.deepEqual(emulator.drift, []);
});

test("three replicas, a slow comment list, 15 Deployments for 3 pull requests at once: one sticky comment each, never a second", async (t) => {
  if (skip !== undefined) return t.skip(skip);
  const schema = schemas.next();
  const open = () => openPostgresStore({ connectionString: testDatabaseUrl, schema, poolSize: 4 });
  const stores = [await open(), await open(), await open()];
  const [store0, store1, store2] = stores;
  assert.ok(store0 && store1 && store2);
  const first = await startBed(t, { store: store0, env: { OUTPOST_BOT_REPLICA_ID: "replica-0" } });
  const beds = [first];
  for (const [index, store] of [store1, store2].entries()) {
    beds.push(
      await startBed(t, {
        store,
        github: first.github,
        emulator: first.emulator,
        env: { OUTPOST_BOT_REPLICA_ID: `replica-${index + 1}` },
      }),
    );
  }
  // Closed after the bots (hooks run in order).
  t.after(() => Promise.all(stores.map((store) => store.close())));
  const { github, emulator } = first;
  emulator.controls.script.job("*", { durationSeconds: 3600, queueSeconds: 60 });
  // Each replica has claimed once, so they share the watches from their first cycle.
  for (const bed of beds) await bed.bot.poller.cycle();
  for (const pull of [1, 2, 3]) {
    const sha = commit(`sticky-${pull}`);
    github.state.addPullRequest(repo, { number: pull, headSha: sha });
    await actionApply(github, emulator, jobsOf(5, `pr${pull}`), sha);
  }
  // Interleaved, so that every replica holds watches of every pull request.
  const all = github.state.repository(repo)?.deployments ?? [];
  const order = [0, 1, 2, 3, 4].flatMap((i) => [all[i], all[5 + i], all[10 + i]]);
  for (const [index, deployment] of order.entries()) {
    assert.ok(deployment);
    await beds[index % 3]?.send("deployment", deploymentEvent(deployment));
  }
  github.delay({ operationId: "issues/list-comments", ms: 300 });
  for (let cycle = 0; cycle < 4; cycle++) {
    await Promise.all(beds.map((bed) => bed.bot.poller.cycle()));
    for (const bed of beds) bed.advance(10 * 60_000);
  }
  const comments = github.state.repository(repo)?.comments ?? [];
  assert.deepEqual(
    [1, 2, 3].map((pull) => comments.filter((c) => c.issueNumber === pull).length),
    [1, 1, 1],
  );
  assert.equal(github.writes("issues/create-comment"), 3, "no second comment was ever created");
  assert.equal(github.writes("issues/delete-comment"), 0);
  for (const pull of [1, 2, 3]) {
    const body = comments.find((c) => c.issueNumber === pull)?.body ?? "";
    assert.equal(body.match(/\| job `pr/g)?.length, 5, `every job of #${pull} listed`);
  }
});
