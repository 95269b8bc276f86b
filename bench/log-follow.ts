/**
 * Log follow: how long after the emulator writes a job's log line to the stream the user sees it
 * printed by `outpost logs --follow`, run as its own process as users run it.
 *
 * The emulator's clock is manual: each step moves emulated time on by exactly one log line, the
 * stream's next tick writes it, and the time of that write is taken from inside the emulator's
 * process (a diagnostics channel on its HTTP server wraps the stream's `write`). The line's
 * arrival is when the CLI's standard output delivers it to the runner. Both are read on the
 * runner's monotonic clock, so the figure covers the SSE hop, the client's parsing and the
 * printing, and nothing the emulator does before it writes.
 */
import { spawn } from "node:child_process";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../src/emulator/emulator.ts";
import type { Section } from "./report.ts";
import { median, percentile } from "./samples.ts";

export interface LogFollowSettings {
  /** Lines timed, after `warmUp` lines that are not. */
  readonly lines: number;
  readonly warmUp: number;
  /** Real milliseconds between two looks of the emulator's stream for new lines. */
  readonly streamPollMs: number;
}

export const logFollowDefaults: LogFollowSettings = { lines: 200, warmUp: 20, streamPollMs: 5 };

const token = "dev-token";
const namespace = "acme";
const runName = "follow-me";
/** One training line per 10 emulated seconds (10 steps of one second). */
const timings = { jobSecondsPerEpoch: 2100, jobStepsPerEpoch: 2100, jobLogEverySteps: 10 };
const lineEveryMs = 10_000;
const cli = fileURLToPath(new URL("../bin/outpost.js", import.meta.url));

interface ServerRequestStart {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
}

/** Calls `onWrite(ids)` with the SSE ids (log timestamps) in each chunk a stream writes. */
function watchStreamWrites(onWrite: (ids: readonly string[]) => void): () => void {
  const channel = "http.server.request.start";
  const listener = (message: unknown) => {
    const { request, response } = message as ServerRequestStart;
    if (!(request.url ?? "").includes("stream=true")) return;
    const write = response.write.bind(response) as (chunk: unknown, ...rest: unknown[]) => boolean;
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      const ok = write(chunk, ...rest);
      if (typeof chunk === "string") {
        onWrite([...chunk.matchAll(/^id: (.+)$/gm)].map((match) => match[1] ?? ""));
      }
      return ok;
    }) as ServerResponse["write"];
  };
  subscribe(channel, listener);
  return () => unsubscribe(channel, listener);
}

/** Polls `done` on a short timer until it holds; fails after `timeoutMs`. */
async function until(done: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = performance.now();
  while (!done()) {
    if (performance.now() - started > timeoutMs) throw new Error(`log follow: timed out ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * The ids written since `before`, waiting a few stream ticks for them; none when no line was due.
 */
async function freshIds(
  written: ReadonlyMap<string, number>,
  before: ReadonlySet<string>,
  streamPollMs: number,
): Promise<string[]> {
  const fresh = () => [...written.keys()].filter((id) => !before.has(id));
  await until(() => fresh().length > 0, "", 10 * streamPollMs).catch(() => undefined);
  return fresh();
}

export async function measureLogFollow(
  settings: LogFollowSettings = logFollowDefaults,
): Promise<Section> {
  const written = new Map<string, number>();
  const printed = new Map<string, number>();
  const stopWatching = watchStreamWrites((ids) => {
    const now = performance.now();
    for (const id of ids) if (!written.has(id)) written.set(id, now);
  });
  const emulator = await startEmulator({
    manualClock: true,
    seed: 3,
    timings,
    streamPollMs: settings.streamPollMs,
    validateResponses: false,
  });
  const follower = spawn(
    process.execPath,
    [cli, "logs", runName, "--follow", "--tail", "1", "--namespace", namespace],
    {
      env: { ...process.env, OUTPOST_API_URL: emulator.url, OUTPOST_TOKEN: token },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  follower.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: follower.stdout }).on("line", (line) => {
    const timestamp = line.split(" ", 1)[0] ?? "";
    if (!printed.has(timestamp)) printed.set(timestamp, performance.now());
  });
  try {
    const created = await fetch(`${emulator.url}/auth/v1/seed/${namespace}/jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: runName,
        command: "python train.py",
        image: "ghcr.io/acme/train:v1",
        gpu: "L4",
        timeout_minutes: 600,
      }),
    });
    if (created.status !== 201) throw new Error(`log follow: creating the job: ${created.status}`);
    // Past the queue: the job is running, and the stream is open once the first line is printed.
    emulator.controls.advance(120_000);
    await until(() => printed.size > 0, `waiting for the first line (stderr: ${stderr})`);
    const latencies: number[] = [];
    let seen = 0;
    while (seen < settings.warmUp + settings.lines) {
      const before = new Set(written.keys());
      emulator.controls.advance(lineEveryMs);
      // The job's set-up phase writes no line: keep moving time until one is due.
      const fresh = await freshIds(written, before, settings.streamPollMs);
      if (fresh.length === 0) continue;
      await until(() => fresh.every((id) => printed.has(id)), "waiting for the CLI to print");
      for (const id of fresh) {
        seen++;
        if (seen > settings.warmUp) latencies.push((printed.get(id) ?? 0) - (written.get(id) ?? 0));
      }
    }
    return {
      name: "Log follow",
      setup: `outpost logs --follow as a process; ${latencies.length} lines, one at a time, after ${settings.warmUp} warm-up`,
      figures: [
        { label: "latency p50", value: median(latencies), unit: "ms" },
        { label: "latency p99", value: percentile(latencies, 0.99), unit: "ms" },
      ],
      samples: { latencyMs: latencies },
    };
  } finally {
    follower.kill();
    stopWatching();
    await emulator.close();
  }
}
