/**
 * A project folder for end-to-end tests: outpost.yaml files written from objects, the `outpost`
 * CLI run in-process in the folder against an emulator on a fast clock, and the writes Outpost
 * received counted between calls. A run may be stopped as Ctrl-C would (`stop`).
 */
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import type { CliIo } from "../../src/cli/command.ts";
import { run } from "../../src/cli/main.ts";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/emulator.ts";

export const sha1 = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
export const sha2 = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

export interface Resource {
  [field: string]: unknown;
}

export function yamlOf(
  services: Record<string, Resource>,
  jobs: Record<string, Resource> = {},
  namespace = "acme",
): string {
  return `${JSON.stringify({ version: 1, namespace, services, jobs }, null, 2)}\n`;
}

export const llama = (): Resource => ({
  repo: "acme/inference-engine",
  gpu: "A100-80GB",
  cpu: 16,
  memory_gb: 64,
  min_replicas: 2,
  max_replicas: 8,
  target_gpu_utilization: 65,
  health_check_path: "/v1/health",
  env: { MODEL_ID: "meta-llama/Meta-Llama-3.1-70B-Instruct", HF_TOKEN: "${{ secrets.HF_TOKEN }}" },
});

export const finetune = (): Resource => ({
  command: "python train.py --epochs 3",
  repo: "acme/training-pipeline",
  gpu: "A100-80GB",
  gpu_count: 4,
  paths: ["training/**"],
});

export interface CliOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** More environment variables for this run. */
  readonly env?: Readonly<Record<string, string>>;
  /** Stops the run as Ctrl-C (`SIGINT`) or SIGTERM would, when this resolves. */
  readonly stop?: Promise<"SIGINT" | "SIGTERM">;
  /** What the person at the terminal answers (undefined: Ctrl-C at the prompt). */
  readonly answer?: string | undefined;
}

export interface Project {
  readonly dir: string;
  readonly emulator: Emulator;
  write(
    services: Record<string, Resource>,
    jobs?: Record<string, Resource>,
    file?: string,
  ): Promise<void>;
  outpost(...args: string[]): Promise<CliOutcome>;
  /** `outpost` with options for this run. */
  outpostWith(options: RunOptions, ...args: string[]): Promise<CliOutcome>;
  /** Write requests the emulator received since the last call, by operation. */
  writes(): Record<string, number>;
}

export async function project(t: TestContext, options: EmulatorOptions = {}): Promise<Project> {
  const emulator = await startEmulator({ timeScale: 2000, seed: 7, ...options });
  t.after(async () => {
    await emulator.close();
    assert.deepEqual(emulator.drift, []);
  });
  const dir = await mkdtemp(join(tmpdir(), "outpost-e2e-"));
  let seen = 0;
  const outpostWith = async (options: RunOptions, ...args: string[]): Promise<CliOutcome> => {
    let stdout = "";
    let stderr = "";
    const stop = new AbortController();
    void options.stop?.then((signal) => stop.abort(signal));
    const io: CliIo = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      cwd: dir,
      env: {
        OUTPOST_API_URL: emulator.url,
        OUTPOST_TOKEN: "dev-token",
        OUTPOST_SECRET_HF_TOKEN: "hf_e2e_secret_value",
        ...options.env,
      },
      claimInterrupts: () => stop.signal,
      ...("answer" in options ? { ask: () => Promise.resolve(options.answer) } : {}),
    };
    const fast = args[0] === "apply" ? ["--poll-interval", "50ms"] : [];
    const commit = args.includes("--sha") ? [] : ["--sha", sha1];
    const code = await run([...args, ...fast, ...commit], io);
    return { code, stdout, stderr };
  };
  return {
    dir,
    emulator,
    write: (services, jobs, file = "outpost.yaml") =>
      writeFile(join(dir, file), yamlOf(services, jobs)),
    outpost: (...args) => outpostWith({}, ...args),
    outpostWith,
    writes() {
      const requests = emulator.stats.snapshot().requests.slice(seen);
      seen += requests.length;
      const counts: Record<string, number> = {};
      for (const r of requests) {
        if (r.method !== "GET" && r.operationId)
          counts[r.operationId] = (counts[r.operationId] ?? 0) + 1;
      }
      return counts;
    },
  };
}
