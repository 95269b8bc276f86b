/**
 * Runs the built action (`dist/index.js`) exactly as the GitHub runner does: a separate Node
 * process with `INPUT_*` variables, `GITHUB_EVENT_NAME`/`GITHUB_EVENT_PATH` pointing at a real
 * webhook payload, and `GITHUB_OUTPUT`/`GITHUB_STEP_SUMMARY` files; against an in-process Outpost
 * emulator and a fake GitHub that rejects whatever GitHub's OpenAPI description would. The run's
 * stdout is parsed back into workflow commands (annotations, masks, groups) and its outputs file
 * into values, as the runner would read them.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { TestContext } from "node:test";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/emulator.ts";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/fake-github.ts";
import type { Permissions } from "../support/fake-github/state.ts";
import { adaptPayload, webhookExample, writeEventFile } from "../support/webhooks.ts";

export const repository = "acme/app";
export const outpostToken = "dev-token";
export const distEntry = resolve(import.meta.dirname, "../../dist/index.js");

/** outpost.yaml with one small service: the start of most tests' files. */
export const oneService = `version: 1
namespace: acme
services:
  embedding-api:
    image: ghcr.io/acme/embedding-server:v2.1.0
    gpu: L4
`;

/** A commit sha made from a label, so tests read `commit("first")`. */
export function commit(label: string): string {
  return Buffer.from(label.padEnd(20, ".")).toString("hex").slice(0, 40).padEnd(40, "0");
}

export interface Testbed {
  readonly emulator: Emulator;
  readonly github: FakeGitHub;
  /** The checkout: outpost.yaml and whatever else a test writes. */
  readonly workspace: string;
  /** Files for the step's runs (events, outputs, summaries). */
  readonly scratch: string;
  writeFile(path: string, text: string): Promise<void>;
  /** A GITHUB_TOKEN for the repository with the workflow's `permissions:`. */
  githubToken(permissions?: Permissions): string;
}

/**
 * Starts the emulator (fast time) and the fake GitHub for one test; at the end, the fake GitHub
 * must have rejected nothing and the emulator's answers must match the Outpost description.
 */
