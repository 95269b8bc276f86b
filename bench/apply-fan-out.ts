/**
 * Apply fan-out and no-op re-apply: `outpost apply` of 100 services and 100 jobs from an empty
 * namespace against the emulator, with a fixed latency injected into every request, then the
 * same file applied again. Compared in the same run with the floor (floor.ts) and with a client
 * making the same requests one at a time (sequential-client.ts).
 *
 * The emulator runs in the runner's process, the clients in a worker process (cli-worker.ts), so
 * that the worker's peak RSS is the apply's own. The emulator's time scale makes a rollout take
 * a fraction of a millisecond, so readiness costs one read per service, as the floor assumes;
 * its answers are not checked against the description here (the tests do that), so that its
 * CPU time does not count against the client.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../src/emulator/emulator.ts";
import { fleet, fleetSha, fleetYaml, jobRunName, type FleetSize } from "./fleet.ts";
import { applyFromEmptyFloor, planFloor } from "./floor.ts";
import type { Section } from "./report.ts";
import { median, repeat, type Repeats } from "./samples.ts";
import type { CliReply, CliTask } from "./cli-worker.ts";
import { WorkerProcess } from "./worker-process.ts";

export interface FanOutSettings extends FleetSize {
  readonly latencyMs: number;
  readonly concurrency: number;
  readonly repeats: Repeats;
  /** How many of the timed repeats also run the sequential client (it is slow by design). */
  readonly sequentialRuns: number;
  readonly seed: number;
}

export const fanOutDefaults: FanOutSettings = {
  services: 100,
  jobs: 100,
  latencyMs: 75,
  concurrency: 32,
  repeats: { warmUp: 1, timed: 5 },
  sequentialRuns: 3,
  seed: 7,
};

export interface FanOutResult {
  readonly sections: readonly [Section, Section];
  /** The worker's peak RSS over every run. */
  readonly maxRssBytes: number;
  /** Its RSS with the CLI loaded and nothing run yet. */
  readonly baselineRssBytes: number;
}

const token = "dev-token";

interface Run {
  readonly applyMs: number;
  readonly applyRequests: number;
  readonly noopMs: number;
  readonly noopReads: number;
  readonly noopWrites: number;
  readonly sequentialMs: number | undefined;
  readonly sequentialRequests: number | undefined;
}

