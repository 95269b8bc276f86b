/**
 * Apply fan-out and no-op re-apply: `outpost apply` of 100 services and 100 jobs from an empty
 * namespace against the emulator, with a fixed latency injected into every request, then the
 * same file applied again; and the same no-op at 1,000 services and 1,000 jobs. Compared in the
 * same run with the floors the API allows (floor.ts) and with a client making an apply's
 * requests one at a time (sequential-client.ts).
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
import { applyFromEmptyFloor, noopFloor, type FloorInput } from "./floor.ts";
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
  /** The large no-op: this many services and jobs, applied once, then re-applied `repeats` times. */
  readonly large: FleetSize & { readonly repeats: Repeats };
}

export const fanOutDefaults: FanOutSettings = {
  services: 100,
  jobs: 100,
  latencyMs: 75,
  concurrency: 32,
  repeats: { warmUp: 1, timed: 5 },
  sequentialRuns: 3,
  seed: 7,
  large: { services: 1000, jobs: 1000, repeats: { warmUp: 1, timed: 5 } },
};

export interface FanOutResult {
  readonly sections: readonly [Section, Section, Section];
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
  readonly noopRequests: number;
  readonly noopWrites: number;
  readonly sequentialMs: number | undefined;
  readonly sequentialRequests: number | undefined;
}

export async function measureFanOut(
  settings: FanOutSettings = fanOutDefaults,
): Promise<FanOutResult> {
  const desired = fleet(settings);
  const dir = await mkdtemp(join(tmpdir(), "outpost-bench-fan-out-"));
  const text = fleetYaml(desired);
  await writeFile(join(dir, "outpost.yaml"), text);
  const largeDir = await mkdtemp(join(tmpdir(), "outpost-bench-large-"));
  const largeText = fleetYaml(fleet(settings.large));
  await writeFile(join(largeDir, "outpost.yaml"), largeText);
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
  const apply = async (stateFile: string, cwd = dir) => {
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
      cwd,
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
        noopRequests: afterNoop.total - afterApply.total,
        noopWrites: afterNoop.writes - afterApply.writes,
        sequentialMs: sequential?.ms,
        sequentialRequests: sequential?.requests,
      };
    });
    // The large no-op: applied once from empty (not timed), then re-applied.
    fresh();
    const largeState = join(largeDir, "state.json");
    await apply(largeState, largeDir);
    const large = await repeat(settings.large.repeats, async () => {
      const before = emulator.stats.snapshot();
      const ms = await apply(largeState, largeDir);
      const after = emulator.stats.snapshot();
      return { ms, requests: after.total - before.total, writes: after.writes - before.writes };
    });
    const maxRssBytes = await worker.maxRssBytes();
    const parseMs = async (yaml: string) => {
      const reply = await worker.send({ kind: "parse", text: yaml });
      if (reply.kind !== "parse") throw new Error("the worker did not parse");
      return reply.ms;
    };
    return {
      sections: sectionsOf(settings, runs, large, {
        small: await parseMs(text),
        large: await parseMs(largeText),
      }),
      maxRssBytes,
      baselineRssBytes,
    };
  } finally {
    await worker.close();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
    await rm(largeDir, { recursive: true, force: true });
  }
}

interface LargeRun {
  readonly ms: number;
  readonly requests: number;
  readonly writes: number;
}

function floorInput(settings: FanOutSettings, size: FleetSize, parseMs: number): FloorInput {
  return { ...size, concurrency: settings.concurrency, latencyMs: settings.latencyMs, parseMs };
}

function floorNote(floor: { roundTrips: number }, settings: FanOutSettings, parseMs: number) {
  return `${floor.roundTrips} round trips × ${settings.latencyMs} ms + ${parseMs.toFixed(0)} ms parse`;
}

function sectionsOf(
  settings: FanOutSettings,
  runs: readonly Run[],
  large: readonly LargeRun[],
  parseMs: { readonly small: number; readonly large: number },
): [Section, Section, Section] {
  const floor = applyFromEmptyFloor(floorInput(settings, settings, parseMs.small));
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
        note: floorNote(floor, settings, parseMs.small),
      },
      { label: "ratio to floor", value: applyMs / floor.ms, unit: "×", bound: { max: 1.3 } },
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
  const noopFloorSmall = noopFloor(floorInput(settings, settings, parseMs.small));
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
        label: "requests",
        value: Math.max(...runs.map((r) => r.noopRequests)),
        unit: "requests",
        bound: { max: noopFloorSmall.requests },
        note: "most of any run; ⌈services/100⌉ + due jobs",
      },
      { label: "wall time", value: noopMs, unit: "ms" },
      {
        label: "floor",
        value: noopFloorSmall.ms,
        unit: "ms",
        note: floorNote(noopFloorSmall, settings, parseMs.small),
      },
      {
        label: "ratio to floor",
        value: noopMs / noopFloorSmall.ms,
        unit: "×",
        bound: { max: 1.3 },
      },
    ],
    samples: { noopMs: runs.map((r) => r.noopMs) },
  };
  const largeFloor = noopFloor(floorInput(settings, settings.large, parseMs.large));
  const largeMs = median(large.map((r) => r.ms));
  const largeNoop: Section = {
    name: "No-op re-apply, large",
    setup: `${settings.large.services} services + ${settings.large.jobs} jobs applied once, then again; median of ${large.length} after ${settings.large.repeats.warmUp} warm-up`,
    figures: [
      {
        label: "write calls",
        value: Math.max(...large.map((r) => r.writes)),
        unit: "calls",
        bound: { max: 0 },
        note: "most of any run",
      },
      {
        label: "requests",
        value: Math.max(...large.map((r) => r.requests)),
        unit: "requests",
        bound: { max: largeFloor.requests },
        note: "most of any run; ⌈services/100⌉ + due jobs",
      },
      { label: "wall time", value: largeMs, unit: "ms" },
      {
        label: "floor",
        value: largeFloor.ms,
        unit: "ms",
        note: floorNote(largeFloor, settings, parseMs.large),
      },
      { label: "ratio to floor", value: largeMs / largeFloor.ms, unit: "×" },
    ],
    samples: { noopMs: large.map((r) => r.ms) },
  };
  return [fanOut, noop, largeNoop];
}
