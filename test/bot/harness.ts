/**
 * A test bed for the bot: the Outpost emulator (manual clock), a fake GitHub that refuses
 * whatever GitHub's OpenAPI description would, and the bot itself — its real server, Probot
 * middleware and store — configured through its settings module. Webhooks are real example
 * payloads, adapted where the scenario needs it and signed with the webhook secret. An `apply`
 * helper does what the action does on a push (plan, apply, record in Deployments) and hands the
 * resulting `deployment.created` events to the bot.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { TestContext } from "node:test";
import { getOctokit } from "@actions/github";
import { parse } from "yaml";
import { startBot, type RunningBot } from "../../src/bot/bot-server.ts";
import { readSettings, type BotSettings } from "../../src/bot/settings.ts";
import type { BotStore } from "../../src/bot/store/store.ts";
import { loadConfigText } from "../../src/config/load.ts";
import { CheckoutFiles } from "../../src/files/checkout-files.ts";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.ts";
import { declaredResources } from "../../src/records/applied-record.ts";
import { GitHubDeploymentRecords } from "../../src/records/deployment-records.ts";
import { credentialRecordKey } from "../../src/records/record-key.ts";
import { OutpostClient } from "../../src/outpost/client.ts";
import { applyChanges, planChanges } from "../../src/plan/reconcile.ts";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/fake-github.ts";
import type { DeploymentState } from "../support/fake-github/state.ts";
import { adaptPayload, signDelivery, webhookExample } from "../support/webhooks.ts";

export const repo = "acme/models";
export const [owner, name] = ["acme", "models"] as const;
export const appId = 4242;
export const installationId = 77;
export const webhookSecret = "outpost-webhook-secret";
export const outpostToken = "outpost-token-for-acme-0123456789";
/** A value the operator gives the bot; it must never reach GitHub. */
export const operatorSecret = "wandb-operator-secret-do-not-leak";

let keys: { privateKey: string; publicKey: string } | undefined;

/** One RSA key pair per process: the app signs JWTs with it, the fake GitHub checks them. */
export function appKeys(): { privateKey: string; publicKey: string } {
  keys ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return keys;
}

interface AppManifest {
  readonly default_permissions: Readonly<Record<string, "read" | "write">>;
  readonly default_events: readonly string[];
}

/** app.yml: the fake GitHub gives the app exactly these permissions, so a missing one fails tests. */
export const manifest = parse(
  readFileSync(new URL("../../app.yml", import.meta.url), "utf8"),
) as AppManifest;

/** The app as the fake GitHub knows it. */
export function appSeed() {
  return {
    id: appId,
    publicKey: appKeys().publicKey,
    permissions: manifest.default_permissions,
    events: manifest.default_events,
  };
}

/** A commit sha from a label, so tests read `commit("head")`. */
export function commit(label: string): string {
  return Buffer.from(label.padEnd(20, ".")).toString("hex").slice(0, 40).padEnd(40, "0");
}

export const trainingConfig = `version: 1
namespace: acme
jobs:
  finetune:
    command: python train.py --epochs 3 --lr 2e-5
    image: ghcr.io/acme/trainer:v1
    gpu: A100-80GB
    gpu_count: 4
    output_path: /workspace/output/checkpoints
    env:
      WANDB_API_KEY: \${{ secrets.WANDB_API_KEY }}
`;

export const serviceConfig = `version: 1
namespace: acme
services:
  llama:
    image: ghcr.io/acme/llama-server:v3
    gpu: L4
    min_replicas: 2
    max_replicas: 4
`;

export interface OperatorOverrides {
  readonly grants?: readonly unknown[];
  readonly minCheckRunWriteIntervalSeconds?: number;
  readonly degradedGraceSeconds?: number;
  readonly pollIntervalSeconds?: number;
  readonly fleetThreshold?: number;
  readonly githubWriteBudget?: { readonly perMinute?: number; readonly perHour?: number };
}

export function operatorConfig(emulatorUrl: string, overrides: OperatorOverrides = {}): string {
  return JSON.stringify({
    apiUrl: emulatorUrl,
    pollIntervalSeconds: overrides.pollIntervalSeconds ?? 30,
    minCheckRunWriteIntervalSeconds: overrides.minCheckRunWriteIntervalSeconds ?? 0,
    degradedGraceSeconds: overrides.degradedGraceSeconds ?? 120,
    ...(overrides.fleetThreshold === undefined ? {} : { fleetThreshold: overrides.fleetThreshold }),
    ...(overrides.githubWriteBudget === undefined
      ? {}
      : { githubWriteBudget: overrides.githubWriteBudget }),
    grants: overrides.grants ?? [
      {
        owner: "acme",
        namespaces: ["acme"],
        credentials: { token: outpostToken },
        secrets: { WANDB_API_KEY: operatorSecret },
      },
    ],
  });
}