export async function measureFanOut(
  settings: FanOutSettings = fanOutDefaults,
): Promise<FanOutResult> {
  const desired = fleet(settings);
  const dir = await mkdtemp(join(tmpdir(), "outpost-bench-fan-out-"));
  await writeFile(join(dir, "outpost.yaml"), fleetYaml(desired));
  const emulator = await startEmulator({
    timeScale: 1_000_000,
    seed: settings.seed,
    validateResponses: false,
  });
  const worker = WorkerProcess.start<CliTask, CliReply>(
    new URL("./cli-worker.ts", import.meta.url),
  );
  const runNames = Array.from({ length: settings.jobs }, (_, index) => jobRunName(index));
  const fresh = () => {
    emulator.controls.reset();
    emulator.controls.faults.set({ latencyMs: settings.latencyMs, seed: settings.seed });
  };
  const apply = async (stateFile: string) => {
    const reply = await worker.send({
      kind: "cli",
      argv: [
        "apply",
        "--yes",
        "--json",
        "--sha",
        fleetSha,
        "--concurrency",
        String(settings.concurrency),
        "--poll-interval",
        "1s",
        "--state-file",
        stateFile,
      ],
      cwd: dir,
      env: { OUTPOST_API_URL: emulator.url, OUTPOST_TOKEN: token },
    });
    if (reply.code !== 0) throw new Error(`outpost apply failed (${reply.code}): ${reply.stderr}`);
    return reply.ms;
  };
  try {
    const baselineRssBytes = await worker.maxRssBytes();
    const runs = await repeat(settings.repeats, async (index): Promise<Run> => {
      fresh();
      const stateFile = join(dir, `state-${index}.json`);
      const applyMs = await apply(stateFile);
      const afterApply = emulator.stats.snapshot();
      // A fast apply that did not converge would measure nothing.
      const { services, jobs } = emulator.controls.inspect();
      if (
        services.length !== settings.services ||
        services.some((s) => s.status !== "running") ||
        jobs.length !== settings.jobs
      ) {
        throw new Error("the apply exited 0 without creating every service and job");
      }
      const noopMs = await apply(stateFile);
      const afterNoop = emulator.stats.snapshot();
      const timedIndex = index - settings.repeats.warmUp;
      let sequential: { ms: number; requests: number } | undefined;
      if (timedIndex >= 0 && timedIndex < settings.sequentialRuns) {
        fresh();
        sequential = await worker.send({
          kind: "sequential",
          settings: { baseUrl: emulator.url, token, fleet: desired, runNames },
        });
      }
      return {
        applyMs,
        applyRequests: afterApply.total,
        noopMs,
        noopReads: afterNoop.total - afterNoop.writes - (afterApply.total - afterApply.writes),
        noopWrites: afterNoop.writes - afterApply.writes,
        sequentialMs: sequential?.ms,
        sequentialRequests: sequential?.requests,
      };
    });
    const maxRssBytes = await worker.maxRssBytes();
    return { sections: sectionsOf(settings, runs), maxRssBytes, baselineRssBytes };
  } finally {
    await worker.close();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function sectionsOf(settings: FanOutSettings, runs: readonly Run[]): [Section, Section] {
  const floor = applyFromEmptyFloor(settings);
  const applyMs = median(runs.map((r) => r.applyMs));
  const paired = runs.filter((r) => r.sequentialMs !== undefined);
  // Each sequential run is paired with the apply of the same repeat: both saw the same load.
  const sequentialRatio = median(paired.map((r) => (r.sequentialMs ?? 0) / r.applyMs));
  const setup =
    `${settings.services} services + ${settings.jobs} jobs from empty, ${settings.latencyMs} ms per request, ` +
    `--concurrency ${settings.concurrency}; median of ${runs.length} after ${settings.repeats.warmUp} warm-up`;
  const fanOut: Section = {
    name: "Apply fan-out",
    setup,
    figures: [
      { label: "wall time", value: applyMs, unit: "ms" },
      {
        label: "floor",
        value: floor.ms,
        unit: "ms",
        note: `${floor.roundTrips} round trips × ${settings.latencyMs} ms`,
      },
      { label: "ratio to floor", value: applyMs / floor.ms, unit: "×", bound: { max: 1.5 } },
      {
        label: "requests",
        value: median(runs.map((r) => r.applyRequests)),
        unit: "requests",
        note: `floor counts ${floor.requests}`,
      },
      {
        label: "sequential client",
        value: median(paired.map((r) => r.sequentialMs ?? 0)),
        unit: "ms",
        note: `${median(paired.map((r) => r.sequentialRequests ?? 0))} requests one at a time, median of ${paired.length}`,
      },
      { label: "speed-up over sequential", value: sequentialRatio, unit: "×", bound: { min: 10 } },
    ],
    samples: {
      applyMs: runs.map((r) => r.applyMs),
      sequentialMs: paired.map((r) => r.sequentialMs ?? 0),
    },
  };
  const readFloor = planFloor(settings);
  const noopMs = median(runs.map((r) => r.noopMs));
  const noop: Section = {
    name: "No-op re-apply",
    setup: `the same file applied again, same latency and concurrency; median of ${runs.length}`,
    figures: [
      {
        label: "write calls",
        value: Math.max(...runs.map((r) => r.noopWrites)),
        unit: "calls",
        bound: { max: 0 },
        note: "most of any run",
      },
      {
        label: "read calls",
        value: median(runs.map((r) => r.noopReads)),
        unit: "calls",
        note: `floor counts ${readFloor.requests}`,
      },
      { label: "wall time", value: noopMs, unit: "ms" },
      {
        label: "floor",
        value: readFloor.ms,
        unit: "ms",
        note: `${readFloor.roundTrips} round trips × ${settings.latencyMs} ms`,
      },
      { label: "ratio to floor", value: noopMs / readFloor.ms, unit: "×" },
    ],
    samples: { noopMs: runs.map((r) => r.noopMs) },
  };
  return [fanOut, noop];
}
