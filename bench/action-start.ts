/**
 * Action start: the bundled action (`dist/index.js`) run as the runner runs it — a fresh Node
 * process with `INPUT_*` variables and a pull request event — planning the example outpost.yaml
 * against the emulator, with its records read from a fake GitHub; and validating it only, as on
 * a fork's pull request (no credentials: nothing contacted). Compared in the same run with a
 * process that only imports `@actions/core`, the least any JavaScript action starts with.
 */
import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../src/emulator/emulator.ts";
import { startFakeGitHub } from "../test/support/fake-github/fake-github.ts";
import { adaptPayload, webhookExample } from "../test/support/webhooks.ts";
import type { Section } from "./report.ts";
import { median, repeat, type Repeats } from "./samples.ts";

export interface ActionStartSettings {
  readonly repeats: Repeats;
}

export const actionStartDefaults: ActionStartSettings = { repeats: { warmUp: 2, timed: 9 } };

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = join(root, "dist", "index.js");

/** Bounds the project promises (docs/performance.md): a lean bundle that starts quickly. */
const bounds = { bundleKiB: 1536, planRatio: 2 };

/** The JavaScript of the bundle: its entry and the chunks a mode loads when it runs. */
async function bundleBytes(): Promise<number> {
  const folder = join(root, "dist");
  const files = (await readdir(folder)).filter((name) => name.endsWith(".js"));
  const sizes = await Promise.all(files.map(async (name) => (await stat(join(folder, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}
const repository = "acme/app";
const sha = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";

/** Runs a process to its end; its wall time, or an error with its output when it fails. */
async function timedProcess(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${args.join(" ")} exited with ${code}:\n${output}`);
  return ms;
}

export async function measureActionStart(
  settings: ActionStartSettings = actionStartDefaults,
): Promise<Section> {
  const emulator = await startEmulator({ timeScale: 600, seed: 5, validateResponses: false });
  const github = await startFakeGitHub({
    repositories: [{ fullName: repository, defaultBranch: "main" }],
  });
  const scratch = await mkdtemp(join(tmpdir(), "outpost-bench-action-"));
  try {
    const workspace = join(scratch, "workspace");
    await mkdir(workspace);
    await copyFile(join(root, "examples", "outpost.yaml"), join(workspace, "outpost.yaml"));
    const event = join(scratch, "event.json");
    await writeFile(
      event,
      JSON.stringify(
        adaptPayload(webhookExample("pull_request.synchronize"), { repository, headSha: sha }),
      ),
    );
    const forkEvent = join(scratch, "fork-event.json");
    await writeFile(
      forkEvent,
      JSON.stringify(
        adaptPayload(webhookExample("pull_request.synchronize"), {
          repository,
          headSha: sha,
          fork: true,
        }),
      ),
    );
    const outputs = join(scratch, "outputs");
    const summary = join(scratch, "summary");
    const env: Record<string, string> = {
      PATH: process.env["PATH"] ?? "",
      INPUT_MODE: "plan",
      INPUT_TOKEN: "dev-token",
      "INPUT_API-URL": emulator.url,
      INPUT_CONFIG: "outpost.yaml",
      INPUT_SECRETS: JSON.stringify({ WANDB_API_KEY: "wandb-bench", HF_TOKEN: "hf-bench" }),
      "INPUT_GITHUB-TOKEN": github.state.issueActionsToken(repository),
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: repository,
      GITHUB_SHA: sha,
      GITHUB_REF: "refs/pull/1/merge",
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputs,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_RUN_ID: "1",
      RUNNER_TEMP: scratch,
    };
    // A fork's pull request: GitHub gives it no secrets, so the action validates only.
    const validateEnv = { ...env, INPUT_TOKEN: "", GITHUB_EVENT_PATH: forkEvent };
    const runs = await repeat(settings.repeats, async () => {
      await writeFile(outputs, "");
      await writeFile(summary, "");
      const actionMs = await timedProcess([bundle], { cwd: workspace, env });
      const coreMs = await timedProcess(
        ["--input-type=module", "--eval", 'import "@actions/core";'],
        { cwd: root, env: { PATH: env["PATH"] ?? "" } },
      );
      const validateMs = await timedProcess([bundle], { cwd: workspace, env: validateEnv });
      return { actionMs, coreMs, validateMs };
    });
    if (emulator.stats.snapshot().writes > 0)
      throw new Error("the action wrote to Outpost in plan mode");
    const actionMs = median(runs.map((r) => r.actionMs));
    return {
      name: "Action start",
      setup: `node dist/index.js, mode plan on a pull request, examples/outpost.yaml; median of ${runs.length} after ${settings.repeats.warmUp} warm-up`,
      figures: [
        { label: "plan mode: wall time (process start to exit)", value: actionMs, unit: "ms" },
        {
          label: "bundle size (all its JavaScript)",
          value: (await bundleBytes()) / 1024,
          unit: "KiB",
          bound: { max: bounds.bundleKiB },
        },
        {
          label: "process importing only @actions/core",
          value: median(runs.map((r) => r.coreMs)),
          unit: "ms",
        },
        {
          label: "plan mode: ratio to it",
          value: median(runs.map((r) => r.actionMs / r.coreMs)),
          unit: "×",
          bound: { max: bounds.planRatio },
        },
        {
          label: "validate mode: wall time",
          value: median(runs.map((r) => r.validateMs)),
          unit: "ms",
        },
        {
          label: "validate mode: ratio to it",
          value: median(runs.map((r) => r.validateMs / r.coreMs)),
          unit: "×",
        },
      ],
      samples: {
        actionMs: runs.map((r) => r.actionMs),
        coreMs: runs.map((r) => r.coreMs),
        validateMs: runs.map((r) => r.validateMs),
      },
    };
  } finally {
    await Promise.all([emulator.close(), github.close()]);
    await rm(scratch, { recursive: true, force: true });
  }
}
