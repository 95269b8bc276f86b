/**
 * A fleet: 1,000 jobs of one commit (bench/fleet.ts's outpost.yaml), applied as the action
 * applies them, handed to one bot by their `deployment.created` webhooks, and followed for an
 * emulated hour and more — a poll cycle every 30 s, the production defaults (fleet threshold
 * 20, write budget 60 a minute and 400 an hour). The jobs take 5 to 54 minutes after up to two
 * in the queue; 8 of them fail. Measured, on the emulated clock: the bot's GitHub writes in
 * every minute and every hour (all of them: check runs, Deployments, the comment), whether
 * every end shows in the fleet's check run and how long after it happened, and when the last
 * job's Deployment got its end.
 *
 * The bot is the real one in its own process (bot-worker.ts), on a manual clock that the runner
 * moves with the emulator's; GitHub is the fake, on real time. Writes are counted per cycle and
 * placed at the cycle's emulated time.
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
  deploymentEvent,
  installationId,
  operatorConfig,
  outpostToken,
  owner,
  repo,
  webhookSecret,
} from "../test/bot/harness.ts";
import { startFakeGitHub } from "../test/support/fake-github/fake-github.ts";
import { signDelivery } from "../test/support/webhooks.ts";
import type { BotReply, BotTask } from "./bot-worker.ts";
import { WebhookClient } from "./bot-webhook-client.ts";
import { fleet, fleetNamespace, fleetSha, fleetYaml, jobKey } from "./fleet.ts";
import type { Section } from "./report.ts";
import { WorkerProcess } from "./worker-process.ts";

export interface BotFleetSettings {
  readonly jobs: number;
  /** Jobs that fail (every attempt). */
  readonly failing: number;
  /** How long the bot is followed for at most, in emulated minutes. */
  readonly maxMinutes: number;
}

export const botFleetDefaults: BotFleetSettings = { jobs: 1000, failing: 8, maxMinutes: 300 };

export interface BotFleetResult {
  readonly section: Section;
  readonly maxRssBytes: number;
}

const minute = 60_000;
const hour = 60 * minute;
const pollIntervalMs = 30_000;
const ended = new Set(["succeeded", "failed", "cancelled", "timed_out"]);

/** The most writes in any window of `windowMs` ending at a cycle. */
function busiest(writes: readonly { at: number; count: number }[], windowMs: number): number {
  let most = 0;
  for (const { at } of writes) {
    const sum = writes
      .filter((w) => w.at > at - windowMs && w.at <= at)
      .reduce((total, w) => total + w.count, 0);
    most = Math.max(most, sum);
  }
  return most;
}

/** `Outpost jobs: 1,000 — 27 running, 965 succeeded, 8 failed` → 973 ended. */
function endedShown(title: string | null | undefined): number {
  let total = 0;
  for (const match of (title ?? "").matchAll(/([\d,]+) (succeeded|failed|timed out|cancelled)/g)) {
    total += Number((match[1] ?? "0").replaceAll(",", ""));
  }
  return total;
}