/** The bot's settings as its environment would give them. */
export function botSettings(
  github: FakeGitHub,
  emulator: Emulator,
  statePath: string,
  overrides: OperatorOverrides = {},
  env: Readonly<Record<string, string>> = {},
): BotSettings {
  const settings = readSettings({
    env: {
      APP_ID: String(appId),
      PRIVATE_KEY: appKeys().privateKey,
      WEBHOOK_SECRET: webhookSecret,
      GITHUB_API_URL: github.url,
      OUTPOST_BOT_CONFIG: operatorConfig(emulator.url, overrides),
      OUTPOST_BOT_STATE: statePath,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "fatal",
      OUTPOST_BOT_GITHUB_WRITE_SPACING_MS: "0",
      OUTPOST_BOT_REPLICA_ID: "replica-test",
      ...env,
    },
  });
  // Retries after milliseconds instead of seconds.
  return {
    ...settings,
    github: { ...settings.github, retryAfterBaseMs: 5 },
    inbox: { ...settings.inbox, retryBaseMs: 20, retryMaxMs: 200, idleMs: 50 },
  };
}

export interface BedOptions extends OperatorOverrides {
  /** The SQLite file; a fresh one by default. */
  readonly statePath?: string;
  /** A store to hand the bot instead (PostgreSQL tests). */
  readonly store?: BotStore;
  readonly emulator?: Emulator;
  readonly github?: FakeGitHub;
  /** More of the bot's environment (e.g. `OUTPOST_BOT_REPLICA_ID` for a second replica). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface LogRecord {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly fields: Readonly<Record<string, unknown>>;
  readonly message: string;
}

export interface Bed {
  readonly github: FakeGitHub;
  readonly emulator: Emulator;
  bot: RunningBot;
  readonly settings: BotSettings;
  readonly statePath: string;
  /** The bot's clock. */
  now(): number;
  /** Moves the emulator's and the bot's clocks forward together. */
  advance(ms: number): void;
  /** Moves GitHub's clock forward (timestamps of comments and pull requests), by seconds only. */
  advanceGitHub(ms: number): void;
  /**
   * Posts a signed delivery (`id` to redeliver, `secret` to sign with another secret), then lets
   * the bot's workers handle every delivery due.
   */
  send(
    event: string,
    payload: unknown,
    options?: { readonly id?: string; readonly secret?: string | null },
  ): Promise<Response>;
  /** Posts a signed delivery and returns GitHub's answer; nothing is handled yet. */
  post(
    event: string,
    payload: unknown,
    options?: { readonly id?: string; readonly secret?: string | null },
  ): Promise<Response>;
  /** Stops the bot and starts a new one on the same state (a restart). */
  restart(): Promise<void>;
  /** The action's apply on a push: plan, apply, record; then the `deployment.created` webhooks. */
  apply(
    config: string,
    sha: string,
    options?: { readonly runJobs?: readonly string[]; readonly files?: WorkspaceFiles },
  ): Promise<DeploymentState[]>;
  /** `deployment.created` for a Deployment of the fake, as GitHub would deliver it. */
  deploymentEvent(deployment: DeploymentState): unknown;
  /** Writes to GitHub so far, by operation. */
  writes(): Readonly<Record<string, number>>;
  /** What the bot logged, oldest first. */
  readonly logs: readonly LogRecord[];
}