export async function startTestbed(
  t: TestContext,
  options: EmulatorOptions & {
    /** The fake GitHub keeps the emulator's time (a manual clock's, for GitHub-kept times). */
    readonly githubOnEmulatorClock?: boolean;
  } = {},
): Promise<Testbed> {
  const { githubOnEmulatorClock, ...emulatorOptions } = options;
  const emulator = await startEmulator({ timeScale: 600, seed: 7, ...emulatorOptions });
  const github = await startFakeGitHub({
    repositories: [{ fullName: repository, defaultBranch: "main" }],
    ...(githubOnEmulatorClock === true ? { now: () => emulator.controls.now().getTime() } : {}),
  });
  const scratch = await mkdtemp(join(tmpdir(), "outpost-action-"));
  const workspace = join(scratch, "workspace");
  await mkdir(workspace);
  t.after(async () => {
    await Promise.all([emulator.close(), github.close()]);
    await rm(scratch, { recursive: true, force: true });
    assert.deepEqual(github.rejections, [], "the fake GitHub rejected requests");
    assert.deepEqual(github.responseProblems, [], "the fake GitHub answered off its description");
    assert.deepEqual(emulator.drift, [], "the emulator drifted from the Outpost description");
  });
  return {
    emulator,
    github,
    workspace,
    scratch,
    async writeFile(path, text) {
      const target = join(workspace, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    },
    githubToken: (permissions) => github.state.issueActionsToken(repository, permissions),
  };
}

export type EventSpec =
  | { readonly name: "push"; readonly sha: string; readonly branch?: string; readonly tag?: string }
  | {
      readonly name: "pull_request" | "pull_request_target";
      readonly sha: string;
      readonly fork?: boolean;
      /** What happened to the pull request: `synchronize` (a push to it) by default. */
      readonly action?: "opened" | "synchronize" | "reopened" | "closed" | "labeled";
      /** The pull request's number; the example's by default. */
      readonly number?: number;
      /** Its head branch; the example's by default. */
      readonly headBranch?: string;
    }
  | { readonly name: "workflow_dispatch"; readonly sha: string; readonly branch?: string }
  | {
      readonly name: "workflow_run";
      /** The commit checked out: the default branch's newest (`GITHUB_SHA`). */
      readonly sha: string;
      /** The triggering run's event, code and branch. */
      readonly triggering: {
        readonly event: string;
        readonly headRepository: string;
        readonly branch: string;
      };
    };

type Json = Record<string, unknown>;

/** A payload as plain JSON, to change the fields the example helpers do not. */
function plain(payload: object): Json {
  return JSON.parse(JSON.stringify(payload)) as Json;
}

/** A real example payload of the event, moved to the test repository and commit. */
function payloadOf(event: EventSpec): { payload: Json; ref: string } {
  if (event.name === "push") {
    const ref =
      event.tag === undefined ? `refs/heads/${event.branch ?? "main"}` : `refs/tags/${event.tag}`;
    const payload = plain(adaptPayload(webhookExample("push"), { repository, headSha: event.sha }));
    (payload["repository"] as Json)["default_branch"] = "main";
    return { payload: { ...payload, ref, created: false, deleted: false }, ref };
  }
  if (event.name === "workflow_dispatch") {
    const ref = `refs/heads/${event.branch ?? "main"}`;
    const payload = plain(adaptPayload(webhookExample("workflow_dispatch"), { repository }));
    return { payload: { ...payload, ref }, ref };
  }
  if (event.name === "workflow_run") {
    const payload = plain(adaptPayload(webhookExample("workflow_run.completed"), { repository }));
    const run = payload["workflow_run"] as Json;
    run["event"] = event.triggering.event;
    run["head_branch"] = event.triggering.branch;
    (run["head_repository"] as Json)["full_name"] = event.triggering.headRepository;
    (payload["repository"] as Json)["default_branch"] = "main";
    return { payload, ref: "refs/heads/main" };
  }
  const payload = plain(
    adaptPayload(webhookExample("pull_request.synchronize"), {
      repository,
      headSha: event.sha,
      fork: event.fork ?? false,
    }),
  );
  const pull = payload["pull_request"] as Json;
  // Into the test repository's default branch.
  (pull["base"] as Json)["ref"] = "main";
  if (event.action !== undefined) payload["action"] = event.action;
  if (event.action === "closed") pull["state"] = "closed";
  if (event.number !== undefined) {
    pull["number"] = event.number;
    payload["number"] = event.number;
  }
  if (event.headBranch !== undefined) (pull["head"] as Json)["ref"] = event.headBranch;
  return { payload, ref: `refs/pull/${String(pull["number"])}/merge` };
}

export interface ActionRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** What the step's outputs file holds, as the runner reads it. */
  readonly outputs: Readonly<Record<string, string>>;
  /** The job summary written (empty when none). */
  readonly summary: string;
  /** The raw outputs file, for checks on what it holds. */
  readonly outputsFile: string;
  /** Every workflow command of stdout (`::error file=...::message`), in order. */
  readonly commands: readonly WorkflowCommand[];
  /** Lines of stdout that are not workflow commands: what users read in the log. */
  readonly logLines: readonly string[];
}

export interface WorkflowCommand {
  readonly command: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly message: string;
}

/** Undoes the runner's command escaping (`%25`, `%0D`, `%0A`, and `%3A`/`%2C` in properties). */
function unescape(text: string): string {
  return text
    .replaceAll("%0D", "\r")
    .replaceAll("%0A", "\n")
    .replaceAll("%3A", ":")
    .replaceAll("%2C", ",")
    .replaceAll("%25", "%");
}

