/**
 * A training metric read from log lines as the seed pages print them
 * (`[Epoch 3/3] Step 6280/6300 | Loss: 0.0312 | LR: 1.2e-6`): the loss by step, kept to a
 * bounded number of points so that a six-hour run's chart stays small in the store and on GitHub.
 */
import type { MetricSeries } from "../../render/loss-chart.ts";

/** More points than this are thinned to every other one. */
export const maxPoints = 120;

const metric =
  /\b((?:train[_ ]|val[_ ]|eval[_ ]|validation[_ ])?loss)\s*[:=]\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)/i;
const step = /\bstep\s*[:=]?\s*(\d+)/i;

function title(name: string): string {
  const words = name.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function thin(points: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  let kept = [...points];
  while (kept.length > maxPoints) {
    const last = kept.at(-1);
    kept = kept.filter((_, index) => index % 2 === 0);
    if (last !== undefined && kept.at(-1) !== last) kept.push(last);
  }
  return kept;
}

/**
 * The series with the metric values of `lines` added. The first metric name seen is followed;
 * lines without a step are skipped once steps have been seen (a "Final loss" line has none).
 */
export function extendSeries(
  series: MetricSeries | undefined,
  lines: readonly string[],
): MetricSeries | undefined {
  let current = series;
  const points = [...(series?.points ?? [])];
  for (const line of lines) {
    const found = metric.exec(line);
    if (found === null) continue;
    const name = title(found[1] ?? "loss");
    const value = Number(found[2]);
    if (!Number.isFinite(value)) continue;
    if (current !== undefined && current.name !== name) continue;
    const stepText = step.exec(line)?.[1];
    const axis = current?.axis ?? (stepText === undefined ? "Line" : "Step");
    if (axis === "Step" && stepText === undefined) continue;
    const x = axis === "Step" ? Number(stepText) : (points.at(-1)?.[0] ?? 0) + 1;
    const previous = points.at(-1);
    // A retried attempt starts again from step 1: the chart follows the latest attempt.
    if (previous !== undefined && x < previous[0]) points.length = 0;
    if (previous !== undefined && x === previous[0]) points.pop();
    points.push([x, value]);
    current = { name, axis, points: [] };
  }
  if (current === undefined) return undefined;
  return { name: current.name, axis: current.axis, points: thin(points) };
}