export async function startBed(t: TestContext, options: BedOptions = {}): Promise<Bed> {
  // `bed` is assigned below, before the bot can call back into it.
  // eslint-disable-next-line prefer-const
  let bed: Bed;
  const emulator =
    options.emulator ??
    (await startEmulator({
      manualClock: true,
      seed: 11,
      devToken: false,
      credentials: [{ token: outpostToken, namespaces: ["acme"] }],
    }));
  // GitHub's clock: real time (it checks the app's JWTs), which a test may move a few seconds on.
  let githubAhead = 0;
  const github =
    options.github ??
    (await startFakeGitHub({
      app: appSeed(),
      installations: [{ id: installationId, account: owner }],
      repositories: [{ fullName: repo, branches: { main: commit("main") } }],
      now: () => Date.now() + githubAhead,
    }));
  const folder = await mkdtemp(join(tmpdir(), "outpost-bot-"));
  const statePath = options.statePath ?? join(folder, "state.db");
  let clock = Date.parse("2026-03-18T10:00:00Z");
  const logs: LogRecord[] = [];
  const record =
    (level: LogRecord["level"]) => (fields: Readonly<Record<string, unknown>>, message: string) =>
      logs.push({ level, fields, message });
  const log = {
    debug: record("debug"),
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
  };
  const settings = botSettings(github, emulator, statePath, options, options.env);
  const start = () =>
    startBot(settings, {
      autoPoll: false,
      now: () => clock,
      log,
      // Waiting on the bot's clock moves it (and Outpost's) forward instead.
      sleep: (ms) => {
        bed.advance(ms);
        return Promise.resolve();
      },
      ...(options.store === undefined ? {} : { store: options.store }),
    });
  const bot = await start();
  bed = {
    github,
    emulator,
    bot,
    settings,
    statePath,
    now: () => clock,
    advance(ms) {
      emulator.controls.advance(ms);
      clock += ms;
    },
    advanceGitHub(ms) {
      assert.ok(options.github === undefined, "GitHub's clock is the bed's that started it");
      githubAhead += ms;
    },
    async send(event, payload, sendOptions = {}) {
      const response = await bed.post(event, payload, sendOptions);
      await bed.bot.inbox.drain();
      return response;
    },
    post(event, payload, sendOptions = {}) {
      const delivery = signDelivery(
        event,
        payload,
        sendOptions.secret ?? webhookSecret,
        sendOptions.id ?? randomUUID(),
      );
      const headers: Record<string, string> = { ...delivery.headers };
      if (sendOptions.secret === null) delete headers["x-hub-signature-256"];
      return fetch(`${bed.bot.url}${settings.github.webhookPath}`, {
        method: "POST",
        headers,
        body: delivery.body,
      });
    },
    async restart() {
      await bed.bot.close();
      bed.bot = await start();
    },
    async apply(config, sha, applyOptions = {}) {
      const before = github.state.repository(repo)?.deployments.length ?? 0;
      await actionApply(
        github,
        emulator,
        config,
        sha,
        applyOptions.runJobs ?? [],
        applyOptions.files ?? {},
      );
      const created = github.state.repository(repo)?.deployments.slice(before) ?? [];
      for (const deployment of created) {
        const response = await bed.send("deployment", bed.deploymentEvent(deployment));
        assert.equal(response.status, 202);
      }
      return created;
    },
    deploymentEvent,
    writes: () => github.writeCounts(),
    logs,
  };
  t.after(async () => {
    await bed.bot.close();
    if (options.emulator === undefined) await emulator.close();
    if (options.github === undefined) await github.close();
    await rm(folder, { recursive: true, force: true });
    assert.deepEqual(github.rejections, [], "the fake GitHub refused requests");
    assert.deepEqual(github.responseProblems, [], "the fake GitHub answered off its description");
    assert.deepEqual(emulator.drift, [], "the emulator drifted from the Outpost description");
    const everything = JSON.stringify(github.requests);
    assert.ok(!everything.includes(operatorSecret), "an operator secret reached GitHub");
    assert.ok(!everything.includes(outpostToken), "the Outpost token reached GitHub");
  });
  return bed;
}

/** A `pull_request` event of the fake's pull request, as GitHub delivers it. */
export function pullRequestEvent(
  github: FakeGitHub,
  action: "opened" | "synchronize" | "reopened",
  number: number,
  fork?: string,
) {
  const issue = github.state.repository(repo)?.issues.get(number);
  assert.ok(issue?.pull, `the fake has no pull request #${number}`);
  const payload = adaptPayload(webhookExample(`pull_request.${action}`), {
    repository: repo,
    installationId,
    headSha: issue.pull.headSha,
    sender: fork ?? "octo-dev",
    fork: fork ?? false,
  });
  return {
    ...payload,
    number,
    pull_request: {
      ...payload.pull_request,
      number,
      head: { ...payload.pull_request.head, ref: issue.pull.headRef },
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
    },
  };
}

/** `deployment.created` for a Deployment of the fake, as GitHub delivers it to the app. */
export function deploymentEvent(deployment: DeploymentState): unknown {
  const payload = adaptPayload(webhookExample("deployment.created"), {
    repository: repo,
    installationId,
    headSha: deployment.sha,
    sender: "github-actions[bot]",
  });
  // The fields that must match the Deployment the action created.
  return {
    ...payload,
    deployment: {
      ...payload.deployment,
      id: deployment.id,
      ref: deployment.ref,
      task: deployment.task,
      environment: deployment.environment,
      description: deployment.description,
      payload: deployment.payload,
      transient_environment: deployment.transientEnvironment,
      production_environment: deployment.productionEnvironment,
    },
  };
}

/** The records the GitHub Action keeps for outpost.yaml, as it makes them. */
export function actionRecords(
  octokit: ReturnType<typeof getOctokit>,
  sha: string,
  declared: {
    readonly services: readonly { name: string }[];
    readonly jobs: readonly { key: string }[];
  },
): GitHubDeploymentRecords {
  return new GitHubDeploymentRecords({
    github: octokit,
    owner,
    repo: name,
    identity: { config: "outpost.yaml", environment: "default" },
    declared: declaredResources({
      services: declared.services.map((service) => service.name),
      jobs: declared.jobs.map((job) => job.key),
    }),
    sha,
  });
}

