/**
 * A training metric (the loss, the learning rate, an eval loss, an accuracy…) drawn two ways: a
 * Mermaid `xychart-beta` block, which GitHub renders as a line chart in check runs and comments,
 * and a one-line sparkline for tables. Mermaid spaces a line's values evenly along its x axis, so
 * the chart resamples the series onto evenly spaced steps from the first to the last, keeping its
 * shape (see downsample.ts): the axis is the run's true steps, whatever steps the log printed.
 */
import { evenlySpaced } from "./downsample.ts";
import { formatMetric } from "./quantities.ts";

/** Values on a chart's line, at most. */
export const chartSlots = 100;

/** One metric over a run: `[x, value]` pairs in order, x usually the training step. */
export interface MetricSeries {
  /** As the log names it, e.g. `Loss`. */
  readonly name: string;
  /** What x counts: `Step`, or `Line` when the log gives no step. */
  readonly axis: string;
  readonly points: readonly (readonly [number, number])[];
}

/** Mermaid reads the title and axis names between double quotes. */
function quoted(text: string): string {
  return `"${text.replaceAll('"', "'")}"`;
}

/** The chart as a fenced Mermaid block, or undefined when there are fewer than two points. */
export function metricChart(series: MetricSeries): string | undefined {
  const { points } = series;
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined || points.length < 2) return undefined;
  const values = evenlySpaced(points, Math.min(chartSlots, points.length));
  const low = Math.min(...values);
  const high = Math.max(...values);
  // A flat line still needs a y range for Mermaid to draw it.
  const pad = high === low ? Math.abs(high) * 0.1 || 1 : 0;
  return [
    "```mermaid",
    "xychart-beta",
    `  title ${quoted(`${series.name} by ${series.axis.toLowerCase()}`)}`,
    `  x-axis ${quoted(series.axis)} ${formatMetric(first[0])} --> ${formatMetric(last[0])}`,
    `  y-axis ${quoted(series.name)} ${formatMetric(low - pad)} --> ${formatMetric(high + pad)}`,
    `  line [${values.map(formatMetric).join(", ")}]`,
    "```",
  ].join("\n");
}

const bars = "▁▂▃▄▅▆▇█";

/** `▇▆▄▃▂▁▁` over at most `width` values sampled evenly; empty for no values. */
export function sparkline(values: readonly number[], width = 16): string {
  if (values.length === 0) return "";
  const sampled =
    values.length <= width
      ? values
      : Array.from(
          { length: width },
          (_, i) => values[Math.round((i * (values.length - 1)) / (width - 1))] ?? 0,
        );
  const low = Math.min(...sampled);
  const high = Math.max(...sampled);
  const span = high - low;
  return sampled
    .map((value) =>
      span === 0 ? bars[3] : bars[Math.round(((value - low) / span) * (bars.length - 1))],
    )
    .join("");
}