export function parseCommands(stdout: string): {
  commands: WorkflowCommand[];
  logLines: string[];
} {
  const commands: WorkflowCommand[] = [];
  const logLines: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) {
      if (line !== "") logLines.push(line);
      continue;
    }
    const [, command = "", rawProperties = "", message = ""] = match;
    const properties: Record<string, string> = {};
    for (const pair of rawProperties.split(",").filter(Boolean)) {
      const at = pair.indexOf("=");
      properties[pair.slice(0, at)] = unescape(pair.slice(at + 1));
    }
    commands.push({ command, properties, message: unescape(message) });
  }
  return { commands, logLines };
}

/** `name<<DELIMITER\nvalue\nDELIMITER` entries, the format `core.setOutput` writes. */
export function parseOutputsFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? "");
    if (!match) continue;
    const [, name = "", delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
    outputs[name] = value.join("\n");
  }
  return outputs;
}

export interface RunOptions {
  readonly event: EventSpec;
  /** Inputs by their names in action.yml (`api-key`, `wait-for-jobs`). */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Defaults: the emulator's URL and dev token, a GITHUB_TOKEN with default permissions. */
  readonly defaults?: boolean;
  /** More environment (the workflow's `env:`). */
  readonly env?: Readonly<Record<string, string>>;
  /** The action's entry; default the repository's dist/index.js. */
  readonly entry?: string;
  /** Stops the step as the runner stops a cancelled run, once its log says `when`. */
  readonly stop?: { readonly signal: "SIGINT" | "SIGTERM"; readonly when: RegExp };
}

/** The environment the runner gives a step: inputs upper-cased with spaces as `_` (dashes kept). */
function inputVariables(inputs: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      `INPUT_${name.replaceAll(" ", "_").toUpperCase()}`,
      value,
    ]),
  );
}

export async function runAction(bed: Testbed, options: RunOptions): Promise<ActionRun> {
  const { payload, ref } = payloadOf(options.event);
  await using eventFile = await writeEventFile(payload);
  const id = randomUUID();
  const outputsFile = join(bed.scratch, `output-${id}`);
  const summaryFile = join(bed.scratch, `summary-${id}`);
  await writeFile(outputsFile, "");
  await writeFile(summaryFile, "");
  const inputs = {
    ...(options.defaults === false
      ? {}
      : {
          token: outpostToken,
          "api-url": bed.emulator.url,
          "github-token": bed.githubToken(),
          "poll-interval": "100ms",
          timeout: "1m",
        }),
    ...options.inputs,
  };
  const env: Record<string, string> = {
    PATH: process.env["PATH"] ?? "",
    ...inputVariables(inputs),
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: eventFile.path,
    GITHUB_REPOSITORY: repository,
    GITHUB_SHA: options.event.sha,
    GITHUB_REF: ref,
    GITHUB_WORKSPACE: bed.workspace,
    GITHUB_OUTPUT: outputsFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_API_URL: bed.github.url,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "4242",
    RUNNER_TEMP: bed.scratch,
    ...options.env,
  };
  const child = spawn(process.execPath, [options.entry ?? distEntry], {
    cwd: bed.workspace,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let stopped = false;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (options.stop && !stopped && options.stop.when.test(stdout)) {
      stopped = true;
      child.kill(options.stop.signal);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exitCode = await new Promise<number | null>((resolveExit, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the action ran for over 60 s:\n${stdout}\n${stderr}`));
    }, 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
  });
  const outputsText = await readFile(outputsFile, "utf8");
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputsFile(outputsText),
    outputsFile: outputsText,
    summary: await readFile(summaryFile, "utf8"),
    ...parseCommands(stdout),
  };
}

/** Where the run failed or warned: every `error`/`warning` command. */
export function annotations(run: ActionRun, kind: "error" | "warning"): WorkflowCommand[] {
  return run.commands.filter((c) => c.command === kind);
}

/** The message the step failed with (`core.setFailed` writes the last error), once it is sure it failed. */
export function failureOf(run: ActionRun): string {
  assert.equal(run.exitCode, 1, transcript(run));
  const failure = annotations(run, "error").at(-1);
  assert.ok(failure, transcript(run));
  return failure.message;
}

/** The run's whole story, for assertion messages. */
export function transcript(run: ActionRun): string {
  return `exit ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}\n--- summary\n${run.summary}`;
}