export async function measureBotFleet(
  settings: BotFleetSettings = botFleetDefaults,
): Promise<BotFleetResult> {
  const emulator = await startEmulator({
    manualClock: true,
    seed: 17,
    devToken: false,
    credentials: [{ token: outpostToken, namespaces: [fleetNamespace] }],
    validateResponses: false,
  });
  const github = await startFakeGitHub({
    app: appSeed(),
    installations: [{ id: installationId, account: owner }],
    repositories: [{ fullName: repo }],
  });
  const folder = await mkdtemp(join(tmpdir(), "outpost-bench-fleet-"));
  const bot = WorkerProcess.start<BotTask, BotReply>(new URL("./bot-worker.ts", import.meta.url), {
    APP_ID: String(appId),
    PRIVATE_KEY: appKeys().privateKey,
    WEBHOOK_SECRET: webhookSecret,
    GITHUB_API_URL: github.url,
    // The production defaults, but for the grant.
    OUTPOST_BOT_CONFIG: operatorConfig(emulator.url, {
      grants: [{ owner, namespaces: [fleetNamespace], credentials: { token: outpostToken } }],
      pollIntervalSeconds: pollIntervalMs / 1000,
      minCheckRunWriteIntervalSeconds: 10,
    }),
    OUTPOST_BOT_STATE: join(folder, "state.db"),
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "fatal",
    OUTPOST_BOT_GITHUB_WRITE_SPACING_MS: "0",
  });
  try {
    // Ten jobs per pattern: 5 to 54 minutes each, after 30 s to 2 min in the queue.
    for (let group = 0; group * 10 < settings.jobs; group++) {
      emulator.controls.script.job(`${jobKey(group * 10).slice(0, -1)}*`, {
        durationSeconds: (5 + (group % 50)) * 60,
        queueSeconds: 30 + (group % 4) * 30,
      });
    }
    for (let i = 0; i < settings.failing; i++) {
      emulator.controls.script.job(`${jobKey(100 + i)}-*`, {
        durationSeconds: 20 * 60,
        queueSeconds: 60,
        failAtStep: 50,
        failMessage: "torch.OutOfMemoryError: CUDA out of memory.",
      });
    }
    const config = fleetYaml(fleet({ services: 0, jobs: settings.jobs }));
    // A thousand Deployments take more than a GITHUB_TOKEN's 1,000 requests an hour: the apply
    // records with a person's token (5,000), as a release engineer's workflow would.
    github.state.setCollaborator(repo, "release-engineer", "admin");
    await actionApply(
      github,
      emulator,
      config,
      fleetSha,
      [],
      {},
      github.state.issueUserToken("release-engineer"),
    );
    const applied = github.state.repository(repo)?.deployments.length ?? 0;
    if (applied !== settings.jobs)
      throw new Error(`${applied} Deployments for ${settings.jobs} jobs`);
    const deployments = github.state.repository(repo)?.deployments ?? [];
    const { webhookUrl } = await bot.send({
      kind: "start",
      now: emulator.controls.now().getTime(),
    });
    const client = new WebhookClient(webhookUrl, 50);
    await Promise.all(
      deployments.map((deployment) =>
        client.send(
          signDelivery("deployment", deploymentEvent(deployment), webhookSecret, randomUUID()),
        ),
      ),
    );
    client.close();
    const drained = await bot.send({ kind: "drain" });
    if (drained.failed > 0) throw new Error(`${drained.failed} deliveries were set aside`);

    const botWrites = () =>
      github.requests.filter(
        (r) =>
          r.caller === "installation" &&
          r.method !== "GET" &&
          r.operationId !== "apps/create-installation-access-token",
      ).length;
    const start = emulator.controls.now().getTime();
    const writes: { at: number; count: number }[] = [];
    const endedOnOutpost: { at: number; count: number }[] = [];
    const endedOnGitHub: { at: number; count: number }[] = [];
    let firstCycleWrites = 0;
    let deploymentsEndedInHour = 0;
    let lastDeploymentEndAt: number | undefined;
    let cycles = 0;
    let before = botWrites();
    for (let elapsed = 0; elapsed <= settings.maxMinutes * minute; elapsed += pollIntervalMs) {
      const at = start + elapsed;
      const outpost = emulator.controls.inspect().jobs.filter((j) => ended.has(j.status)).length;
      await bot.send({ kind: "cycle" });
      cycles += 1;
      const count = botWrites() - before;
      before += count;
      if (cycles === 1) firstCycleWrites = count;
      writes.push({ at, count });
      const check = github.state.repository(repo)?.checkRuns.find((r) => r.name === "Outpost jobs");
      endedOnOutpost.push({ at, count: outpost });
      endedOnGitHub.push({ at, count: endedShown(check?.output.title) });
      const finished = deployments.filter((d) =>
        ["success", "failure", "error"].includes(d.statuses.at(-1)?.state ?? ""),
      ).length;
      if (elapsed <= hour) deploymentsEndedInHour = finished;
      if (finished === deployments.length) {
        lastDeploymentEndAt = elapsed;
        break;
      }
      await bot.send({ kind: "advance", ms: pollIntervalMs });
      emulator.controls.advance(pollIntervalMs);
    }
    const maxRssBytes = await bot.maxRssBytes();
    // For each count of ended jobs: from when Outpost had that many (seen before a cycle; the
    // jobs may have ended up to a poll interval earlier) to when GitHub showed them (after it).
    let longestWait = 0;
    for (const { at, count } of endedOnOutpost) {
      const shown = endedOnGitHub.find((g) => g.count >= count)?.at;
      longestWait = Math.max(
        longestWait,
        (shown ?? Number.POSITIVE_INFINITY) - at + pollIntervalMs,
      );
    }
    const shownInHour = endedOnGitHub.filter((g) => g.at - start <= hour).at(-1)?.count ?? 0;
    return {
      maxRssBytes,
      section: {
        name: "Bot fleet",
        setup: `${settings.jobs} jobs of one commit (${settings.failing} failing) followed by one bot at the production defaults, a cycle every 30 s of emulated time; ${cycles} cycles`,
        figures: [
          {
            label: "GitHub writes in the busiest minute",
            value: busiest(writes, minute),
            unit: "writes",
            bound: { max: 60 },
            note: "budget 60",
          },
          {
            label: "GitHub writes in the busiest hour",
            value: busiest(writes, hour),
            unit: "writes",
            bound: { max: 400 },
            note: "budget 400",
          },
          {
            label: "jobs whose end the fleet's check run shows within the hour",
            value: shownInHour,
            unit: "jobs",
            bound: { min: settings.jobs },
          },
          {
            label: "longest wait from a job's end to its end shown",
            value: longestWait / minute,
            unit: "min",
            bound: { max: 5 },
            note: "at most; emulated time",
          },
          { label: "first cycle: GitHub writes", value: firstCycleWrites, unit: "writes" },
          {
            label: "jobs whose Deployment has its end within the hour",
            value: deploymentsEndedInHour,
            unit: "jobs",
            note: "records; the rest follow within the budget",
          },
          {
            label: "every Deployment with its end after",
            value: lastDeploymentEndAt === undefined ? Number.NaN : lastDeploymentEndAt / minute,
            unit: "min",
            note: "emulated time",
          },
        ],
        samples: {
          writesPerCycle: writes.map((w) => w.count),
          endedOnOutpost: endedOnOutpost.map((e) => e.count),
          endedOnGitHub: endedOnGitHub.map((e) => e.count),
        },
      },
    };
  } finally {
    await bot.close();
    await Promise.all([emulator.close(), github.close()]);
    await rm(folder, { recursive: true, force: true });
  }
}
