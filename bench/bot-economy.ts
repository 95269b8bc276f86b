/**
 * Bot economy: 1,000 running jobs in 10 namespaces (100 each), applied as the action applies
 * them and handed to the bot by their `deployment.created` webhooks, in two bursts of 500 signed
 * deliveries while GitHub and Outpost answer slowly (every request waits `latencyMs`).
 * Measured: how long the bot takes to answer each delivery — it stores it and answers, its
 * workers handle it afterwards — then, poll cycle by poll cycle (each a poll interval after the
 * last, with the production intervals), the Outpost calls it makes and the GitHub writes. The
 * 1,000 jobs are one commit's: a fleet, so the first cycle writes one aggregate check run, not
 * 1,000; the next ones, with nothing changed on Outpost, must write nothing and list each
 * namespace's jobs, ⌈jobs/100⌉ calls per status, nothing more.
 *
 * The bot is the real one (settings, webhook endpoint, inbox, SQLite store, poller) in its own
 * process (bot-worker.ts); the emulator and a fake GitHub run in the runner's. The emulator's
 * clock and the bot's are manual, so "nothing changed" is exact. GitHub writes are not spaced
 * out (the production default waits 1 s between two writes).
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../src/emulator/emulator.ts";
import {
  actionApply,
  appId,
  appKeys,
  appSeed,
  commit,
  deploymentEvent,
  installationId,
  operatorConfig,
  outpostToken,
  owner,
  repo,
  webhookSecret,
} from "../test/bot/harness.ts";
import { startFakeGitHub } from "../test/support/fake-github/fake-github.ts";
import { signDelivery, type SignedDelivery } from "../test/support/webhooks.ts";
import { WebhookClient } from "./bot-webhook-client.ts";
import type { BotReply, BotTask } from "./bot-worker.ts";
import type { Section } from "./report.ts";
import { median, percentile } from "./samples.ts";
import { WorkerProcess } from "./worker-process.ts";

export interface BotEconomySettings {
  readonly namespaces: number;
  readonly jobsPerNamespace: number;
  readonly burst: number;
  /** Cycles after the first, with nothing changed. */
  readonly quietCycles: number;
  /** The bot's least time between two GitHub writes (production: 1000). */
  readonly writeSpacingMs: number;
  /** How long GitHub and Outpost take to answer each request during the bursts. */
  readonly latencyMs: number;
  /** Connections the deliveries come over at once (GitHub's delivery workers). */
  readonly connections: number;
}

export const botEconomyDefaults: BotEconomySettings = {
  namespaces: 10,
  jobsPerNamespace: 100,
  burst: 500,
  quietCycles: 3,
  writeSpacingMs: 0,
  latencyMs: 150,
  connections: 50,
};

export interface BotEconomyResult {
  readonly section: Section;
  readonly maxRssBytes: number;
}

const hour = 3_600_000;
const pollIntervalMs = 30_000;

function namespaceConfig(namespace: string, jobs: number): string {
  const lines = ["version: 1", `namespace: ${namespace}`, "jobs:"];
  for (let index = 0; index < jobs; index++) {
    lines.push(
      `  train-${String(index).padStart(3, "0")}:`,
      `    command: python train.py --shard ${index} --epochs 3`,
      "    image: ghcr.io/acme/trainer:v1",
      "    gpu: L4",
      "    timeout_minutes: 10080",
    );
  }
  return `${lines.join("\n")}\n`;
}

