/**
 * Training metrics read from log lines: every `name: value` or `name=value` pair with a number
 * (`[Epoch 3/3] Step 6280/6300 | Loss: 0.0312 | LR: 1.2e-6`, `step=400 eval_loss=0.41
 * accuracy=0.87`), by the line's step — or, in a log that prints no steps, by line. The first
 * few metrics a run prints are followed (the loss first when there is one); each keeps at most
 * `maxStoredPoints` points, thinned with LTTB so that the whole run's shape, its first and its
 * last point stay, however long the run.
 */
import { largestTriangles } from "../../render/downsample.ts";
import type { MetricSeries } from "../../render/loss-chart.ts";

/** Metrics followed per run. */
export const maxMetrics = 4;
/** Points kept per metric; beyond, LTTB thins them to `thinnedPoints`. */
export const maxStoredPoints = 500;
const thinnedPoints = 400;

const pair =
  /(?<![\w.])([A-Za-z][A-Za-z0-9_./-]*)\s*[:=]\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(?![\w.:/-])/g;
const stepPattern = /\b(?:global[_ ]?)?step\s*[:=]?\s*(\d+)/i;
/** Names that count something (they are the x axis, or no curve at all), not metrics. */
const counters = new Set([
  "step",
  "steps",
  "global_step",
  "epoch",
  "epochs",
  "iter",
  "iteration",
  "it",
  "batch",
  "shard",
  "rank",
  "exit_code",
  "code",
  "pid",
  "port",
  "eta",
  "time",
  "elapsed",
  "remaining",
]);
const abbreviations: Readonly<Record<string, string>> = { lr: "LR", mae: "MAE", mse: "MSE" };

function title(key: string): string {
  const known = abbreviations[key];
  if (known !== undefined) return known;
  const words = key.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function keyOf(name: string): string {
  return name.toLowerCase().replaceAll("-", "_").replaceAll(" ", "_");
}

/** The metric pairs of one line, by key. */
function metricsOf(line: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const match of line.matchAll(pair)) {
    const key = keyOf(match[1] ?? "");
    const value = Number(match[2]);
    if (key === "" || counters.has(key) || !Number.isFinite(value) || found.has(key)) continue;
    found.set(key, value);
  }
  return found;
}

interface Builder {
  readonly key: string;
  readonly name: string;
  points: (readonly [number, number])[];
}

/**
 * The series with the metrics of `lines` added. Lines without a step are skipped once steps
 * have been seen (a "Final loss" line has none); a step lower than the last one starts the
 * series again (a retried attempt: the chart follows the latest).
 */
export function extendMetrics(
  series: readonly MetricSeries[] | undefined,
  lines: readonly string[],
): MetricSeries[] {
  const axis = series?.[0]?.axis;
  const builders: Builder[] = (series ?? []).map((s) => ({
    key: keyOf(s.name),
    name: s.name,
    points: [...s.points],
  }));
  let currentAxis = axis;
  let lastX = Math.max(0, ...builders.map((b) => b.points.at(-1)?.[0] ?? 0));
  for (const line of lines) {
    const metrics = metricsOf(line);
    if (metrics.size === 0) continue;
    const stepText = stepPattern.exec(line)?.[1];
    currentAxis ??= stepText === undefined ? "Line" : "Step";
    if (currentAxis === "Step" && stepText === undefined) continue;
    const x = currentAxis === "Step" ? Number(stepText) : lastX + 1;
    if (x < lastX) for (const builder of builders) builder.points = [];
    lastX = x;
    const ordered = [...metrics.keys()].sort((a, b) => Number(b === "loss") - Number(a === "loss"));
    for (const key of ordered) {
      let builder = builders.find((b) => b.key === key);
      if (builder === undefined) {
        if (builders.length >= maxMetrics) continue;
        builder = { key, name: title(key), points: [] };
        builders.push(builder);
      }
      const value = metrics.get(key) ?? 0;
      const previous = builder.points.at(-1);
      if (previous !== undefined && previous[0] === x) builder.points.pop();
      builder.points.push([x, value]);
      if (builder.points.length > maxStoredPoints) {
        builder.points = largestTriangles(builder.points, thinnedPoints);
      }
    }
  }
  const axisName = currentAxis ?? "Step";
  return builders
    .filter((b) => b.points.length > 0)
    .map((b) => ({ name: b.name, axis: axisName, points: b.points }));
}