/** Files of the action's checkout besides outpost.yaml, by path. */
export type WorkspaceFiles = Readonly<Record<string, string>>;

/**
 * What the GitHub Action does on a push to the deploy branch, with its own GITHUB_TOKEN, in a
 * checkout holding `files`.
 */
export async function actionApply(
  github: FakeGitHub,
  emulator: Emulator,
  config: string,
  sha: string,
  runJobs: readonly string[] = [],
  files: WorkspaceFiles = {},
  /** The token it records with; a workflow's GITHUB_TOKEN by default (1,000 requests an hour). */
  token: string = github.state.issueActionsToken(repo),
): Promise<void> {
  const loaded = loadConfigText({
    path: "outpost.yaml",
    text: config,
    secrets: { WANDB_API_KEY: "wandb-from-actions-secrets" },
    git: { sha, ref: "refs/heads/main" },
  });
  assert.ok(loaded.config, JSON.stringify(loaded.problems));
  const octokit = getOctokit(token, { baseUrl: github.url });
  const records = actionRecords(octokit, sha, loaded.config);
  const credentials = { kind: "token", token: outpostToken } as const;
  const client = new OutpostClient({ baseUrl: emulator.url, credentials });
  try {
    const root = await mkdtemp(join(tmpdir(), "outpost-checkout-"));
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    const planned = await planChanges(loaded.config, client, records, {
      files: new CheckoutFiles(root),
      runJobs,
      recordKey: credentialRecordKey(credentials),
      commit: sha,
      request: `workflow-run:${sha}`,
    });
    const result = await applyChanges(planned, client, records, {
      wait: false,
      commit: sha,
    });
    assert.ok(result.ok, JSON.stringify(result));
    await rm(root, { recursive: true, force: true });
  } finally {
    await client.close();
  }
}

/** The check runs of the repository, by name. */
export function checkRuns(github: FakeGitHub) {
  return github.state.repository(repo)?.checkRuns ?? [];
}

export function checkRun(github: FakeGitHub, name: string) {
  const run = checkRuns(github).findLast((r) => r.name === name);
  assert.ok(
    run,
    `no check run ${name}; there are: ${checkRuns(github)
      .map((r) => r.name)
      .join(", ")}`,
  );
  return run;
}

export interface ProcessWorld {
  readonly emulator: Emulator;
  readonly github: FakeGitHub;
  /** The environment of a `node src/bot/server.ts` process pointed at them (add its state). */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The emulator (1,000× time, jobs of an hour: 3.6 s) and the fake GitHub that bot processes
 * talk to, closed after the test, and the environment of such a process.
 */
export async function startProcessWorld(
  t: TestContext,
  options: {
    readonly seed: number;
    readonly pollIntervalSeconds: number;
    readonly minCheckRunWriteIntervalSeconds: number;
    readonly logLevel: string;
    readonly fleetThreshold?: number;
    readonly githubWriteBudget?: OperatorOverrides["githubWriteBudget"];
  },
): Promise<ProcessWorld> {
  const emulator = await startEmulator({
    timeScale: 1000,
    seed: options.seed,
    devToken: false,
    credentials: [{ token: outpostToken, namespaces: ["acme"] }],
  });
  const github = await startFakeGitHub({
    app: appSeed(),
    installations: [{ id: installationId, account: owner }],
    repositories: [{ fullName: repo }],
  });
  t.after(() => Promise.all([emulator.close(), github.close()]));
  emulator.controls.script.job("*", { durationSeconds: 3600, queueSeconds: 60 });
  const env = {
    APP_ID: String(appId),
    PRIVATE_KEY: appKeys().privateKey,
    WEBHOOK_SECRET: webhookSecret,
    GITHUB_API_URL: github.url,
    OUTPOST_BOT_CONFIG: operatorConfig(emulator.url, {
      pollIntervalSeconds: options.pollIntervalSeconds,
      minCheckRunWriteIntervalSeconds: options.minCheckRunWriteIntervalSeconds,
      ...(options.fleetThreshold === undefined ? {} : { fleetThreshold: options.fleetThreshold }),
      ...(options.githubWriteBudget === undefined
        ? {}
        : { githubWriteBudget: options.githubWriteBudget }),
    }),
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: options.logLevel,
    LOG_FORMAT: "json",
    OUTPOST_BOT_GITHUB_WRITE_SPACING_MS: "0",
  };
  return { emulator, github, env };
}