export async function measureBotEconomy(
  settings: BotEconomySettings = botEconomyDefaults,
): Promise<BotEconomyResult> {
  const namespaces = Array.from({ length: settings.namespaces }, (_, i) => `team-${i}`);
  const emulator = await startEmulator({
    manualClock: true,
    seed: 13,
    devToken: false,
    credentials: [{ token: outpostToken, namespaces }],
    validateResponses: false,
  });
  const github = await startFakeGitHub({
    app: appSeed(),
    installations: [{ id: installationId, account: owner }],
    repositories: [{ fullName: repo }],
  });
  const folder = await mkdtemp(join(tmpdir(), "outpost-bench-bot-"));
  const bot = WorkerProcess.start<BotTask, BotReply>(new URL("./bot-worker.ts", import.meta.url), {
    APP_ID: String(appId),
    PRIVATE_KEY: appKeys().privateKey,
    WEBHOOK_SECRET: webhookSecret,
    GITHUB_API_URL: github.url,
    // The production defaults: a cycle every 30 s, a check run rewritten at most every 10 s.
    OUTPOST_BOT_CONFIG: operatorConfig(emulator.url, {
      grants: [{ owner, namespaces, credentials: { token: outpostToken } }],
      pollIntervalSeconds: pollIntervalMs / 1000,
      minCheckRunWriteIntervalSeconds: 10,
    }),
    OUTPOST_BOT_STATE: join(folder, "state.db"),
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "fatal",
    OUTPOST_BOT_GITHUB_WRITE_SPACING_MS: String(settings.writeSpacingMs),
  });
  try {
    // Long runs that never end while measured: every job stays `running`.
    emulator.controls.script.job("*", { durationSeconds: 100 * 3600, queueSeconds: 60 });
    const sha = commit("bench");
    for (const namespace of namespaces) {
      await actionApply(
        github,
        emulator,
        namespaceConfig(namespace, settings.jobsPerNamespace),
        sha,
      );
    }
    emulator.controls.advance(hour);
    const deployments = github.state.repository(repo)?.deployments ?? [];
    const { webhookUrl } = await bot.send({
      kind: "start",
      now: emulator.controls.now().getTime(),
    });
    // Slow answers while the deliveries come in: the workers' requests wait, the answers must not.
    github.delay({ ms: settings.latencyMs });
    emulator.controls.faults.set({ latencyMs: settings.latencyMs });

    const client = new WebhookClient(webhookUrl, settings.connections);
    const send = async (deliveries: readonly SignedDelivery[]) =>
      Promise.all(
        deliveries.map(async (delivery) => {
          const { status, ms } = await client.send(delivery);
          if (status !== 202) throw new Error(`a delivery was answered ${status}`);
          return ms;
        }),
      );
    // Untimed: connections opened, code loaded and compiled.
    await send(
      Array.from({ length: settings.burst }, () =>
        signDelivery("ping", { zen: "Design for failure." }, webhookSecret, randomUUID()),
      ),
    );
    const latencies: number[] = [];
    for (let start = 0; start < deployments.length; start += settings.burst) {
      const burst = deployments
        .slice(start, start + settings.burst)
        .map((deployment) =>
          signDelivery("deployment", deploymentEvent(deployment), webhookSecret, randomUUID()),
        );
      latencies.push(...(await send(burst)));
    }
    client.close();
    // Then the backlog is handled at full speed, and the cycles measured without latency.
    github.clearDelays();
    emulator.controls.faults.clear();
    const drained = await bot.send({ kind: "drain" });
    if (drained.failed > 0) throw new Error(`${drained.failed} deliveries were set aside`);

    // Each cycle comes a poll interval after the last, as the bot's timer runs them; Outpost's
    // clock stands still, so nothing changes there.
    const cycle = async () => {
      await bot.send({ kind: "advance", ms: pollIntervalMs });
      const before = emulator.stats.snapshot();
      const calls = before.total;
      const logReads = before.byOperation["getJobLogs"] ?? 0;
      const writes = github.writes();
      const { ms, report } = await bot.send({ kind: "cycle" });
      if (report.polled !== deployments.length) {
        throw new Error(`a cycle polled ${report.polled} of ${deployments.length} watches`);
      }
      const after = emulator.stats.snapshot();
      return {
        ms,
        calls: after.total - calls,
        logReads: (after.byOperation["getJobLogs"] ?? 0) - logReads,
        writes: github.writes() - writes,
      };
    };
    const first = await cycle();
    const quiet = [];
    for (let index = 0; index < settings.quietCycles; index++) quiet.push(await cycle());
    const maxRssBytes = await bot.maxRssBytes();

    const jobs = deployments.length;
    return {
      maxRssBytes,
      section: {
        name: "Bot economy",
        setup: `${jobs} running jobs of one commit in ${settings.namespaces} namespaces followed by one bot; webhooks in bursts of ${settings.burst} over ${settings.connections} connections, after a warm-up burst, while GitHub and Outpost take ${settings.latencyMs} ms a request; ${settings.quietCycles} quiet cycles`,
        figures: [
          { label: "webhook reply p50", value: median(latencies), unit: "ms" },
          {
            label: "webhook reply p99",
            value: percentile(latencies, 0.99),
            unit: "ms",
            bound: { max: 100 },
          },
          {
            label: "deliveries handled, after the bursts",
            value: drained.ms,
            unit: "ms",
            note: "the backlog, without latency",
          },
          {
            label: "Outpost calls per cycle, nothing changed",
            value: Math.max(...quiet.map((c) => c.calls)),
            unit: "calls",
            bound: { max: 20 },
            note: "most of any quiet cycle",
          },
          {
            label: "of which job log reads",
            value: Math.max(...quiet.map((c) => c.logReads)),
            unit: "calls",
          },
          {
            label: "GitHub writes per cycle, nothing changed",
            value: Math.max(...quiet.map((c) => c.writes)),
            unit: "writes",
            bound: { max: 0 },
            note: "most of any quiet cycle",
          },
          { label: "quiet cycle time", value: median(quiet.map((c) => c.ms)), unit: "ms" },
          {
            label: "first cycle: Outpost calls",
            value: first.calls,
            unit: "calls",
            note: "a fleet's members are not read one by one",
          },
          {
            label: "first cycle: GitHub writes",
            value: first.writes,
            unit: "writes",
            note: "one aggregate check run for the 1,000",
          },
          { label: "first cycle time", value: first.ms, unit: "ms" },
        ],
        samples: {
          webhookMs: latencies,
          quietCalls: quiet.map((c) => c.calls),
          quietWrites: quiet.map((c) => c.writes),
        },
      },
    };
  } finally {
    await bot.close();
    await Promise.all([emulator.close(), github.close()]);
    await rm(folder, { recursive: true, force: true });
  }
}
